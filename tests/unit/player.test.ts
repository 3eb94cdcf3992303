import {afterEach, describe, expect, test, vi} from 'vitest';
import type {FromPlayer, Job} from '../../src/messaging/protocol';
import type {Output, Speaker} from '../../src/player/output';
import {pacing, planParts} from '../../src/player/parts';
import {Player} from '../../src/player/player';
import type {Clip, SynthesisRequest, Synthesizer} from '../../src/synth/clip';

// Plumbing fakes: clips carry their text so the test can see what was played; no sound is made or pretended.
type TextClip = Clip & {text: string};
const secondsPerWord = 0.25;

/** A clip of known length: each word lasts `secondsPerWord`, with its place in `text`. */
function clipFor(text: string): TextClip {
	const words = [...text.matchAll(/\S+/g)].map((match, i) => ({start: i * secondsPerWord, end: (i + 1) * secondsPerWord, charStart: match.index, charEnd: match.index + match[0].length}));
	return {text, samples: new Float32Array(words.length * secondsPerWord * 1000), sampleRate: 1000, words};
}

class FakeSynthesizer {
	requests: Array<SynthesisRequest & {resolve(): void}> = [];
	/** Answer at once; when false the test calls `resolve()` on a request. */
	auto = true;
	failOn = '';
	/** Answer even after the abort, as a response already on its way does. */
	ignoreAbort = false;
	synthesize: Synthesizer = request => new Promise((resolve, reject) => {
		const entry = {...request, resolve: () => {
			resolve(clipFor(request.sentence.text));
		}};
		this.requests.push(entry);
		request.signal.addEventListener('abort', () => {
			if (!this.ignoreAbort) {
				reject(new DOMException('aborted', 'AbortError'));
			}
		});
		if (request.sentence.text === this.failOn) {
			reject(new Error('HTTP 500'));
		} else if (this.auto) {
			entry.resolve();
		}
	});

	asked(): string[] {
		return this.requests.map(request => `${request.sentence.text}@${request.speed}`);
	}
}

/** Pause, resume and stop, as the player called them. */
class CallLog {
	calls: string[] = [];

	pause(): void {
		this.calls.push('pause');
	}

	resume(): void {
		this.calls.push('resume');
	}

	stop(): void {
		this.calls.push('stop');
	}
}

class FakeOutput extends CallLog implements Output {
	plays: Array<{text: string; rate: number}> = [];
	rates: number[] = [];
	/** Seconds into the current clip, as the test says. */
	at = 0;
	#finish: ((ended: boolean) => void) | undefined;

	prime(): void {
		this.calls.push('prime');
	}

	async play(clip: Clip, rate: number): Promise<boolean> {
		this.plays.push({text: (clip as TextClip).text, rate});
		return new Promise(resolve => {
			this.#finish = resolve;
		});
	}

	/** The clip plays to its end. */
	end(): void {
		this.#settle(true);
	}

	override stop(): void {
		super.stop();
		this.#settle(false);
	}

	setRate(rate: number): void {
		this.rates.push(rate);
	}

	position(): number {
		return this.#finish ? this.at : 0;
	}

	#settle(ended: boolean): void {
		const finish = this.#finish;
		this.#finish = undefined;
		this.at = 0;
		finish?.(ended);
	}
}

class FakeSpeaker extends CallLog implements Speaker {
	spoken: Array<{text: string; rate: number; onWord(start: number, end: number): void; end(): void}> = [];

	async speak(request: {text: string; rate: number; onWord(start: number, end: number): void}): Promise<boolean> {
		return new Promise(resolve => {
			this.spoken.push({...request, end: () => {
				resolve(true);
			}});
		});
	}
}

const long = 'When the rain stopped, we walked down to the river and back.';
const head = 'When the rain stopped,';
const rest = 'we walked down to the river and back.';

function makeJob(changes: Partial<Job> = {}): Job {
	return {
		id: 'job-1',
		tabId: 7,
		sentences: [{text: long, lang: 'en'}, {text: 'It was late.', lang: 'en'}, {text: 'We went home.', lang: 'en'}],
		index: 0,
		backend: 'server',
		voices: {en: 'af_heart', zh: 'zf_xiaobei'},
		speed: 1,
		serverUrl: 'http://127.0.0.1:9527',
		modelBaseUrl: 'http://127.0.0.1:8000/web',
		...changes,
	};
}

function setup() {
	const synth = new FakeSynthesizer();
	const output = new FakeOutput();
	const speaker = new FakeSpeaker();
	const emitted: FromPlayer[] = [];
	const synthesizer = vi.fn(() => synth.synthesize);
	const player = new Player({synthesizer, speaker, output, emit(message) {
		emitted.push(message);
	}});
	const words = () => emitted.flatMap(message => message.type === 'word' ? [[message.index, message.start, message.end]] : []);
	return {synth, output, speaker, emitted, synthesizer, player, words, state: () => player.status().state};
}

/** Starts reading and waits until the first piece plays; forgets the output calls that starting made (the stop of anything before). */
async function started(fixture: ReturnType<typeof setup>, job = makeJob()): Promise<void> {
	fixture.player.play(job);
	await flush();
	fixture.output.calls = [];
	fixture.speaker.calls = [];
}

/** Lets the player's promise chains run (a macrotask drains all pending microtasks). */
async function flush(): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, 0);
	});
}

afterEach(() => {
	vi.useRealTimers();
});

describe('reading a job', () => {
	test('plays the sentences in order, the opening one in two parts, and ends idle', async () => {
		const {player, output, synth, emitted, synthesizer} = setup();
		player.play(makeJob());
		await flush();
		expect(synthesizer).toHaveBeenCalledWith('server', expect.objectContaining({id: 'job-1'}));
		for (let i = 0; i < 3; i++) {
			output.end();
			await flush();
		}

		expect(output.plays.map(play => play.text)).toEqual([head, rest, 'It was late.', 'We went home.']);
		output.end();
		await flush();
		expect(player.status()).toEqual({state: 'idle', backend: null, sentence: null, played_s: 0});
		// Each piece synthesized once, the voice and speed of the job.
		expect(synth.asked()).toEqual([`${head}@1`, `${rest}@1`, 'It was late.@1', 'We went home.@1']);
		expect(synth.requests.every(request => request.voice === 'af_heart')).toBe(true);
		const progress = emitted.flatMap(message => message.type === 'progress' ? [`${message.status.state}:${message.status.sentence?.index}`] : []);
		expect(progress.filter((step, i) => step !== progress[i - 1])).toEqual(['loading:0', 'playing:0', 'loading:1', 'playing:1', 'loading:2', 'playing:2', 'idle:undefined']);
	});

	test('on the in-browser engine the opening sentence is asked for in that engine\'s smaller steps', async () => {
		const text = 'The old lighthouse keeper climbed the spiral stairs every evening at dusk, as he had done for thirty years.';
		const {player, output, synth} = setup();
		player.play(makeJob({backend: 'browser', sentences: [{text, lang: 'en'}]}));
		await flush();
		for (let i = 0; i < 6; i++) {
			output.end();
			await flush();
		}

		const expected = planParts(text, true, undefined, pacing.browser).map(part => part.text);
		expect(expected.length).toBeGreaterThan(planParts(text, true).length);
		expect(synth.asked()).toEqual(expected.map(part => `${part}@1`));
		expect(output.plays.map(play => play.text)).toEqual(expected);
	});

	test('the next pieces are requested while the current one still plays, one after the other', async () => {
		const {player, output, synth} = setup();
		synth.auto = false;
		player.play(makeJob());
		await flush();
		expect(synth.asked()).toEqual([`${head}@1`]);
		synth.requests[0]!.resolve();
		await flush();
		expect(output.plays.map(play => play.text)).toEqual([head]);
		// The piece after next is asked for once the next is made: asked at once, they could be made out of order.
		expect(synth.asked()).toEqual([`${head}@1`, `${rest}@1`]);
		synth.requests[1]!.resolve();
		await flush();
		expect(synth.asked()).toEqual([`${head}@1`, `${rest}@1`, 'It was late.@1']);
		// Only a part that its sentence goes on from is asked for with its end left open.
		expect(synth.requests.map(request => request.continues)).toEqual([true, false, false]);
	});

	test('starting mid-job reads from there, its sentence cut only if long', async () => {
		const {player, output, synth} = setup();
		player.play(makeJob({index: 1}));
		await flush();
		expect(output.plays.map(play => play.text)).toEqual(['It was late.']);
		expect(synth.asked()).toEqual(['It was late.@1', 'We went home.@1']);
		expect(player.status().sentence).toEqual({index: 1, count: 3, text: 'It was late.'});
	});

	test('played_s counts the finished clips plus the position in the current one', async () => {
		const {player, output} = setup();
		player.play(makeJob());
		await flush();
		expect(player.status().played_s).toBe(0);
		output.at = 0.5;
		expect(player.status().played_s).toBe(0.5);
		output.end(); // The head: 4 words.
		await flush();
		output.at = 0.5;
		expect(player.status().played_s).toBe(1.5);
		output.end(); // The rest: 8 words.
		await flush();
		expect(player.status().played_s).toBe(3);
	});
});

describe('pause and resume', () => {
	test('while playing: the output pauses and resumes where it was', async () => {
		const fixture = setup();
		const {player, output, state} = fixture;
		await started(fixture);
		output.at = 0.3;
		player.pause();
		expect(state()).toBe('paused');
		expect(output.calls).toEqual(['pause']);
		player.resume();
		expect(state()).toBe('playing');
		expect(output.calls).toEqual(['pause', 'resume']);
		expect(output.plays).toHaveLength(1);
	});

	test('paused right as the clip started (position still 0): resume still resumes that clip', async () => {
		const fixture = setup();
		const {player, output, state} = fixture;
		await started(fixture);
		player.pause();
		player.resume();
		expect(output.calls).toEqual(['pause', 'resume']);
		expect(state()).toBe('playing');
	});

	test('while loading: the clip that arrives waits, and plays on resume', async () => {
		const {player, output, synth, state} = setup();
		synth.auto = false;
		player.play(makeJob());
		player.pause();
		synth.requests[0]!.resolve();
		await flush();
		expect(state()).toBe('paused');
		expect(output.plays).toEqual([]);
		player.toggle();
		await flush();
		expect(state()).toBe('playing');
		expect(output.plays.map(play => play.text)).toEqual([head]);
		// Nothing was sounding, so there was nothing to pause or resume; only what starting makes: the stop, and the output opened.
		expect(output.calls).toEqual(['stop', 'prime']);
	});
});

describe('seek', () => {
	test('next and previous while playing cut the clip and play the new sentence', async () => {
		const fixture = setup();
		const {player, output, synth, state} = fixture;
		await started(fixture);
		player.seek(1);
		await flush();
		expect(output.calls).toEqual(['stop']);
		expect(state()).toBe('playing');
		expect(player.status().sentence?.index).toBe(1);
		// Made ahead already, the sentence plays at once, whole: not asked for again.
		expect(synth.requests.filter(request => request.sentence.text === 'It was late.').map(request => request.signal.aborted)).toEqual([false]);
		expect(output.plays.map(play => play.text)).toEqual([head, 'It was late.']);
		player.seek(-1);
		await flush();
		expect(output.plays.map(play => play.text)).toEqual([head, 'It was late.', head]);
		expect(player.status().sentence?.index).toBe(0);
	});

	test('"next" onto a sentence whose first part was made ahead plays that part at once, cut as it was', async () => {
		const lighthouse = 'The old lighthouse keeper climbed the spiral stairs every evening at dusk, as he had done for thirty years.';
		const fixture = setup();
		const {player, output, synth} = fixture;
		await started(fixture, makeJob({sentences: [{text: 'It was late.', lang: 'en'}, {text: lighthouse, lang: 'en'}]}));
		// Made ahead as the sentence after a short one, not as one that reading starts from.
		const ahead = planParts(lighthouse, false, 'It was late.').map(part => part.text);
		expect(ahead[0]).not.toBe(planParts(lighthouse, true)[0]!.text);
		expect(synth.asked().slice(0, 2)).toEqual(['It was late.@1', `${ahead[0]}@1`]);
		player.seek(1);
		await flush();
		expect(output.plays.map(play => play.text)).toEqual(['It was late.', ahead[0]]);
		expect(synth.asked().filter(asked => asked === `${ahead[0]}@1`)).toHaveLength(1);
	});

	test('a seek back forgets the clips made for sentences past those now next', async () => {
		const fixture = setup();
		const {player, output, synth} = fixture;
		const sentences = ['Zero is here.', 'One is here.', 'Two is here.', 'Three is here.', 'Four is here.', 'Five is here.'];
		player.play(makeJob({sentences: sentences.map(text => ({text, lang: 'en' as const}))}));
		await flush();
		for (let i = 0; i < 3; i++) {
			output.end();
			await flush();
		}

		// Sentence 3 plays; 4 and 5 were made ahead.
		expect(player.status().sentence?.index).toBe(3);
		expect(synth.asked().filter(asked => asked.startsWith('Four'))).toHaveLength(1);
		player.seek(-3);
		await flush();
		for (let i = 0; i < 4; i++) {
			output.end();
			await flush();
		}

		expect(output.plays.map(play => play.text).slice(-5)).toEqual(sentences.slice(0, 5));
		// Three sentences back, 4 was out of reach: made again when it came near, not kept meanwhile.
		expect(synth.asked().filter(asked => asked.startsWith('Four'))).toHaveLength(2);
	});

	test('a clip still in the making is dropped at a seek, and the sentence is asked for again', async () => {
		const {player, output, synth} = setup();
		synth.auto = false;
		player.play(makeJob());
		await flush();
		synth.requests[0]!.resolve();
		await flush();
		// The head plays; the rest of its sentence and the next are asked for ahead, not made yet.
		expect(output.plays.map(play => play.text)).toEqual([head]);
		expect(synth.asked()).toEqual([`${head}@1`, `${rest}@1`]);
		player.seek(2);
		await flush();
		expect(synth.requests[1]!.signal.aborted).toBe(true);
		expect(synth.asked().slice(2)).toEqual(['We went home.@1']);
		expect(synth.requests[2]!.signal.aborted).toBe(false);
	});

	test('while paused it moves the place, stays paused, and plays from there on resume', async () => {
		const {player, output, state} = setup();
		player.play(makeJob());
		await flush();
		output.at = 0.3;
		player.pause();
		player.seek(1);
		await flush();
		expect(state()).toBe('paused');
		expect(player.status().sentence?.index).toBe(1);
		expect(output.plays).toHaveLength(1);
		player.resume();
		await flush();
		expect(state()).toBe('playing');
		expect(output.plays.map(play => play.text)).toEqual([head, 'It was late.']);
	});

	test('seeking past either end stays on the first or last sentence', async () => {
		const {player, output} = setup();
		player.play(makeJob({index: 2}));
		await flush();
		player.seek(1);
		await flush();
		expect(player.status().sentence?.index).toBe(2);
		expect(output.plays.map(play => play.text)).toEqual(['We went home.', 'We went home.']);
	});
});

describe('speed', () => {
	test('changes the rate of the clip being heard at once and remakes clips made ahead', async () => {
		const {player, output, synth} = setup();
		player.play(makeJob());
		await flush();
		player.setSpeed(1.5);
		expect(output.rates).toEqual([1.5]);
		expect(synth.requests.slice(1).map(request => request.signal.aborted)).toEqual([true, true]);
		output.end();
		await flush();
		expect(synth.asked().slice(3)).toEqual([`${rest}@1.5`, 'It was late.@1.5', 'We went home.@1.5']);
		// Made at the new speed, so played at its natural pace; a later change is relative to that.
		expect(output.plays.at(-1)).toEqual({text: rest, rate: 1});
		player.setSpeed(2);
		expect(output.rates).toEqual([1.5, 2 / 1.5]);
	});
});

describe('stop and failure', () => {
	test('stop clears the state and cuts sound and synthesis', async () => {
		const fixture = setup();
		const {player, output, synth} = fixture;
		await started(fixture);
		player.stop();
		expect(player.status()).toEqual({state: 'idle', backend: null, sentence: null, played_s: 0});
		expect(output.calls).toEqual(['stop']);
		expect(synth.requests.map(request => request.signal.aborted)).toEqual([false, true, true]);
		await flush();
		expect(output.plays).toHaveLength(1);
	});

	test('a synthesis that returns after stop never plays, nor asks for more', async () => {
		const {player, output, synth} = setup();
		synth.auto = false;
		synth.ignoreAbort = true;
		player.play(makeJob());
		player.stop();
		synth.requests[0]!.resolve();
		await flush();
		expect(output.plays).toEqual([]);
		expect(synth.requests).toHaveLength(1);
		expect(player.status().state).toBe('idle');
	});

	test('a synthesis for a replaced job neither plays nor leaves clips for the new job', async () => {
		const {player, output, synth} = setup();
		synth.auto = false;
		synth.ignoreAbort = true;
		player.play(makeJob());
		const other = makeJob({id: 'job-2', sentences: [{text: 'First.', lang: 'en'}, {text: 'Second.', lang: 'en'}]});
		player.play(other);
		synth.requests[0]!.resolve(); // The old job's head arrives late.
		await flush();
		synth.auto = true;
		for (const request of synth.requests.slice(1)) {
			request.resolve();
		}

		await flush();
		output.end();
		await flush();
		expect(output.plays.map(play => play.text)).toEqual(['First.', 'Second.']);
		expect(synth.asked()).toEqual([`${head}@1`, 'First.@1', 'Second.@1']);
	});

	test('a synthesizer failure reports the sentence and puts the player in error', async () => {
		const {player, output, synth, emitted} = setup();
		synth.failOn = 'It was late.';
		player.play(makeJob());
		await flush();
		output.end();
		await flush();
		expect(emitted.filter(message => message.type === 'backend-failed')).toEqual([]);
		output.end();
		await flush();
		expect(emitted.filter(message => message.type === 'backend-failed')).toEqual([
			{channel: 'background', type: 'backend-failed', jobId: 'job-1', tabId: 7, backend: 'server', index: 1, reason: 'HTTP 500'},
		]);
		expect(player.status()).toMatchObject({state: 'error', error: 'server failed: HTTP 500', sentence: {index: 1}});
		expect(output.plays.map(play => play.text)).toEqual([head, rest]);
	});
});

describe('word events', () => {
	test('follow the audio clock, with offsets into the whole sentence', async () => {
		vi.useFakeTimers();
		const {player, output, words} = setup();
		player.play(makeJob());
		await vi.advanceTimersByTimeAsync(40);
		expect(words()).toEqual([[0, 0, 4]]);
		output.at = 0.6; // Past "the", into "rain": only the word being heard is sent.
		await vi.advanceTimersByTimeAsync(40);
		expect(words()).toEqual([[0, 0, 4], [0, 9, 13]]);
		output.end();
		output.at = 0.3;
		await vi.advanceTimersByTimeAsync(40);
		// The second part's words are placed after the head: "walked" in the whole sentence.
		expect(words().at(-1)).toEqual([0, 26, 32]);
		expect(long.slice(26, 32)).toBe('walked');
		const ticks = words().length;
		await vi.advanceTimersByTimeAsync(400);
		expect(words()).toHaveLength(ticks);
	});
});

describe('system voices', () => {
	test('speak through the Speaker, whole sentences at the job speed, with its word events', async () => {
		const fixture = setup();
		const {player, speaker, output, synthesizer, words, state} = fixture;
		await started(fixture, makeJob({backend: 'system', speed: 1.25}));
		expect(synthesizer).not.toHaveBeenCalled();
		expect(speaker.spoken.map(spoken => [spoken.text, spoken.rate])).toEqual([[long, 1.25]]);
		expect(state()).toBe('playing');
		speaker.spoken[0]!.onWord(5, 8);
		expect(words()).toEqual([[0, 5, 8]]);
		player.pause();
		expect(speaker.calls).toEqual(['pause']);
		player.resume();
		expect(speaker.calls).toEqual(['pause', 'resume']);
		expect(state()).toBe('playing');
		speaker.spoken[0]!.end();
		await flush();
		expect(speaker.spoken.map(spoken => spoken.text)).toEqual([long, 'It was late.']);
		expect(output.plays).toEqual([]);
	});

	test('leave the audio output alone: only a job of clips opens it ahead of its first clip', async () => {
		const fixture = setup();
		fixture.player.play(makeJob({backend: 'system'}));
		await flush();
		expect(fixture.output.calls).not.toContain('prime');
		fixture.player.play(makeJob({backend: 'browser'}));
		expect(fixture.output.calls.filter(call => call === 'prime')).toHaveLength(1);
		expect(fixture.output.plays).toEqual([]);
	});
});
