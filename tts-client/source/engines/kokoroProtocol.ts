/**
The messages between a page (or the extension's player document) and the Kokoro inference worker.
The worker is the only place the model runs: `session.run` blocks its thread for seconds, which a
document that plays audio and answers events cannot afford. This file is only types (and one
default), so the page side stays free of onnxruntime-web, the G2P and the weights code; the
extension's `src/synth/kokoro/worker.ts` implements the other side.
*/

/**
Where the extension looks for Kokoro weights by default, and the default of `kokoro.modelBaseUrl`: onnx-community's int8 export on Hugging Face (served with CORS). That export has no `durations` output, so it gives no word timings; `tts-server export-web-assets` writes one that does.
*/
export const defaultModelBaseUrl = 'https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main';

/** Where the weights come from and which voices to hold ready. */
export type EngineConfig = {
	/** Folder URL of the weights: `tts-server export-web-assets` output, or a Hugging Face folder in onnx-community's layout. */
	baseUrl: string;
	/** Voice ids whose packs are fetched (once) and kept loaded; a sentence can only use one of these. */
	voices: string[];
};

export type ToWorker =
	| {type: 'load'; config: EngineConfig}
	| {type: 'synthesize'; id: number; config: EngineConfig; text: string; voice: string; speed: number; continues?: boolean}
	| {type: 'cancel'; id: number};

/** A word's place in the sentence (UTF-16 offsets) and in its audio (seconds). */
export type WorkerWord = {start: number; end: number; charStart: number; charEnd: number};

/** Byte counts of a weights download: per file, and overall across the files one load needs. `done` never decreases within a load and ends equal to `total`. */
export type WeightsProgress = {
	/** The file this report is about, e.g. `model.onnx` or `voices/af_heart.bin`. */
	file: string;
	/** Bytes of `file` present so far (cached or received). */
	fileDone: number;
	fileTotal: number;
	/** Bytes present so far across all the files asked for. */
	done: number;
	/**
	Bytes across all the files asked for. Grows by a file's size when that file is downloaded again
	after a checksum mismatch, so that `done` need not go back.
	*/
	total: number;
};

/**
Where a cold start's time goes (benchmarks and the extension's options page read it): weights
ready (downloaded or read from IndexedDB), then the session ready after them; the G2P's parse runs
meanwhile on another thread, its own time apart.
*/
export type LoadTimings = {
	weightsMs: number; g2pMs: number; sessionMs: number; threads: number; isolated: boolean;
	/** Named moments of the start (wall clock, `performance.timeOrigin + performance.now()`) in the worker and its model worker, for benchmarks. */
	marks?: Record<string, number>;
};

export type FromWorker =
	| {type: 'progress'; progress: WeightsProgress}
	| {type: 'loaded'; detail: string; timings: LoadTimings}
	| {type: 'load-failed'; error: string}
	| {
		type: 'clip'; id: number; samples: Float32Array; sampleRate: number; words: WorkerWord[]; inferenceMs: number;
		/** The worker's start-up timeline with its first sentence's (wall-clock ms by name), on its first clip only: for benchmarks. */
		marks?: Record<string, number>;
	}
	| {type: 'failed'; id: number; error: string};

/** What the worker reports about loading (not tied to one sentence): download progress, ready, failed. */
export type KokoroEvent = Extract<FromWorker, {type: 'progress' | 'loaded' | 'load-failed'}>;

/** One sentence's audio from the worker. */
export type KokoroClip = Extract<FromWorker, {type: 'clip'}>;
