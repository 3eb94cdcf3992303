import {PlaybackError} from '../errors/PlaybackError.js';
import type {AudioContextLike} from '../types/options.js';

/**
Plays mono chunks back to back through Web Audio as they arrive. Each chunk becomes an `AudioBufferSourceNode` started exactly where the previous one ends, so chunk joins are sample-accurate; when the network falls behind, the next chunk starts a little after "now" instead (a gap is better than scheduling in the past, which Web Audio would clip).

Buffers keep their own sample rate (24 kHz); the context resamples to the device rate.
*/
export class StreamPlayer {
	readonly #context: AudioContextLike;
	readonly #onStart: () => void;
	readonly #sources = new Set<AudioBufferSourceNode>();
	#nextTime = 0;
	#started = false;
	#finishing = false;
	#stopped = false;
	#resolveDone!: () => void;
	readonly #done = new Promise<void>(resolve => {
		this.#resolveDone = resolve;
	});

	/** Seconds of audio between "now" and the first chunk: room for the main thread to hand over the next chunk in time. */
	static readonly leadSeconds = 0.05;

	private constructor(context: AudioContextLike, onStart: () => void) {
		this.#context = context;
		this.#onStart = onStart;
	}

	/**
	A player on `context`, resumed first. A context created without a user gesture stays `suspended` under the autoplay policy and `resume()` then never settles, so after `resumeTimeoutMs` this throws `PlaybackError` rather than hanging the call.
	*/
	static async open(context: AudioContextLike, options: {onStart: () => void; resumeTimeoutMs: number}): Promise<StreamPlayer> {
		if (context.state === 'closed') {
			throw new PlaybackError('The AudioContext is closed');
		}

		if (context.state !== 'running') {
			let timer: ReturnType<typeof setTimeout> | undefined;
			await Promise.race([
				context.resume().catch(() => undefined),
				new Promise<void>(resolve => {
					timer = setTimeout(resolve, options.resumeTimeoutMs);
				}),
			]);
			clearTimeout(timer);
			if ((context.state as string) !== 'running') {
				throw new PlaybackError(`The AudioContext stayed ${context.state} (autoplay policy): call speak() from a user gesture such as a click`);
			}
		}

		return new StreamPlayer(context, options.onStart);
	}

	/** Schedules `samples` right after what is already queued. */
	push(samples: Float32Array, sampleRate: number): void {
		if (this.#stopped || samples.length === 0) {
			return;
		}

		const context = this.#context;
		const buffer = context.createBuffer(1, samples.length, sampleRate);
		buffer.getChannelData(0).set(samples);
		const source = context.createBufferSource();
		source.buffer = buffer;
		source.connect(context.destination);
		const startAt = Math.max(this.#nextTime, context.currentTime + StreamPlayer.leadSeconds);
		source.addEventListener('ended', () => {
			this.#sources.delete(source);
			this.#settleIfDone();
		});
		this.#sources.add(source);
		source.start(startAt);
		this.#nextTime = startAt + (samples.length / sampleRate);
		if (!this.#started) {
			this.#started = true;
			this.#onStart();
		}
	}

	/** Resolves once everything pushed so far has played (or `stop()` was called). Nothing may be pushed after this. */
	async finish(): Promise<void> {
		this.#finishing = true;
		this.#settleIfDone();
		return this.#done;
	}

	/** Silences at once and settles `finish()`. */
	stop(): void {
		this.#stopped = true;
		for (const source of this.#sources) {
			try {
				source.stop();
			} catch {
				// Already stopped or never started: nothing to silence.
			}
		}

		this.#sources.clear();
		this.#resolveDone();
	}

	get started(): boolean {
		return this.#started;
	}

	#settleIfDone(): void {
		if (this.#finishing && this.#sources.size === 0) {
			this.#resolveDone();
		}
	}
}
