import {EngineUnavailableError} from '../errors/EngineUnavailableError.js';
import type {KokoroOptions} from '../types/options.js';
import type {SynthesisResult} from '../types/result.js';
import {trimBaseUrl} from '../utils/url.js';
import type {Availability, Engine, EngineContext, ResolvedOptions} from './Engine.js';
import {defaultModelBaseUrl, type EngineConfig, type KokoroEvent} from './kokoroProtocol.js';
import {KokoroWorkerClient} from './kokoroWorker.js';

/** Why `browser-kokoro` is skipped without `kokoro.worker`: this library cannot start the worker itself (it is a separate file the page hosts). */
const notConfigured = 'no Kokoro worker configured (the kokoro.worker option)';

/**
Kokoro in the page: the extension's inference worker (onnxruntime-web, the project's G2P compiled to wasm, weights cached in IndexedDB), started from the `kokoro.worker` option and driven through `KokoroWorkerClient`, the same client the extension uses.

Without that option it never pretends to speak: `available()` says why, and the client records that as the skip reason and moves on.
*/
export class BrowserKokoroEngine implements Engine {
	readonly id = 'browser-kokoro';
	readonly #client: KokoroWorkerClient | undefined;
	readonly #baseUrl: string;
	readonly #voices: readonly string[];

	constructor(options: {kokoro: KokoroOptions | undefined; defaultVoice: string; onEvent(event: KokoroEvent): void}) {
		const {kokoro} = options;
		this.#baseUrl = absolute(trimBaseUrl(kokoro?.modelBaseUrl ?? defaultModelBaseUrl));
		this.#voices = kokoro?.voices ?? [options.defaultVoice];
		this.#client = kokoro && new KokoroWorkerClient({worker: kokoro.worker, onEvent: options.onEvent});
	}

	async available(): Promise<Availability> {
		return this.#client ? {ok: true} : {ok: false, reason: notConfigured};
	}

	/** Starts the download and model load now (see `TTS.preload()`); false when no worker is configured. */
	preload(): boolean {
		this.#client?.load(this.#config());
		return this.#client !== undefined;
	}

	/**
	The whole text is one request: the worker's G2P splits it into model-sized chunks and joins their audio. `lang` is not used: as on the server's voice-led path, the voice's first letter picks the language, and Han text is read as Mandarin.
	*/
	async synthesize(text: string, options: ResolvedOptions, context: EngineContext): Promise<SynthesisResult> {
		if (!this.#client) {
			throw new EngineUnavailableError(this.id, notConfigured);
		}

		const clip = await this.#client.synthesize({config: this.#config(options.voice), text, voice: options.voice, speed: options.speed, ...(options.continues ? {continues: true} : {})}, context.signal);
		const result: SynthesisResult = {audio: clip.samples, sampleRate: clip.sampleRate, engine: this.id};
		if (options.words) {
			result.words = clip.words.map(word => ({word: text.slice(word.charStart, word.charEnd), ...word}));
		}

		return result;
	}

	/** The configured voices plus the one this call needs: the worker fetches only packs it lacks, and keeps the model it has. */
	#config(voice?: string): EngineConfig {
		return {baseUrl: this.#baseUrl, voices: [...new Set([...this.#voices, ...(voice ? [voice] : [])])]};
	}
}

/** A relative `modelBaseUrl` means relative to the page, as everywhere else in a page; the worker would resolve it against its own script's URL. */
function absolute(url: string): string {
	const page = (globalThis as {location?: {href: string}}).location?.href;
	try {
		return page ? new URL(url, page).href : url;
	} catch {
		return url;
	}
}
