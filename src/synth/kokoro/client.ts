/**
Kokoro in the browser, seen from the player: one inference worker per document (created on first
use, kept while the document lives, so the model loads once), and a `Synthesizer` that sends it
one sentence at a time. The page side of the worker (ids, cancel on abort, events) is tts-client's
`KokoroWorkerClient`, so the extension and the page library drive the worker with one
implementation; this file only starts the extension's worker and adapts to `Synthesizer`.
Download progress and load results go to `onEvent`, which the player forwards to the background
(badge, options page, a note in the page).
*/
import type {EngineConfig, KokoroEvent} from '@tts-client/engines/kokoroProtocol';
import {KokoroWorkerClient} from '@tts-client/engines/kokoroWorker';
import type {Synthesizer} from '../clip';
import {mark, marks} from './marks';

export type EngineEvent = KokoroEvent;

export class BrowserEngine {
	readonly #client: KokoroWorkerClient;
	readonly #onEvent: (event: EngineEvent) => void;
	#loaded: Extract<EngineEvent, {type: 'loaded'}> | undefined;

	constructor(onEvent: (event: EngineEvent) => void) {
		this.#onEvent = onEvent;
		this.#client = new KokoroWorkerClient({
			// Vite bundles the worker as its own module (it sees this exact `new Worker(new URL(...))`); `type: 'module'` lets it import onnxruntime-web.
			worker: () => {
				mark('offscreen.worker-new');
				return new Worker(new URL('worker.ts', import.meta.url), {type: 'module', name: 'kokoro-inference'});
			},
			onEvent: event => {
				if (event.type === 'loaded') this.#loaded = event;
				onEvent(event);
			},
		});
	}

	/** Starts loading (downloading if needed) without waiting for a sentence: the weights and model are ready sooner. */
	load(config: EngineConfig): void {
		mark('offscreen.load');
		this.#client.load(config);
	}

	synthesizer(config: EngineConfig): Synthesizer {
		return async ({sentence, voice, speed, continues, signal}) => {
			mark('offscreen.synthesize');
			const clip = await this.#client.synthesize({config, text: sentence.text, voice, speed, continues}, signal);
			if (clip.marks && this.#loaded) {
				// The start-up timeline, this document's marks and the workers', for the benchmark: reported again with the first clip's.
				this.#onEvent({...this.#loaded, timings: {...this.#loaded.timings, marks: {...marks, ...clip.marks}}});
			}

			return {samples: clip.samples, sampleRate: clip.sampleRate, words: clip.words};
		};
	}
}
