/**
The reader: plays a job's sentences in order, synthesizing the next piece while the current one
plays, and follows pause, resume, skip, rewind, speed and stop. It runs where audio can play
(Chrome's offscreen document, Firefox's background page) and reports every change through `emit`,
so the background can highlight, badge and persist the position without keeping state itself.
*/
import type {BackendId, FromPlayer, Job, Status} from '../messaging/protocol';
import {BusyError, type Clip, type Synthesizer} from '../synth/clip';
import {shapeEdges} from './edges';
import {idle, type Machine, type MachineEvent, transition} from './machine';
import type {Output, Speaker} from './output';
import {grownFrom, type Part, pacing, planParts} from './parts';

export type PlayerDeps = {
	/** Audio for the clip-producing backends (server, browser). */
	synthesizer(backend: BackendId, job: Job): Synthesizer;
	speaker: Speaker;
	output: Output;
	emit(message: FromPlayer): void;
};

/** A clip asked for: part `part` of sentence `index` cut as `parts`; `ahead` when it was asked for before its turn (prefetched); `made` once it is in. */
type Pending = {promise: Promise<Clip & {speed: number}>; controller: AbortController; speed: number; ahead: boolean; made: boolean; index: number; parts: Part[]; part: number};

/** Pieces synthesized ahead of the one playing: two ride out one slow synthesis (a long sentence, a busy CPU). */
const prefetch = 2;
/** How long in all a piece that is due waits for a busy backend before the reading moves to another. */
const busyPatienceMs = 15_000;
/** How often the current word is checked against the audio clock; the ear notices ~100 ms of lag. */
const wordTickMs = 40;

export class Player {
	readonly #deps: PlayerDeps;
	#machine: Machine = idle;
	#job: Job | undefined;
	#synthesize: Synthesizer | undefined;
	/** Bumped by every play, seek and stop, so a run that was overtaken stops at its next await. */
	#run = 0;
	#clips = new Map<string, Pending>();
	#waiters: Array<() => void> = [];
	#speed = 1;
	/** Speed the clip now playing was made at (playbackRate = speed / clipSpeed). */
	#clipSpeed = 1;
	/** Seconds heard in this job before the current clip. */
	#played = 0;
	/** Key of the clip the reader is waiting for or playing. */
	#awaited = '';
	/** The run whose clip or system sentence is under way (maybe paused), so resume knows whether there is sound to resume even at position 0. */
	#sounding = -1;
	/** The last part of the sentence being read: the next sentence's parts grow from it (parts.ts). */
	#lastPart: string | undefined;

	constructor(deps: PlayerDeps) {
		this.#deps = deps;
	}

	status(): Status {
		const job = this.#job;
		const {state, index, count, error} = this.#machine;
		const sentence = job && state !== 'idle' ? {index, count, text: job.sentences[index]?.text ?? ''} : null;
		return {
			state,
			backend: state === 'idle' ? null : job?.backend ?? null,
			sentence,
			played_s: this.#played + this.#deps.output.position(),
			...(error ? {error} : {}),
			...(this.#deps.output.joins ? {joins_ms: this.#deps.output.joins()} : {}),
		};
	}

	play(job: Job): void {
		this.#halt();
		this.#job = job;
		this.#speed = job.speed;
		this.#played = 0;
		this.#synthesize = job.backend === 'system' ? undefined : this.#deps.synthesizer(job.backend, job);
		// The output starts up while the first clip is made, not after it.
		if (this.#synthesize) this.#deps.output.prime?.();
		this.#apply({type: 'start', index: job.index, count: job.sentences.length});
		void this.#read(this.#run, this.#machine.index, true);
	}

	toggle(): void {
		if (this.#machine.state === 'paused') {
			this.resume();
		} else {
			this.pause();
		}
	}

	pause(): void {
		if (this.#machine.state !== 'playing' && this.#machine.state !== 'loading') {
			return;
		}

		const wasPlaying = this.#machine.state === 'playing';
		this.#apply({type: 'pause'});
		if (wasPlaying) {
			this.#deps.output.pause();
			this.#deps.speaker.pause();
		}
	}

	resume(): void {
		if (this.#machine.state !== 'paused') {
			return;
		}

		this.#apply({type: 'resume'});
		if (this.#sounding === this.#run) {
			this.#deps.output.resume();
			this.#deps.speaker.resume();
			this.#apply({type: 'sound'});
		}

		this.#wake();
	}

	seek(delta: number): void {
		if (!this.#job || this.#machine.state === 'idle') {
			return;
		}

		this.#played += this.#deps.output.position();
		// Clips already made stay: "next" most often lands on a sentence made ahead, which then plays at once.
		this.#cut(true);
		this.#apply({type: 'seek', delta});
		// Of those, only the ones of the sentences now next are of use.
		const from = this.#machine.index;
		for (const [id, pending] of this.#clips) {
			if (pending.index < from || pending.index > from + prefetch) {
				this.#clips.delete(id);
			}
		}

		void this.#read(this.#run, this.#machine.index, true);
	}

	setSpeed(speed: number): void {
		this.#speed = speed;
		this.#deps.output.setRate(speed / this.#clipSpeed);
		// Clips made ahead at the old speed would play at a stretched rate; make them again.
		for (const [key, pending] of this.#clips) {
			// The clip being waited for is kept: playbackRate already makes up for its speed.
			if (pending.speed !== speed && key !== this.#awaited) {
				pending.controller.abort();
				this.#clips.delete(key);
			}
		}
	}

	stop(): void {
		this.#halt();
		this.#apply({type: 'stop'});
		this.#job = undefined;
	}

	/** Plays one clip outside any job (the options page's voice preview); stops reading first. */
	async preview(synthesize: Synthesizer, text: string, voice: string, speed: number): Promise<void> {
		this.stop();
		const controller = new AbortController();
		const clip = await synthesize({sentence: {text, lang: 'en'}, voice, speed, continues: false, signal: controller.signal});
		await this.#deps.output.play(clip, 1);
	}

	/** Stops sound and pending work without changing the state; `keepMade`: the clips already made stay for the new run. */
	#cut(keepMade = false): void {
		this.#run++;
		this.#sounding = -1;
		this.#deps.output.stop();
		this.#deps.speaker.stop();
		for (const [id, pending] of this.#clips) {
			if (!keepMade || !pending.made) {
				pending.controller.abort();
				this.#clips.delete(id);
			}
		}

		this.#wake();
	}

	#halt(): void {
		this.#played += this.#deps.output.position();
		this.#cut();
	}

	async #read(run: number, index: number, startsReading: boolean): Promise<void> {
		const job = this.#job!;
		this.#report();
		try {
			const finished = job.backend === 'system'
				? await this.#speakSentence(run, job, index)
				: await this.#playSentence(run, job, index, startsReading);
			if (!finished || run !== this.#run) {
				return;
			}
		} catch (error) {
			if (run !== this.#run) {
				return;
			}

			const reason = error instanceof Error ? error.message : String(error);
			this.#apply({type: 'fail', error: `${job.backend} failed: ${reason}`});
			this.#deps.emit({channel: 'background', type: 'backend-failed', jobId: job.id, tabId: job.tabId, backend: job.backend, index, reason});
			return;
		}

		this.#apply({type: 'advance'});
		if (this.#machine.state === 'idle') {
			this.#job = undefined;
			this.#played = 0;
			return;
		}

		void this.#read(run, this.#machine.index, false);
	}

	async #playSentence(run: number, job: Job, index: number, startsReading: boolean): Promise<boolean> {
		// A sentence reading starts from is cut for a fast start, unless its first piece was made already (ahead, before a skip).
		const made = startsReading ? [...this.#clips.values()].find(pending => pending.made && pending.index === index && pending.part === 0) : undefined;
		const parts = made?.parts ?? planParts(job.sentences[index]!.text, startsReading, startsReading ? undefined : this.#lastPart, pacingOf(job));
		this.#lastPart = grownFrom(parts);
		for (let part = 0; part < parts.length; part++) {
			this.#awaited = key(index, parts, part);
			const clip = shapeEdges(await this.#due(run, job, index, parts, part), parts, part, startsReading);
			// Overtaken while synthesizing: prefetching now would fill the new run's cache with this job's clips (same keys).
			if (run !== this.#run) {
				return false;
			}

			// Ask for the next pieces now, so they are ready when this one ends even if one synthesizes
			// slowly; one after the other, since the backend makes one at a time: asked at once, they
			// reach the server in any order, and a long later piece made first left the next one 3.7 s late.
			let asked: Promise<unknown> = Promise.resolve();
			for (const next of upcoming(job, index, parts, part)) {
				asked = asked.then(async () => run === this.#run ? this.#clip(job, next.index, next.parts, next.part) : undefined).catch(() => undefined);
			}

			if (!await this.#unpaused(run)) {
				return false;
			}

			this.#clips.delete(key(index, parts, part));
			this.#clipSpeed = clip.speed;
			const stopWords = this.#followWords(run, job, index, parts[part]!, clip);
			this.#sounding = run;
			const playing = this.#deps.output.play(clip, this.#speed / clip.speed);
			this.#apply({type: 'sound'});
			const ended = await playing.finally(stopWords);
			if (this.#sounding === run) {
				this.#sounding = -1;
			}
			if (!ended || run !== this.#run) {
				return false;
			}

			this.#played += clip.samples.length / clip.sampleRate;
		}

		return true;
	}

	async #speakSentence(run: number, job: Job, index: number): Promise<boolean> {
		if (!await this.#unpaused(run)) {
			return false;
		}

		const sentence = job.sentences[index]!;
		const started = performance.now();
		this.#sounding = run;
		const spoken = this.#deps.speaker.speak({
			text: sentence.text,
			lang: sentence.lang,
			rate: this.#speed,
			onWord: (start, end) => {
				if (run === this.#run) {
					this.#deps.emit({channel: 'background', type: 'word', jobId: job.id, tabId: job.tabId, index, start, end});
				}
			},
		});
		this.#apply({type: 'sound'});
		const ended = await spoken;
		if (this.#sounding === run) {
			this.#sounding = -1;
		}

		this.#played += (performance.now() - started) / 1000;
		return ended && run === this.#run;
	}

	/**
	The clip now due. A busy backend is working, not broken: a clip asked for ahead and refused as
	busy is asked for again at once (the requests ahead of it are done by now), one refused when due
	after the wait the backend names, for up to `busyPatienceMs` in all. A busy server is most often
	still making clips of a reading just stopped or skipped, and another voice would be a worse wait.
	*/
	async #due(run: number, job: Job, index: number, parts: Part[], part: number): Promise<Clip & {speed: number}> {
		const id = key(index, parts, part);
		let waited = 0;
		for (;;) {
			const ahead = this.#clips.get(id)?.ahead ?? false;
			try {
				return await this.#clip(job, index, parts, part);
			} catch (error) {
				if (!(error instanceof BusyError) || run !== this.#run || waited >= busyPatienceMs) {
					throw error;
				}

				this.#clips.delete(id);
				if (!ahead) {
					const wait = Math.min(Math.max(error.retryAfterMs ?? 1000, 250), busyPatienceMs - waited);
					await new Promise(resolve => setTimeout(resolve, wait));
					waited += wait;
					if (run !== this.#run) {
						throw error;
					}
				}
			}
		}
	}

	#clip(job: Job, index: number, parts: Part[], part: number): Promise<Clip & {speed: number}> {
		const id = key(index, parts, part);
		const cached = this.#clips.get(id);
		if (cached && (cached.speed === this.#speed || id === this.#awaited)) {
			return cached.promise;
		}

		cached?.controller.abort();

		const controller = new AbortController();
		const speed = this.#speed;
		const sentence = job.sentences[index]!;
		const promise = this.#synthesize!({
			sentence: {text: parts[part]!.text, lang: sentence.lang},
			voice: job.voices[sentence.lang],
			speed,
			continues: part < parts.length - 1,
			signal: controller.signal,
		}).then(clip => {
			pending.made = true;
			return {...clip, speed};
		});
		const pending: Pending = {promise, controller, speed, ahead: id !== this.#awaited, made: false, index, parts, part};
		this.#clips.set(id, pending);
		return promise;
	}

	/** Emits the word being heard as the audio clock passes it. Returns the function that stops following. */
	#followWords(run: number, job: Job, index: number, part: Part, clip: Clip): () => void {
		if (clip.words.length === 0) {
			return () => undefined;
		}

		let current = -1;
		const timer = setInterval(() => {
			const position = this.#deps.output.position();
			let word = current;
			while (word + 1 < clip.words.length && clip.words[word + 1]!.start <= position) {
				word++;
			}

			if (word !== current && word >= 0 && run === this.#run) {
				current = word;
				const {charStart, charEnd} = clip.words[word]!;
				this.#deps.emit({channel: 'background', type: 'word', jobId: job.id, tabId: job.tabId, index, start: part.offset + charStart, end: part.offset + charEnd});
			}
		}, wordTickMs);
		return () => {
			clearInterval(timer);
		};
	}

	/** Waits while paused; false when this run was overtaken meanwhile. */
	async #unpaused(run: number): Promise<boolean> {
		while (this.#machine.state === 'paused' && run === this.#run) {
			await new Promise<void>(resolve => this.#waiters.push(resolve));
		}

		return run === this.#run;
	}

	#wake(): void {
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const wake of waiters) {
			wake();
		}
	}

	#apply(event: MachineEvent): void {
		const before = this.#machine;
		this.#machine = transition(before, event);
		if (this.#machine !== before) {
			this.#report();
		}
	}

	#report(): void {
		const job = this.#job;
		if (job) {
			this.#deps.emit({channel: 'background', type: 'progress', jobId: job.id, tabId: job.tabId, status: this.status()});
		}
	}
}

/** How the job's backend makes audio, for the parts a sentence is cut into (parts.ts). */
function pacingOf(job: Job) {
	return job.backend === 'browser' ? pacing.browser : pacing.server;
}

/** The pieces after (index, part), `prefetch` of them. */
function upcoming(job: Job, index: number, parts: Part[], part: number): Array<{index: number; parts: Part[]; part: number}> {
	const pieces = [];
	let next = {index, parts, part};
	while (pieces.length < prefetch) {
		if (next.part + 1 < next.parts.length) {
			next = {...next, part: next.part + 1};
		} else if (next.index + 1 < job.sentences.length) {
			next = {index: next.index + 1, parts: planParts(job.sentences[next.index + 1]!.text, false, grownFrom(next.parts), pacingOf(job)), part: 0};
		} else {
			break;
		}

		pieces.push(next);
	}

	return pieces;
}

/**
A piece by what it reads: sentence `index`, from the part's offset, its length. Two plans of a
sentence (from its start, or grown from another sentence, as a seek can make) may cut it into as
many parts at other places; a clip made for one is only used for the same words. Whether its end
is left open follows from where it ends, so that is the same too.
*/
function key(index: number, parts: Part[], part: number): string {
	const {offset, text} = parts[part]!;
	return `${index}:${offset}:${text.length}`;
}
