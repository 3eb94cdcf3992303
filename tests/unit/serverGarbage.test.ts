// @vitest-environment node
/**
A server that answers garbage is down for that sentence: the extension's server synthesizer (the
page library's real `ServerEngine`, over real HTTP to a node:http server) refuses each kind of
garbage with an error, so the player reports `backend-failed` at that sentence and the background
moves on to the next backend. A 503 `busy` with a short `Retry-After` is waited out once first;
a sentence refused as busy while asked for ahead of its turn is asked for again when due.
*/
import {afterAll, beforeAll, beforeEach, describe, expect, test} from 'vitest';
import type {FromPlayer, Job} from '../../src/messaging/protocol';
import type {Output, Speaker} from '../../src/player/output';
import {Player} from '../../src/player/player';
import {serverSynthesizer} from '../../src/synth/server';
import {type Answer, type GarbageServer, startGarbageServer} from '../support/garbageServer';

let server: GarbageServer;

beforeAll(async () => {
	server = await startGarbageServer();
});

afterAll(async () => {
	await server.close();
});

beforeEach(() => {
	server.answers.clear();
	server.otherwise = 'speech';
	server.log.length = 0;
});

async function synthesize(text: string) {
	return serverSynthesizer(server.url)({sentence: {text, lang: 'en'}, voice: 'af_heart', speed: 1, continues: false, signal: new AbortController().signal});
}

describe('garbage is refused', () => {
	test('good speech comes through (the server is not broken as a whole)', async () => {
		const clip = await synthesize('Three little words.');
		expect(clip.sampleRate).toBe(24_000);
		expect(clip.samples.length).toBe(14_400); // 3 words × 0.2 s × 24 kHz
		expect(clip.words.map(word => word.charStart)).toEqual([0, 6, 13]);
	});

	const garbage: Array<[Exclude<Answer, object>, RegExp]> = [
		['html', /answered text\/html.*not JSON/],
		['wrong-type', /answered text\/plain, not JSON/],
		['truncated-wav', /WAV is truncated: its header promises 28800 bytes of audio, 14400 arrived/],
		['error-200', /JSON without "audio": the model could not be run/],
		['empty', /did not answer JSON/],
		['cut', /POST .*\/synthesize/],
	];
	test.each(garbage)('%s: an error that says what came back', async (answer, message) => {
		server.otherwise = answer;
		await expect(synthesize('Three little words.')).rejects.toThrow(message);
		expect(server.log).toHaveLength(1);
	});
});

describe('503 busy with Retry-After', () => {
	test('a short wait is waited out and the sentence asked for once more', async () => {
		server.answers.set('Busy now.', {busy: 1, times: 1});
		const started = performance.now();
		const clip = await synthesize('Busy now.');
		expect(clip.samples.length).toBeGreaterThan(0);
		expect(server.log.map(entry => entry.text)).toEqual(['Busy now.', 'Busy now.']);
		const waited = server.log[1]!.at - server.log[0]!.at;
		expect(waited).toBeGreaterThanOrEqual(950);
		expect(performance.now() - started).toBeLessThan(3000);
	});

	test('still busy after the wait: refused, after exactly one more try', async () => {
		server.answers.set('Busy now.', {busy: 1, times: 5});
		await expect(synthesize('Busy now.')).rejects.toThrow(/503 busy/);
		expect(server.log).toHaveLength(2);
	});

	test('a wait longer than 3 s is not waited for: refused at once', async () => {
		server.answers.set('Busy now.', {busy: 30, times: 1});
		const started = performance.now();
		await expect(synthesize('Busy now.')).rejects.toThrow(/503 busy/);
		expect(server.log).toHaveLength(1);
		expect(performance.now() - started).toBeLessThan(1000);
	});

	test('stopping during the wait stops at once, without asking again', async () => {
		server.answers.set('Busy now.', {busy: 2, times: 1});
		const controller = new AbortController();
		const asked = serverSynthesizer(server.url)({sentence: {text: 'Busy now.', lang: 'en'}, voice: 'af_heart', speed: 1, continues: false, signal: controller.signal});
		await new Promise(resolve => setTimeout(resolve, 200));
		controller.abort();
		await expect(asked).rejects.toThrow(/stopped|abort/i);
		await new Promise(resolve => setTimeout(resolve, 2200));
		expect(server.log).toHaveLength(1);
	});
});

/** Plays every clip at once to its end; nothing is heard. */
const instantOutput: Output = {
	play: async () => true,
	pause() {},
	resume() {},
	stop() {},
	setRate() {},
	position: () => 0,
};
const noSpeaker: Speaker = {speak: async () => true, pause() {}, resume() {}, stop() {}};

describe('the player', () => {
	test('reads up to the garbage, then reports the server failed at that sentence (and plays nothing of it)', async () => {
		// An opening sentence of four words goes whole (parts.ts), so the server sees each sentence as written.
		const sentences = ['The first is fine.', 'The second one gets a page of HTML.', 'The third is never asked for by this player.'];
		server.answers.set(sentences[1]!, 'html');
		const events: FromPlayer[] = [];
		const failed = new Promise<Extract<FromPlayer, {type: 'backend-failed'}>>(resolve => {
			const player = new Player({
				synthesizer: () => serverSynthesizer(server.url),
				speaker: noSpeaker,
				output: instantOutput,
				emit(message) {
					events.push(message);
					if (message.type === 'backend-failed') {
						resolve(message);
					}
				},
			});
			const job: Job = {id: 'job', tabId: 1, sentences: sentences.map(text => ({text, lang: 'en'})), index: 0, backend: 'server', voices: {en: 'af_heart', zh: 'zf_xiaobei'}, speed: 1, serverUrl: server.url, modelBaseUrl: ''};
			player.play(job);
		});
		const failure = await failed;
		expect(failure).toMatchObject({backend: 'server', index: 1, jobId: 'job'});
		expect(failure.reason).toMatch(/text\/html/);
		// The background restarts the job from `index` with the next backend (reading.ts); the sentence before was played.
		const played = events.filter(event => event.type === 'progress' && event.status.state === 'playing').map(event => event.type === 'progress' && event.status.sentence?.index);
		expect(played).toContain(0);
		expect(played).not.toContain(1);
	});

	test('a sentence asked for ahead and refused as busy (a long Retry-After) is asked for again when due, and reading goes on', async () => {
		const sentences = ['The first sentence is fine.', 'The second one too.', 'The third is refused while the others are made.', 'The fourth ends it.'];
		// Refused once, with a wait far beyond what is waited out at once: the prefetch fails.
		server.answers.set(sentences[2]!, {busy: 30, times: 1});
		// Each clip "plays" a little while, so the sentences after it are asked for ahead.
		const played = await readToTheEnd(sentences, {...instantOutput, play: async () => new Promise(done => setTimeout(() => done(true), 50))});
		expect(played).toEqual([0, 1, 2, 3]);
		// Refused ahead of its turn, then asked again: twice in all.
		expect(server.log.filter(entry => entry.text === sentences[2]).length).toBe(2);
	});

	test('the sentence due, refused as busy even after the wait the engine takes, is asked again after the server\'s Retry-After', async () => {
		const sentences = ['This one waits.', 'The second follows.'];
		server.answers.set(sentences[0]!, {busy: 1, times: 2});
		const played = await readToTheEnd(sentences, instantOutput);
		// Busy, the engine's one wait of 1 s, busy again, the player's wait of 1 s, then speech.
		const asked = server.log.filter(entry => entry.text === sentences[0]);
		expect(asked).toHaveLength(3);
		expect(asked[2]!.at - asked[1]!.at).toBeGreaterThanOrEqual(950);
		expect(played).toEqual([0, 1]);
	});
});

/** Reads `sentences` through the server to the end; the indices of the sentences heard, in order. Rejects if the player gives up on the server. */
async function readToTheEnd(sentences: string[], output: Output): Promise<number[]> {
	const heard: number[] = [];
	await new Promise<void>((resolve, reject) => {
		const player = new Player({
			synthesizer: () => serverSynthesizer(server.url),
			speaker: noSpeaker,
			output,
			emit(message) {
				if (message.type === 'backend-failed') {
					reject(new Error(`backend-failed: ${message.reason}`));
				}

				if (message.type === 'progress' && message.status.state === 'playing' && message.status.sentence && heard.at(-1) !== message.status.sentence.index) {
					heard.push(message.status.sentence.index);
				}

				if (message.type === 'progress' && message.status.state === 'idle') {
					resolve();
				}
			},
		});
		const job: Job = {id: 'job', tabId: 1, sentences: sentences.map(text => ({text, lang: 'en'})), index: 0, backend: 'server', voices: {en: 'af_heart', zh: 'zf_xiaobei'}, speed: 1, serverUrl: server.url, modelBaseUrl: ''};
		player.play(job);
	});
	return heard;
}
