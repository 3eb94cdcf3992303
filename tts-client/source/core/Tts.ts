import {BrowserKokoroEngine} from '../engines/browserKokoro.js';
import type {Engine, EngineContext, ResolvedOptions, SpeakContext} from '../engines/Engine.js';
import {ServerEngine} from '../engines/server.js';
import {WebSpeechEngine} from '../engines/webSpeech.js';
import {AbortedError} from '../errors/AbortedError.js';
import {EngineCapabilityError} from '../errors/EngineCapabilityError.js';
import {EngineUnavailableError} from '../errors/EngineUnavailableError.js';
import {NoEngineError} from '../errors/NoEngineError.js';
import {PlaybackError} from '../errors/PlaybackError.js';
import {ServerError} from '../errors/ServerError.js';
import {TtsError} from '../errors/TtsError.js';
import type {TtsEventMap, TtsEventType} from '../types/events.js';
import type {AudioContextLike, FetchLike, SpeakOptions, SynthesizeOptions, TtsOptions} from '../types/options.js';
import type {EngineAttempt, EngineId, EngineName, SpeakResult, SynthesisResult} from '../types/result.js';
import {isAbortError, linkedController, raceAbort} from '../utils/abort.js';
import {makeEvent} from '../utils/events.js';
import {hasUserGesture} from '../utils/lna.js';
import {StreamPlayer} from '../utils/player.js';
import {trimBaseUrl} from '../utils/url.js';
import {ServerDiscovery} from './discovery.js';

export const defaults = {
	serverUrl: 'http://127.0.0.1:9527',
	engines: ['server', 'browser-kokoro', 'web-speech'] as const satisfies readonly EngineId[],
	probeTimeoutMs: 300,
	reprobeMs: 5000,
	requestTimeoutMs: 15_000,
	permissionPromptTimeoutMs: 30_000,
	defaultVoice: 'af_heart',
	voicesTimeoutMs: 1000,
} as const;

/** How long `speak()` waits for a suspended AudioContext to resume before calling it an autoplay block. */
const resumeTimeoutMs = 2000;

/**
The object `createTTS` returns: one entry point over several engines, tried in order, with the choice cached and revised when an engine fails or comes back.

It is an `EventTarget`; `on(type, listener)` is the typed shorthand and hands the listener the event's `detail`.
*/
export class TTS extends EventTarget {
	readonly #engines: readonly Engine[];
	readonly #defaultVoice: string;
	readonly #audioContextOption: AudioContextLike | undefined;
	readonly #discovery: ServerDiscovery;
	#audioContext: AudioContextLike | undefined;
	#engine: EngineName | null = null;
	#attempts: readonly EngineAttempt[] = [];
	readonly #calls = new Set<AbortController>();
	#speaking: AbortController | undefined;

	constructor(options: TtsOptions = {}) {
		super();
		const serverUrl = trimBaseUrl(options.serverUrl ?? defaults.serverUrl);
		const fetchFn: FetchLike = options.fetch ?? (async (input, init) => globalThis.fetch(input, init));
		const now = options.now ?? (() => globalThis.performance?.now() ?? Date.now());
		const requestTimeoutMs = positive(options.requestTimeoutMs, defaults.requestTimeoutMs, 'requestTimeoutMs');
		this.#defaultVoice = options.defaultVoice ?? defaults.defaultVoice;
		this.#audioContextOption = options.audioContext;
		this.#discovery = new ServerDiscovery({
			serverUrl,
			probeTimeoutMs: positive(options.probeTimeoutMs, defaults.probeTimeoutMs, 'probeTimeoutMs'),
			reprobeMs: positive(options.reprobeMs, defaults.reprobeMs, 'reprobeMs', true),
			permissionPromptTimeoutMs: positive(options.permissionPromptTimeoutMs, defaults.permissionPromptTimeoutMs, 'permissionPromptTimeoutMs'),
			fetch: fetchFn,
			now,
			emit: (type, detail) => {
				this.#emit(type, detail);
			},
		});
		const voicesTimeoutMs = positive(options.voicesTimeoutMs, defaults.voicesTimeoutMs, 'voicesTimeoutMs', true);
		this.#engines = (options.engines ?? defaults.engines).map(entry => {
			if (typeof entry !== 'string') {
				return entry;
			}

			switch (entry) {
				case 'server': {
					return new ServerEngine(this.#discovery, {serverUrl, fetch: fetchFn, requestTimeoutMs});
				}

				case 'browser-kokoro': {
					return new BrowserKokoroEngine({
						kokoro: options.kokoro,
						defaultVoice: this.#defaultVoice,
						onEvent: event => {
							this.#emit('kokoro', event);
						},
					});
				}

				case 'web-speech': {
					return new WebSpeechEngine({voicesTimeoutMs});
				}

				default: {
					throw new TypeError(`Unknown engine "${String(entry)}": use 'server', 'browser-kokoro', 'web-speech' or an Engine object`);
				}
			}
		});
	}

	/** The engine that served (or is serving) the latest call; null before the first call or `probe()`, and when no engine could run. */
	get engine(): EngineName | null {
		return this.#engine;
	}

	/** Why engines ahead of the chosen one were passed over on the latest call (empty when the first engine served it). */
	get attempts(): readonly EngineAttempt[] {
		return this.#attempts;
	}

	/** Typed `addEventListener`: the listener gets the event's detail. Returns a function that removes it. */
	on<K extends TtsEventType>(type: K, listener: (detail: TtsEventMap[K]) => void): () => void {
		const wrapped = (event: Event) => {
			listener((event as CustomEvent<TtsEventMap[K]>).detail);
		};

		this.addEventListener(type, wrapped);
		return () => {
			this.removeEventListener(type, wrapped);
		};
	}

	/**
	Picks the engine the next `speak()` would use, without speaking, and returns its id (null if none can run). Honours Local Network Access like any call: from page load it will not trigger the browser's prompt; from a click it may.
	*/
	async probe(): Promise<EngineName | null> {
		const userGesture = hasUserGesture();
		const {controller, dispose} = linkedController();
		this.#calls.add(controller);
		const attempts: EngineAttempt[] = [];
		try {
			for (const engine of this.#engines) {
				// eslint-disable-next-line no-await-in-loop
				const skipped = await this.#skipReason(engine, 'speak', {signal: controller.signal, userGesture});
				if (!skipped) {
					this.#attempts = attempts;
					this.#select(engine.id, attempts);
					return engine.id;
				}

				attempts.push(skipped);
			}

			this.#attempts = attempts;
			this.#select(null, attempts);
			return null;
		} finally {
			this.#calls.delete(controller);
			dispose();
		}
	}

	/**
	Starts in-page Kokoro's one-time download and model load now, without speaking: call it once the user agreed to the download (about 93 MB), so the first sentence does not wait for it. Progress and the outcome arrive as `kokoro` events. Returns false when `browser-kokoro` is not among the engines or has no `kokoro.worker`.
	*/
	preload(): boolean {
		return this.#engines.some(engine => engine instanceof BrowserKokoroEngine && engine.preload());
	}

	/**
	Text to samples. Uses the first engine that can return audio: the Web Speech API cannot, so it is skipped here (with an `EngineCapabilityError` in the attempts), and when no engine can, this rejects with `NoEngineError`.
	*/
	async synthesize(text: string, options: SynthesizeOptions = {}): Promise<SynthesisResult> {
		try {
			return await this.#run('synthesize', text, options, async (engine, resolved, context) => engine.synthesize!(text, resolved, context));
		} catch (error) {
			if (!(error instanceof AbortedError)) {
				this.#emit('error', {error: error as Error});
			}

			throw error;
		}
	}

	/**
	Speaks `text` and resolves when the sound has ended. With the server, playback starts as soon as the first streamed chunk arrives. A newer `speak()` interrupts this one; both `stop()` and an interruption resolve it with `stopped: true` rather than rejecting.
	*/
	async speak(text: string, options: SpeakOptions = {}): Promise<SpeakResult> {
		this.#speaking?.abort();
		const own = new AbortController();
		this.#speaking = own;
		const {controller: link, dispose} = linkedController(own.signal, options.signal);
		const {signal} = link;
		let chosen: EngineName | null = null;
		let started = false;
		const end = (stopped: boolean) => {
			if (started && chosen) {
				this.#emit('end', {engine: chosen, text, stopped});
			}
		};

		try {
			await this.#run('speak', text, {...options, signal}, async (engine, resolved, context) => {
				chosen = engine.id;
				let player: Promise<StreamPlayer> | undefined;
				const stopPlayer = () => {
					void player?.then(opened => {
						opened.stop();
					}, () => undefined);
				};

				context.signal.addEventListener('abort', stopPlayer, {once: true});
				const speakContext: SpeakContext = {
					...context,
					player: async () => {
						player ??= StreamPlayer.open(this.#audio(), {
							resumeTimeoutMs,
							onStart: () => {
								speakContext.started();
							},
						});
						return player;
					},
					started: () => {
						if (!started) {
							started = true;
							this.#emit('start', {engine: engine.id, text});
						}
					},
				};
				try {
					if (engine.speak) {
						await engine.speak(text, resolved, speakContext);
					} else {
						const result = await engine.synthesize!(text, resolved, context);
						const opened = await speakContext.player();
						opened.push(result.audio, result.sampleRate);
						await raceAbort(opened.finish(), context.signal);
					}
				} catch (error) {
					// Silence what this engine already queued before the next one starts from the top.
					stopPlayer();
					throw error;
				} finally {
					context.signal.removeEventListener('abort', stopPlayer);
				}
			});
			end(signal.aborted);
			return {engine: chosen, stopped: signal.aborted};
		} catch (error) {
			if (signal.aborted || error instanceof AbortedError) {
				end(true);
				return {engine: chosen, stopped: true};
			}

			end(true);
			this.#emit('error', {error: error as Error});
			throw error;
		} finally {
			dispose();
			if (this.#speaking === own) {
				this.#speaking = undefined;
			}
		}
	}

	/** Aborts every request in flight and silences playback. Pending `speak()` calls resolve with `stopped: true`; pending `synthesize()` calls reject with `AbortedError`. */
	stop(): void {
		for (const controller of this.#calls) {
			controller.abort();
		}

		this.#speaking?.abort();
	}

	async #run<T>(action: 'synthesize' | 'speak', text: string, options: SynthesizeOptions, attempt: (engine: Engine, resolved: ResolvedOptions, context: EngineContext) => Promise<T>): Promise<T> {
		// Read before any await: transient user activation is what lets the browser show its Local Network Access prompt.
		const userGesture = hasUserGesture();
		if (typeof text !== 'string' || text.trim() === '') {
			throw new TtsError('text must be a non-empty string');
		}

		const resolved: ResolvedOptions = {
			voice: options.voice ?? this.#defaultVoice,
			speed: options.speed ?? 1,
			...(options.lang ? {lang: options.lang} : {}),
			...(options.words ? {words: true} : {}),
			...(options.continues ? {continues: true} : {}),
		};
		const {controller, dispose} = linkedController(options.signal);
		const context: EngineContext = {signal: controller.signal, userGesture};
		this.#calls.add(controller);
		const attempts: EngineAttempt[] = [];
		try {
			for (const engine of this.#engines) {
				// eslint-disable-next-line no-await-in-loop
				const skipped = await this.#skipReason(engine, action, context);
				if (skipped) {
					attempts.push(skipped);
					continue;
				}

				this.#attempts = [...attempts];
				this.#select(engine.id, attempts);
				try {
					// eslint-disable-next-line no-await-in-loop
					return await attempt(engine, resolved, context);
				} catch (error) {
					if (controller.signal.aborted || isAbortError(error)) {
						throw error instanceof AbortedError ? error : new AbortedError('The call was stopped', {cause: error});
					}

					// A request the server rejects as malformed would be just as wrong for the next engine.
					if (error instanceof ServerError && error.isClientError) {
						throw error;
					}

					const asError = error instanceof Error ? error : new TtsError(String(error));
					attempts.push({engine: engine.id, reason: asError.message, error: asError});
				}
			}

			this.#attempts = attempts;
			this.#select(null, attempts);
			throw new NoEngineError(action, attempts);
		} finally {
			this.#calls.delete(controller);
			dispose();
		}
	}

	/** Undefined when `engine` can serve `action` now; otherwise why not. Aborts propagate. */
	async #skipReason(engine: Engine, action: 'synthesize' | 'speak', context: EngineContext): Promise<EngineAttempt | undefined> {
		if (action === 'synthesize' && !engine.synthesize) {
			const error = new EngineCapabilityError(engine.id, 'synthesize', 'it plays speech itself and cannot return samples');
			return {engine: engine.id, reason: error.message, error};
		}

		if (!engine.synthesize && !engine.speak) {
			const error = new EngineCapabilityError(engine.id, action, 'it implements neither synthesize nor speak');
			return {engine: engine.id, reason: error.message, error};
		}

		let availability;
		try {
			availability = await engine.available(context);
		} catch (error) {
			if (context.signal.aborted || isAbortError(error)) {
				throw error instanceof AbortedError ? error : new AbortedError('The call was stopped', {cause: error});
			}

			// `available()` should not throw; a broken custom engine is skipped, not fatal.
			availability = {ok: false as const, reason: error instanceof Error ? error.message : String(error), error: error instanceof Error ? error : undefined};
		}

		if (context.signal.aborted) {
			throw new AbortedError();
		}

		if (availability.ok) {
			return undefined;
		}

		const error = availability.error instanceof TtsError ? availability.error : new EngineUnavailableError(engine.id, availability.reason, {cause: availability.error});
		return {engine: engine.id, reason: availability.reason, error};
	}

	#select(engine: EngineName | null, skipped: readonly EngineAttempt[]): void {
		if (engine === this.#engine) {
			return;
		}

		const previous = this.#engine;
		this.#engine = engine;
		this.#emit('enginechange', {engine, previous, skipped: [...skipped]});
	}

	#audio(): AudioContextLike {
		if (this.#audioContextOption) {
			return this.#audioContextOption;
		}

		if (!this.#audioContext) {
			const AudioContextClass = (globalThis as {AudioContext?: new () => AudioContext}).AudioContext;
			if (!AudioContextClass) {
				throw new PlaybackError('This environment has no Web Audio (AudioContext); use synthesize() and play the samples yourself');
			}

			this.#audioContext = new AudioContextClass();
		}

		return this.#audioContext;
	}

	#emit<K extends TtsEventType>(type: K, detail: TtsEventMap[K]): void {
		this.dispatchEvent(makeEvent(type, detail));
	}
}

function positive(value: number | undefined, fallback: number, name: string, allowZero = false): number {
	if (value === undefined) {
		return fallback;
	}

	if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
		throw new TypeError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of milliseconds, got ${String(value)}`);
	}

	return value;
}

/**
Creates a text-to-speech client. Nothing is probed until the first call (or `probe()`), so creating one on page load costs nothing and shows no permission prompt.

@example
```
import {createTTS} from 'tts-client';
const tts = createTTS();
button.onclick = () => tts.speak('Hello from Kokoro.');
```
*/
export function createTTS(options: TtsOptions = {}): TTS {
	return new TTS(options);
}
