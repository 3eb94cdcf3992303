/**
What a synthesizing backend hands the player: one sentence of audio and, where the backend knows
them, when each word is heard.
*/
import type {JobSentence} from '../messaging/protocol';

/** A word's place in the sentence's text (UTF-16 offsets) and in the clip's audio (seconds). */
export type WordTime = {start: number; end: number; charStart: number; charEnd: number};

export type Clip = {
	samples: Float32Array;
	sampleRate: number;
	words: WordTime[];
};

export type SynthesisRequest = {
	sentence: JobSentence;
	voice: string;
	speed: number;
	/** The text is a part of a sentence that the next request goes on with (parts.ts): not to be read as the end of an utterance. */
	continues: boolean;
	signal: AbortSignal;
};

/** A backend that returns audio for the player to play (the server; later Kokoro in the browser). */
export type Synthesizer = (request: SynthesisRequest) => Promise<Clip>;

/**
A backend that is working on other requests refused this one for now (the server's 503 `busy`).
It is not broken: a piece asked for ahead of its turn and refused this way is asked for again
when it is due, by which time the requests ahead of it are done; a piece refused when due is asked
for again after the wait the backend names.
*/
export class BusyError extends Error {
	/** When the backend said to come back (ms from now), if it said. */
	readonly retryAfterMs: number | undefined;

	constructor(message: string, options?: {cause?: unknown; retryAfterMs?: number}) {
		super(message, options);
		this.name = 'BusyError';
		this.retryAfterMs = options?.retryAfterMs;
	}
}
