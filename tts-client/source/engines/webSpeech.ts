import {NoVoiceError} from '../errors/NoVoiceError.js';
import {WebSpeechError} from '../errors/WebSpeechError.js';
import {raceAbort} from '../utils/abort.js';
import {pickVoice, speechLanguage} from '../utils/lang.js';
import type {Availability, Engine, EngineContext, ResolvedOptions, SpeakContext} from './Engine.js';

/** The parts of `speechSynthesis` used here; test doubles implement just these. */
export type SpeechSynthesisLike = {
	getVoices(): SpeechSynthesisVoice[];
	speak(utterance: SpeechSynthesisUtterance): void;
	cancel(): void;
	pause(): void;
	resume(): void;
	addEventListener(type: 'voiceschanged', listener: () => void): void;
	removeEventListener(type: 'voiceschanged', listener: () => void): void;
};

type SpeechGlobals = {
	speechSynthesis?: SpeechSynthesisLike;
	SpeechSynthesisUtterance?: new (text: string) => SpeechSynthesisUtterance;
};

/** An utterance that has not started by then never will (no audio service, a stuck queue); fail instead of waiting for `end`. */
const startTimeoutMs = 5000;

/** Chrome stops remote (network) voices after about 15 s without an `end` event; pausing and resuming in time keeps them going. */
const keepAliveMs = 10_000;

/**
The browser's own speech (`speechSynthesis`): always there, no download, robotic. It can only speak, never return samples, so `synthesize()` skips it.

Chrome fills its voice list asynchronously, and some systems (headless, Linux without speech-dispatcher) have none at all; `available()` waits up to `voicesTimeoutMs` once, then reports the engine unavailable instead of letting `speak()` queue an utterance that never plays.
*/
export class WebSpeechEngine implements Engine {
	readonly id = 'web-speech';
	readonly #voicesTimeoutMs: number;
	#voicesWait: Promise<void> | undefined;

	constructor(options: {voicesTimeoutMs: number}) {
		this.#voicesTimeoutMs = options.voicesTimeoutMs;
	}

	async available(context: EngineContext): Promise<Availability> {
		const api = speechApi();
		if (!api) {
			return {ok: false, reason: 'this browser has no speechSynthesis (Web Speech API)'};
		}

		const voices = await raceAbort(this.#voices(api.synth), context.signal);
		if (voices.length === 0) {
			const error = new NoVoiceError(undefined, `speechSynthesis lists no voices (waited ${this.#voicesTimeoutMs} ms)`);
			return {ok: false, reason: error.message, error};
		}

		return {ok: true};
	}

	async speak(text: string, options: ResolvedOptions, context: SpeakContext): Promise<void> {
		const api = speechApi();
		if (!api) {
			throw new NoVoiceError(undefined, 'this browser has no speechSynthesis (Web Speech API)');
		}

		const voices = await raceAbort(this.#voices(api.synth), context.signal);
		const lang = speechLanguage(text, options.voice, options.lang);
		const voice = pickVoice(voices, lang);
		if (!voice) {
			const have = [...new Set(voices.map(candidate => candidate.lang))].join(', ') || 'none';
			throw new NoVoiceError(lang, `speechSynthesis has no voice for ${lang} (it has: ${have})`);
		}

		const utterance = new api.Utterance(text);
		utterance.voice = voice;
		utterance.lang = voice.lang;
		// Kokoro's speed and the Web Speech rate both mean "1 is normal"; browsers accept 0.1-10.
		utterance.rate = Math.min(10, Math.max(0.1, options.speed));
		const {synth} = api;
		const {signal} = context;

		await new Promise<void>((resolve, reject) => {
			let keepAlive: ReturnType<typeof setInterval> | undefined;
			const startTimer = setTimeout(() => {
				finish(new WebSpeechError('start-timeout', `the utterance did not start within ${startTimeoutMs} ms`));
				synth.cancel();
			}, startTimeoutMs);

			const onAbort = () => {
				synth.cancel();
				finish();
			};

			function finish(error?: Error): void {
				clearTimeout(startTimer);
				clearInterval(keepAlive);
				signal.removeEventListener('abort', onAbort);
				if (error) {
					reject(error);
				} else {
					resolve();
				}
			}

			utterance.addEventListener('start', () => {
				clearTimeout(startTimer);
				context.started();
				if (!voice.localService) {
					keepAlive = setInterval(() => {
						synth.pause();
						synth.resume();
					}, keepAliveMs);
				}
			});
			utterance.addEventListener('end', () => {
				finish();
			});
			utterance.addEventListener('error', event => {
				const code = (event as SpeechSynthesisErrorEvent).error ?? 'unknown';
				// `interrupted`/`canceled` are what our own cancel() causes on stop.
				if (signal.aborted && (code === 'interrupted' || code === 'canceled')) {
					finish();
				} else {
					finish(new WebSpeechError(code, code === 'not-allowed' ? 'the browser wants a user gesture before speaking' : 'the utterance failed'));
				}
			});

			if (signal.aborted) {
				finish();
				return;
			}

			signal.addEventListener('abort', onAbort, {once: true});
			synth.speak(utterance);
		});
	}

	async #voices(synth: SpeechSynthesisLike): Promise<SpeechSynthesisVoice[]> {
		const voices = synth.getVoices();
		if (voices.length > 0) {
			return voices;
		}

		// Wait once per client; later calls read the list as it is (voiceschanged will have filled it if it ever does).
		this.#voicesWait ??= new Promise<void>(resolve => {
			const done = () => {
				clearTimeout(timer);
				synth.removeEventListener('voiceschanged', done);
				resolve();
			};

			const timer = setTimeout(done, this.#voicesTimeoutMs);
			synth.addEventListener('voiceschanged', done);
		});
		await this.#voicesWait;
		return synth.getVoices();
	}
}

function speechApi(): {synth: SpeechSynthesisLike; Utterance: NonNullable<SpeechGlobals['SpeechSynthesisUtterance']>} | undefined {
	const globals = globalThis as SpeechGlobals;
	if (!globals.speechSynthesis || typeof globals.SpeechSynthesisUtterance !== 'function') {
		return undefined;
	}

	return {synth: globals.speechSynthesis, Utterance: globals.SpeechSynthesisUtterance};
}
