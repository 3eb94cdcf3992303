/**
Kokoro in the browser, seen from the player: one inference worker per document (created on first
use, kept while the document lives, so the model loads once), and a `Synthesizer` that sends it
one sentence at a time. Download progress and load results go to `onEvent`, which the player
forwards to the background (badge, options page, a note in the page).
*/
import type {Synthesizer} from '../clip';
import type {EngineConfig, FromWorker, ToWorker} from './protocol';

export type EngineEvent = Extract<FromWorker, {type: 'progress' | 'loaded' | 'load-failed'}>;

type Pending = {resolve(message: Extract<FromWorker, {type: 'clip'}>): void; reject(error: Error): void};

export class BrowserEngine {
	#worker: Worker | undefined;
	#nextId = 1;
	readonly #pending = new Map<number, Pending>();
	readonly #onEvent: (event: EngineEvent) => void;

	constructor(onEvent: (event: EngineEvent) => void) {
		this.#onEvent = onEvent;
	}

	/** Starts loading (downloading if needed) without waiting for a sentence: the weights and model are ready sooner. */
	load(config: EngineConfig): void {
		this.#post({type: 'load', config});
	}

	synthesizer(config: EngineConfig): Synthesizer {
		return async ({sentence, voice, speed, signal}) => {
			signal.throwIfAborted();
			const id = this.#nextId++;
			const clip = await new Promise<Extract<FromWorker, {type: 'clip'}>>((resolve, reject) => {
				this.#pending.set(id, {resolve, reject});
				signal.addEventListener('abort', () => {
					this.#post({type: 'cancel', id});
					this.#pending.delete(id);
					reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
				}, {once: true});
				this.#post({type: 'synthesize', id, config, text: sentence.text, voice, speed});
			});
			return {samples: clip.samples, sampleRate: clip.sampleRate, words: clip.words};
		};
	}

	#post(message: ToWorker): void {
		this.#worker ??= this.#start();
		this.#worker.postMessage(message);
	}

	#start(): Worker {
		// Vite bundles the worker as its own module; `type: 'module'` lets it import onnxruntime-web.
		const worker = new Worker(new URL('worker.ts', import.meta.url), {type: 'module', name: 'kokoro-inference'});
		worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
			const message = event.data;
			if (message.type === 'clip' || message.type === 'failed') {
				const pending = this.#pending.get(message.id);
				this.#pending.delete(message.id);
				if (message.type === 'clip') {
					pending?.resolve(message);
				} else {
					pending?.reject(new Error(`Kokoro in the browser: ${message.error}`));
				}

				return;
			}

			this.#onEvent(message);
		});
		worker.addEventListener('error', event => {
			// A worker that failed to start (a missing file, a CSP refusal) fails every waiting sentence with the reason, never silently.
			const error = new Error(`Kokoro in the browser stopped: ${event.message || 'the inference worker failed to start'}`);
			for (const pending of this.#pending.values()) {
				pending.reject(error);
			}

			this.#pending.clear();
			this.#worker = undefined;
			this.#onEvent({type: 'load-failed', error: error.message});
		});
		return worker;
	}
}
