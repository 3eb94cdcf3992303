/**
The inference worker's side of the model worker (`modelWorker.ts`): requests with an id each,
answers matched back by id. The model worker is started on first use and again after it died.
*/
import type {WeightsProgress} from '@tts-client/engines/kokoroProtocol';
import type {ModelOutput} from './model';
import type {FromModel, ModelLoad, ModelLoaded, ToModel} from './modelProtocol';

type Pending = {resolve(value: never): void; reject(error: Error): void};

export class ModelClient {
	readonly #pending = new Map<number, Pending>();
	readonly #onProgress: (progress: WeightsProgress) => void;
	#worker: Worker | undefined;
	#nextId = 1;

	constructor(onProgress: (progress: WeightsProgress) => void) {
		this.#onProgress = onProgress;
	}

	async load(load: ModelLoad): Promise<ModelLoaded> {
		return this.#call<ModelLoaded>(id => ({type: 'load', id, load}));
	}

	async run(ids: BigInt64Array, style: Float32Array, speed: number): Promise<ModelOutput> {
		return this.#call<ModelOutput>(id => ({type: 'run', id, ids, style, speed}));
	}

	async #call<T>(message: (id: number) => ToModel): Promise<T> {
		const id = this.#nextId++;
		return new Promise<T>((resolve, reject) => {
			this.#pending.set(id, {resolve: resolve as (value: never) => void, reject});
			this.#worker ??= this.#open();
			this.#worker.postMessage(message(id));
		});
	}

	#open(): Worker {
		// Vite bundles the model worker as its own module, as it does the inference worker.
		const worker = new Worker(new URL('modelWorker.ts', import.meta.url), {type: 'module', name: 'kokoro-model'});
		worker.addEventListener('message', (event: MessageEvent<FromModel>) => {
			const message = event.data;
			if (message.type === 'progress') {
				this.#onProgress(message.progress);
				return;
			}

			const pending = this.#pending.get(message.id);
			this.#pending.delete(message.id);
			switch (message.type) {
				case 'loaded': {
					pending?.resolve(message.loaded as never);
					break;
				}

				case 'ran': {
					pending?.resolve(message.output as never);
					break;
				}

				case 'failed': {
					pending?.reject(new Error(message.error));
					break;
				}
			}
		});
		worker.addEventListener('error', event => {
			// A worker that could not start or died: every call fails with the reason, and the next call starts a new one.
			event.preventDefault();
			const error = new Error(`the model worker failed: ${event.message || 'it could not start'}`);
			for (const pending of this.#pending.values()) pending.reject(error);
			this.#pending.clear();
			this.#worker = undefined;
		});
		return worker;
	}
}
