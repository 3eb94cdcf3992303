import type {ServerDiscovery} from '../core/discovery.js';
import {AudioFormatError} from '../errors/AudioFormatError.js';
import {NetworkError} from '../errors/NetworkError.js';
import {ServerError} from '../errors/ServerError.js';
import {TimeoutError} from '../errors/TimeoutError.js';
import type {FetchLike} from '../types/options.js';
import type {SynthesisResult, WordTiming} from '../types/result.js';
import {base64ToBytes} from '../utils/base64.js';
import {readAll, readBody} from '../utils/body.js';
import {S16leDecoder} from '../utils/pcm.js';
import {request} from '../utils/request.js';
import {decodeWav} from '../utils/wav.js';
import type {Availability, Engine, EngineContext, ResolvedOptions, SpeakContext} from './Engine.js';

/** Sample rate of `response_format: "pcm"` on the OpenAI-compatible route: Kokoro's native 24 kHz, as OpenAI documents for pcm. */
const pcmSampleRate = 24_000;

type TimestampedBody = {
	sample_rate?: number;
	audio: string;
	words?: Array<{word: string; start: number; end: number; char_start: number; char_end: number}>;
};

export type ServerEngineOptions = {
	serverUrl: string;
	fetch: FetchLike;
	/** How long a silent server is waited for; a function of the text gives long sentences longer. */
	requestTimeoutMs: number | ((text: string) => number);
};

/**
Speech from tts-server. `synthesize` posts to `/synthesize` (a WAV, or JSON with word timings); `speak` streams raw PCM from `/v1/audio/speech` and plays each chunk as it arrives, so sound starts after the first sentence is computed rather than the whole text.

Failures that say the server is gone or broken (no connection, timeout, 5xx, garbage audio) mark it down in discovery, so the next calls go straight to the fallback until the re-probe; 4xx caused by the request are left to the caller.
*/
export class ServerEngine implements Engine {
	readonly id = 'server';
	readonly #discovery: ServerDiscovery;
	readonly #options: ServerEngineOptions;
	/** False once the server answered 404/405 on the streaming route (an older build): use WAV from then on. */
	#streaming = true;

	constructor(discovery: ServerDiscovery, options: ServerEngineOptions) {
		this.#discovery = discovery;
		this.#options = options;
	}

	async available(context: EngineContext): Promise<Availability> {
		return this.#discovery.check(context);
	}

	async synthesize(text: string, options: ResolvedOptions, context: EngineContext): Promise<SynthesisResult> {
		try {
			return await this.#synthesize(text, options, context);
		} catch (error) {
			throw this.#failed(error);
		}
	}

	async speak(text: string, options: ResolvedOptions, context: SpeakContext): Promise<void> {
		if (this.#streaming) {
			try {
				await this.#stream(text, options, context);
				return;
			} catch (error) {
				if (!(error instanceof ServerError && (error.status === 404 || error.status === 405))) {
					throw this.#failed(error);
				}

				this.#streaming = false;
			}
		}

		const result = await this.synthesize(text, {...options, words: false}, context);
		const player = await context.player();
		player.push(result.audio, result.sampleRate);
		await player.finish();
	}

	async #synthesize(text: string, options: ResolvedOptions, context: EngineContext): Promise<SynthesisResult> {
		const url = `${this.#options.serverUrl}/synthesize`;
		const timeoutMs = this.#timeout(text);
		const response = await request(this.#options.fetch, url, {
			method: 'POST',
			json: {text, voice: options.voice, speed: options.speed, ...(options.lang ? {lang: options.lang} : {}), ...(options.words ? {timestamps: true} : {})},
			timeoutMs,
			signal: context.signal,
		});
		const bytes = await readAll(response, {method: 'POST', url, idleTimeoutMs: timeoutMs, signal: context.signal});
		if (!options.words) {
			const {samples, sampleRate} = decodeWav(bytes);
			return {audio: samples, sampleRate, engine: 'server'};
		}

		let body: TimestampedBody;
		try {
			body = JSON.parse(new TextDecoder().decode(bytes)) as TimestampedBody;
		} catch (error) {
			throw new AudioFormatError(`POST ${url} with timestamps did not answer JSON: ${String(error)}`, {engine: 'server'});
		}

		if (typeof body?.audio !== 'string') {
			throw new AudioFormatError(`POST ${url} with timestamps answered JSON without "audio"`, {engine: 'server'});
		}

		const {samples, sampleRate} = decodeWav(base64ToBytes(body.audio));
		const words: WordTiming[] = (body.words ?? []).map(word => ({word: word.word, start: word.start, end: word.end, charStart: word.char_start, charEnd: word.char_end}));
		return {audio: samples, sampleRate, engine: 'server', words};
	}

	async #stream(text: string, options: ResolvedOptions, context: SpeakContext): Promise<void> {
		const url = `${this.#options.serverUrl}/v1/audio/speech`;
		// Resume audio while the server computes the first chunk, not after.
		const playerPromise = context.player();
		playerPromise.catch(() => undefined);
		const timeoutMs = this.#timeout(text);
		const response = await request(this.#options.fetch, url, {
			method: 'POST',
			json: {model: 'kokoro', input: text, voice: options.voice, speed: options.speed, response_format: 'pcm', stream: true, ...(options.lang ? {lang: options.lang} : {})},
			timeoutMs,
			signal: context.signal,
		});
		const player = await playerPromise;
		const readOptions = {method: 'POST', url, idleTimeoutMs: timeoutMs, signal: context.signal};
		if (/wav/i.test(response.headers.get('content-type') ?? '')) {
			// A server that ignores response_format and sends WAV is still understood.
			const {samples, sampleRate} = decodeWav(await readAll(response, readOptions));
			player.push(samples, sampleRate);
		} else {
			const decoder = new S16leDecoder();
			await readBody(response, {
				...readOptions,
				onChunk(chunk) {
					player.push(decoder.push(chunk), pcmSampleRate);
				},
			});
		}

		await player.finish();
	}

	#timeout(text: string): number {
		const {requestTimeoutMs} = this.#options;
		return typeof requestTimeoutMs === 'function' ? requestTimeoutMs(text) : requestTimeoutMs;
	}

	/** Marks the server down for errors that mean "gone or broken", and hands the error back to be thrown. */
	#failed(error: unknown): unknown {
		const broken = error instanceof NetworkError
			|| error instanceof TimeoutError
			|| error instanceof AudioFormatError
			|| (error instanceof ServerError && !error.isClientError);
		if (broken) {
			this.#discovery.markDown(`server failed during a call: ${error.message}`, error);
		}

		return error;
	}
}
