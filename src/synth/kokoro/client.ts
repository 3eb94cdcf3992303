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

	constructor(onEvent: (event: EngineEvent) => void) {
		this.#client = new KokoroWorkerClient({
			// Vite bundles the worker as its own module (it sees this exact `new Worker(new URL(...))`); `type: 'module'` lets it import onnxruntime-web.
			worker: () => {
				mark('offscreen.worker-new');
				return new Worker(new URL('worker.ts', import.meta.url), {type: 'module', name: 'kokoro-inference'});
			},
			onEvent: event => onEvent(event.type === 'loaded' ? {...event, timings: {...event.timings, marks: {...marks, ...event.timings.marks}}} : event),
		});
	}

	/** Starts loading (downloading if needed) without waiting for a sentence: the weights and model are ready sooner. */
	load(config: EngineConfig): void {
		mark('offscreen.load');
		this.#client.load(config);
	}

	synthesizer(config: EngineConfig): Synthesizer {
		return async ({sentence, voice, speed, signal}) => {
			mark('offscreen.synthesize');
			const clip = await this.#client.synthesize({config, text: sentence.text, voice, speed}, signal);
			return {samples: clip.samples, sampleRate: clip.sampleRate, words: clip.words};
		};
	}
}
