/**
Plays clips through an `<audio>` element: `playbackRate` with `preservesPitch` changes the speed
of the sentence being heard at once, without the chipmunk effect, and the element pauses and
resumes exactly where it was.
*/
import {encodeWav} from '@tts-client/utils/wav';
import type {Clip} from '../synth/clip';
import type {Output} from './output';

/** Joins remembered for `joins()`: enough for a benchmark over a few pages of text. */
const keptJoins = 200;
/** The primer's silence: 0.2 s at 24 kHz. */
const silenceRate = 24_000;
const silenceSamples = 4800;

export class ElementOutput implements Output {
	readonly #audio: HTMLAudioElement;
	#url: string | undefined;
	#finish: ((ended: boolean) => void) | undefined;
	/** When the last clip ended by itself: the start of a join, if the next clip follows. */
	#endedAt: number | undefined;
	readonly #joins: number[] = [];

	constructor(audio: HTMLAudioElement = new Audio()) {
		this.#audio = audio;
		this.#audio.preservesPitch = true;
		this.#audio.addEventListener('ended', () => {
			this.#endedAt = performance.now();
			this.#settle(true);
		});
		this.#audio.addEventListener('playing', () => {
			if (this.#endedAt !== undefined) {
				this.#joins.push(performance.now() - this.#endedAt);
				this.#joins.splice(0, this.#joins.length - keptJoins);
				this.#endedAt = undefined;
			}
		});
		this.#audio.addEventListener('error', () => {
			this.#settle(false);
		});
	}

	/**
	Plays 0.2 s of silence on a second element: Chromium opens the audio output for a document's
	first sound, and a clip played while it is still open starts ~0.1 s sooner (the element's
	`playing` came 93–152 ms after `src` was set at a cached start, 5–24 ms when primed; `make
	bench-browser`, BENCHMARKS.md).
	*/
	prime(): void {
		const primer = new Audio();
		const url = URL.createObjectURL(new Blob([encodeWav(new Float32Array(silenceSamples), silenceRate)], {type: 'audio/wav'}));
		const done = () => {
			URL.revokeObjectURL(url);
		};

		primer.addEventListener('ended', done, {once: true});
		primer.src = url;
		primer.play().catch(done);
	}

	async play(clip: Clip, rate: number): Promise<boolean> {
		// Not stop(): that forgets when the last clip ended, and this is the other end of the join.
		this.#audio.pause();
		this.#settle(false);
		this.#url = URL.createObjectURL(new Blob([encodeWav(clip.samples, clip.sampleRate)], {type: 'audio/wav'}));
		let finish!: (ended: boolean) => void;
		const done = new Promise<boolean>(resolve => {
			finish = resolve;
		});
		this.#finish = finish;
		this.#audio.src = this.#url;
		this.#audio.playbackRate = rate;
		try {
			await this.#audio.play();
		} catch (error) {
			// Interrupted by stop() before sound started: that is a stop, not a failure.
			if (this.#finish !== finish) {
				return done;
			}

			this.#settle(false);
			throw error;
		}

		return done;
	}

	pause(): void {
		this.#audio.pause();
	}

	resume(): void {
		if (this.#finish && this.#audio.paused) {
			void this.#audio.play();
		}
	}

	stop(): void {
		this.#audio.pause();
		this.#endedAt = undefined;
		this.#settle(false);
	}

	setRate(rate: number): void {
		this.#audio.playbackRate = rate;
	}

	joins(): number[] {
		return [...this.#joins];
	}

	position(): number {
		return this.#finish ? this.#audio.currentTime : 0;
	}

	#settle(ended: boolean): void {
		const finish = this.#finish;
		this.#finish = undefined;
		if (this.#url) {
			URL.revokeObjectURL(this.#url);
			this.#url = undefined;
		}

		finish?.(ended);
	}
}
