/**
What the player plays through. The real ones are `ElementOutput` (a clip in an `<audio>` element)
and a system-voice `Speaker`; tests give fakes.
*/
import type {Lang} from '../segment/sentences';
import type {Clip} from '../synth/clip';

export type Output = {
	/** Opens the audio output before the first clip is ready, so that clip starts without the output's own start-up. */
	prime?(): void;
	/** Plays `clip` from the start at `rate` × its natural pace. Resolves true when it ends, false when stopped. */
	play(clip: Clip, rate: number): Promise<boolean>;
	pause(): void;
	resume(): void;
	stop(): void;
	setRate(rate: number): void;
	/** Seconds into the clip being played (0 when none). */
	position(): number;
	/** Milliseconds of silence added between consecutive clips (end of one to sound of the next), most recent last. */
	joins?(): number[];
};

/** A backend that speaks by itself (the system's voices): no samples, word events instead. */
export type Speaker = {
	/** Resolves true when the sentence was spoken to the end, false when stopped; rejects when the voice fails. */
	speak(request: {text: string; lang: Lang; rate: number; onWord(start: number, end: number): void}): Promise<boolean>;
	pause(): void;
	resume(): void;
	stop(): void;
};
