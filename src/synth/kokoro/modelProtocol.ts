/**
The messages between the inference worker and its model worker (`modelWorker.ts`), which owns the
weights and the ONNX session. Two threads, so that what must happen before the first sentence
overlaps on two cores: the G2P's data parse (0.5–0.9 s of JavaScript and wasm on the inference
worker's thread) against the IndexedDB read and the session's creation (a synchronous wasm call of
about a second). On one thread they ran one after the other, and the parse even held back the
IndexedDB read, whose callbacks could not run until it ended.
*/
import type {WeightsProgress} from '@tts-client/engines/kokoroProtocol';
import type {ModelOutput} from './model';

export type ModelLoad = {baseUrl: string; voices: string[]};

export type ModelLoaded = {
	voices: Map<string, Float32Array>;
	source: 'export' | 'hub';
	hasDurations: boolean;
	/** ONNX Runtime's threads. */
	threads: number;
	/** Weights ready (read or downloaded), then the session ready after them, in ms. */
	weightsMs: number;
	sessionMs: number;
	marks: Record<string, number>;
};

export type ToModel =
	| {type: 'load'; id: number; load: ModelLoad}
	| {type: 'run'; id: number; ids: BigInt64Array; style: Float32Array; speed: number};

export type FromModel =
	| {type: 'progress'; progress: WeightsProgress}
	| {type: 'loaded'; id: number; loaded: ModelLoaded}
	| {type: 'ran'; id: number; output: ModelOutput}
	| {type: 'failed'; id: number; error: string};
