import type {ServerDiscovery} from '../core/discovery.js';
import {AudioFormatError} from '../errors/AudioFormatError.js';
import {NetworkError} from '../errors/NetworkError.js';
import {ServerError} from '../errors/ServerError.js';
import {TimeoutError} from '../errors/TimeoutError.js';
import type {FetchLike} from '../types/options.js';
import type {SynthesisResult, WordTiming} from '../types/result.js';
import {sleep} from '../utils/abort.js';
import {base64ToBytes} from '../utils/base64.js';
import {readAll, readBody} from '../utils/body.js';
import {S16leDecoder} from '../utils/pcm.js';
import {request} from '../utils/request.js';
import {decodeWav} from '../utils/wav.js';
import type {Availability, Engine, EngineContext, ResolvedOptions, SpeakContext} from './Engine.js';

/** Sample rate of `response_format: "pcm"` on the OpenAI-compatible route: Kokoro's native 24 kHz, as OpenAI documents for pcm. */
const pcmSampleRate = 24_000;

/**
A busy server that says it will be free within this long (`Retry-After`) is asked once more after that wait; a longer
wait, or a second refusal, is the next engine's turn. A listener notices a pause of a few seconds less than a different
voice, and more than that much less than silence.
*/
const defaultBusyRetryMaxMs = 3000;

/** Types that are never audio: a web page, a text, an error document from another program on the port. */
const notAudio = /json|text\/|html|xml/i;

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
	/**
	The longest `Retry-After` on a 503 (or 429) that is waited out before asking once more.

	@default 3000
	*/
	busyRetryMaxMs?: number;
};

/**
Speech from tts-server. `synthesize` posts to `/synthesize` (a WAV, or JSON with word timings); `speak` streams raw PCM from `/v1/audio/speech` and plays each chunk as it arrives, so sound starts after the first sentence is computed rather than the whole text.

Failures that say the server is gone or broken (no connection, timeout, 5xx, garbage: a body of the wrong type, a truncated WAV, a 200 carrying an error) mark it down in discovery, so the next calls go straight to the fallback until the re-probe; 4xx caused by the request are left to the caller. A 503 `busy` whose `Retry-After` is short is waited out and asked once more first.
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
		const response = await this.#post(url, {text, voice: options.voice, speed: options.speed, ...(options.lang ? {lang: options.lang} : {}), ...(options.words ? {timestamps: true} : {}), ...(options.continues ? {continues: true} : {})}, timeoutMs, context.signal);
		const type = response.headers.get('content-type') ?? '';
		if (options.words ? type !== '' && !/json/i.test(type) : notAudio.test(type)) {
			throw new AudioFormatError(`POST ${url} answered ${type}, not ${options.words ? 'JSON' : 'a WAV'}`, {engine: 'server'});
		}

		const bytes = await readAll(response, {method: 'POST', url, idleTimeoutMs: timeoutMs, signal: context.signal});
		if (!options.words) {
			const {samples, sampleRate} = decodeWav(bytes);
			return {audio: samples, sampleRate, engine: 'server'};
		}

		let body: TimestampedBody & {error?: {message?: unknown}};
		try {
			body = JSON.parse(new TextDecoder().decode(bytes)) as TimestampedBody;
		} catch (error) {
			throw new AudioFormatError(`POST ${url} with timestamps did not answer JSON: ${String(error)}`, {engine: 'server'});
		}

		if (typeof body?.audio !== 'string') {
			const error = typeof body?.error?.message === 'string' ? `: ${body.error.message}` : '';
			throw new AudioFormatError(`POST ${url} with timestamps answered JSON without "audio"${error}`, {engine: 'server'});
		}

		let wav: Uint8Array;
		try {
			wav = base64ToBytes(body.audio);
		} catch (error) {
			throw new AudioFormatError(`POST ${url} answered "audio" that is not base64: ${String(error)}`, {engine: 'server'});
		}

		const {samples, sampleRate} = decodeWav(wav);
		const words: WordTiming[] = (body.words ?? []).map(word => ({word: word.word, start: word.start, end: word.end, charStart: word.char_start, charEnd: word.char_end}));
		return {audio: samples, sampleRate, engine: 'server', words};
	}

	async #stream(text: string, options: ResolvedOptions, context: SpeakContext): Promise<void> {
		const url = `${this.#options.serverUrl}/v1/audio/speech`;
		// Resume audio while the server computes the first chunk, not after.
		const playerPromise = context.player();
		playerPromise.catch(() => undefined);
		const timeoutMs = this.#timeout(text);
		const response = await this.#post(url, {model: 'kokoro', input: text, voice: options.voice, speed: options.speed, response_format: 'pcm', stream: true, ...(options.lang ? {lang: options.lang} : {})}, timeoutMs, context.signal);
		const type = response.headers.get('content-type') ?? '';
		if (notAudio.test(type)) {
			// Read as raw PCM, a page or an error text would play as noise.
			throw new AudioFormatError(`POST ${url} answered ${type}, not audio`, {engine: 'server'});
		}

		const player = await playerPromise;
		const readOptions = {method: 'POST', url, idleTimeoutMs: timeoutMs, signal: context.signal};
		if (/wav/i.test(type)) {
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

	/** One POST; a busy server that names a short wait is asked once more after it. */
	async #post(url: string, json: unknown, timeoutMs: number, signal: AbortSignal): Promise<Response> {
		const send = async () => request(this.#options.fetch, url, {method: 'POST', json, timeoutMs, signal});
		try {
			return await send();
		} catch (error) {
			const waitMs = busyWaitMs(error, this.#options.busyRetryMaxMs ?? defaultBusyRetryMaxMs);
			if (waitMs === undefined) {
				throw error;
			}

			await sleep(waitMs, signal);
			return send();
		}
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

/** How long to wait before asking again, when `error` is a busy answer that names a wait no longer than `maxMs`. */
function busyWaitMs(error: unknown, maxMs: number): number | undefined {
	if (!(error instanceof ServerError) || !error.isBusy || error.retryAfterMs === undefined) {
		return undefined;
	}

	return error.retryAfterMs <= maxMs ? error.retryAfterMs : undefined;
}
