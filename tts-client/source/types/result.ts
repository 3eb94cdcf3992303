/** The built-in engines, in the default order of preference. */
export type EngineId = 'server' | 'browser-kokoro' | 'web-speech';

/** A built-in engine id, or the `id` of a custom engine passed in `engines`. */
export type EngineName = EngineId | (string & Record<never, never>);

/** When a word is heard. Offsets index the text that was passed in (UTF-16 code units, like `String.prototype.slice`). */
export type WordTiming = {
	word: string;
	/** Seconds from the start of `audio`. */
	start: number;
	end: number;
	charStart: number;
	charEnd: number;
};

export type SynthesisResult = {
	/** Mono samples in [-1, 1]. */
	audio: Float32Array;
	/** Samples per second of `audio` (24000 for Kokoro). */
	sampleRate: number;
	/** Which engine produced it. */
	engine: EngineName;
	/** Present when `words: true` was asked and the engine has timings (the server does). */
	words?: WordTiming[];
};

export type SpeakResult = {
	/** The engine that spoke, or the one that was about to when `stopped`; null when stopped before any engine was chosen. */
	engine: EngineName | null;
	/** True when `stop()`, a newer `speak()` or the caller's signal cut it short. */
	stopped: boolean;
};

/** Why an engine was not used for a call: skipped before trying, or tried and failed. */
export type EngineAttempt = {
	engine: EngineName;
	reason: string;
	/** `EngineUnavailableError` / `EngineCapabilityError` for skips, the real failure (e.g. `NetworkError`) for engines that were tried. */
	error?: Error;
};
