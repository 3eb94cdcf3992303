import {AbortedError} from '../errors/AbortedError.js';
import {KokoroWorkerError} from '../errors/KokoroWorkerError.js';
import type {EngineConfig, FromWorker, KokoroClip, KokoroEvent, ToWorker} from './kokoroProtocol.js';

/** The part of `Worker` the client uses, so tests can hand it a stand-in. A real `Worker` fits. */
export type KokoroWorkerLike = {
	postMessage(message: ToWorker): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
	addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
};

export type KokoroWorkerClientOptions = {
	/** Starts the worker; called on first use, and again after the worker died. */
	worker: () => KokoroWorkerLike;
	/** Download progress and load results (not tied to a sentence). */
	onEvent?: (event: KokoroEvent) => void;
};

type Pending = {resolve(clip: KokoroClip): void; reject(error: Error): void};

/**
The page's side of the Kokoro inference worker: one worker, started on first use and kept (so the model loads once), sentences sent with an id each, answers matched back by id, and a `cancel` posted when a caller's signal aborts. The extension's player and tts-client's `browser-kokoro` engine both speak to the worker through this class.

It only posts messages: the model, the G2P and the weights live in the worker.
*/
export class KokoroWorkerClient {
	readonly #start: () => KokoroWorkerLike;
	readonly #onEvent: (event: KokoroEvent) => void;
	readonly #pending = new Map<number, Pending>();
	#worker: KokoroWorkerLike | undefined;
	#nextId = 1;

	constructor(options: KokoroWorkerClientOptions) {
		this.#start = options.worker;
		this.#onEvent = options.onEvent ?? (() => undefined);
	}

	/** Starts loading (downloading if needed) without waiting for a sentence, so the weights and model are ready sooner. Results arrive as events. */
	load(config: EngineConfig): void {
		try {
			this.#post({type: 'load', config});
		} catch (error) {
			this.#onEvent({type: 'load-failed', error: new KokoroWorkerError(`the inference worker could not start: ${errorText(error)}`, {cause: error}).message});
		}
	}

	/** One sentence to samples (and word times, where the model gives durations). Loads first if needed. Rejects with `AbortedError` when `signal` aborts, `KokoroWorkerError` when the worker fails. */
	async synthesize(request: {config: EngineConfig; text: string; voice: string; speed: number; continues?: boolean}, signal?: AbortSignal): Promise<KokoroClip> {
		if (signal?.aborted) {
			throw new AbortedError('The call was stopped', {cause: signal.reason});
		}

		const id = this.#nextId++;
		return new Promise<KokoroClip>((resolve, reject) => {
			const onAbort = () => {
				// The worker stops between model calls and answers `failed`, which finds no one waiting.
				this.#pending.delete(id);
				this.#post({type: 'cancel', id});
				reject(new AbortedError('The call was stopped', {cause: signal?.reason}));
			};

			const settled = () => {
				signal?.removeEventListener('abort', onAbort);
			};

			this.#pending.set(id, {
				resolve(clip) {
					settled();
					resolve(clip);
				},
				reject(error) {
					settled();
					reject(error);
				},
			});
			signal?.addEventListener('abort', onAbort, {once: true});
			try {
				this.#post({type: 'synthesize', id, ...request});
			} catch (error) {
				// A worker that cannot even be constructed (bad URL, CSP) fails this call with the reason.
				this.#pending.delete(id);
				settled();
				reject(new KokoroWorkerError(`the inference worker could not start: ${errorText(error)}`, {cause: error}));
			}
		});
	}

	#post(message: ToWorker): void {
		this.#worker ??= this.#open();
		this.#worker.postMessage(message);
	}

	#open(): KokoroWorkerLike {
		const worker = this.#start();
		worker.addEventListener('message', event => {
			const message = event.data;
			if (message.type === 'clip' || message.type === 'failed') {
				const pending = this.#pending.get(message.id);
				this.#pending.delete(message.id);
				if (message.type === 'clip') {
					pending?.resolve(message);
				} else {
					pending?.reject(new KokoroWorkerError(message.error));
				}

				return;
			}

			this.#onEvent(message);
		});
		worker.addEventListener('error', event => {
			// A worker that failed to start (a missing file, a CSP refusal) or crashed fails every waiting sentence with the reason, never silently; the next call starts a new one.
			if (this.#worker !== worker) {
				return;
			}

			const error = new KokoroWorkerError(`the inference worker stopped: ${event.message || 'it failed to start'}`);
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

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
