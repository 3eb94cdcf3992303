/**
Messages between the player's document (offscreen document in Chrome, background page in Firefox)
and the inference worker. The worker is the only place the model runs: `session.run` blocks its
thread for seconds, which a document that plays audio and answers messages cannot afford.
*/
import type {WeightsProgress} from './weights';

/** Where the weights come from and which voices to hold ready. */
export type EngineConfig = {
	/** `settings.modelBaseUrl`. */
	baseUrl: string;
	voices: string[];
};

export type ToWorker =
	| {type: 'load'; config: EngineConfig}
	| {type: 'synthesize'; id: number; config: EngineConfig; text: string; voice: string; speed: number}
	| {type: 'cancel'; id: number};

/** A word's place in the sentence (UTF-16 offsets) and in its audio (seconds). */
export type WorkerWord = {start: number; end: number; charStart: number; charEnd: number};

export type FromWorker =
	| {type: 'progress'; progress: WeightsProgress}
	| {type: 'loaded'; detail: string; timings: LoadTimings}
	| {type: 'load-failed'; error: string}
	| {type: 'clip'; id: number; samples: Float32Array; sampleRate: number; words: WorkerWord[]; inferenceMs: number}
	| {type: 'failed'; id: number; error: string};

/** Where a cold start's time goes (benchmarks and the options page read it). */
export type LoadTimings = {weightsMs: number; g2pMs: number; sessionMs: number; threads: number; isolated: boolean};
