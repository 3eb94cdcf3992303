// browser-kokoro with a worker: plumbing only. A scripted stand-in answers the worker protocol (ids, cancel, progress, failures); no model runs here, so nothing in this file shows that speech works (the real worker is exercised by the extension's e2e tests).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	AbortedError, createTTS, KokoroWorkerError, NoEngineError, type Engine, type KokoroEvent, type KokoroWorkerLike,
} from '../../source/index.js';
import type {FromWorker, ToWorker} from '../../source/engines/kokoroProtocol.js';
import {KokoroWorkerClient} from '../../source/engines/kokoroWorker.js';
import {FakeAudioContext, delay} from '../helpers.js';

type Synthesize = Extract<ToWorker, {type: 'synthesize'}>;

/**
Answers like the extension's worker, on later macrotasks as a real one would: `load` reports progress then `loaded`; `synthesize` answers a clip of 10 samples per character with one word per space-separated token, unless `answer` says otherwise (`hold` keeps the request waiting until `release`).
*/
class FakeWorker implements KokoroWorkerLike {
	readonly received: ToWorker[] = [];
	answer: 'clip' | 'fail' | 'hold' = 'clip';
	readonly #held: Synthesize[] = [];
	readonly #message: Array<(event: MessageEvent<FromWorker>) => void> = [];
	readonly #error: Array<(event: ErrorEvent) => void> = [];

	postMessage(message: ToWorker): void {
		this.received.push(message);
		switch (message.type) {
			case 'load': {
				this.#send({type: 'progress', progress: {file: 'model.onnx', fileDone: 50, fileTotal: 100, done: 50, total: 101}});
				this.#send({type: 'loaded', detail: 'exported model, 1 thread, word timings', timings: {weightsMs: 1, g2pMs: 1, sessionMs: 1, threads: 1, isolated: false}});
				break;
			}

			case 'synthesize': {
				if (this.answer === 'hold') {
					this.#held.push(message);
				} else if (this.answer === 'fail') {
					this.#send({type: 'failed', id: message.id, error: `voice ${message.voice} is not loaded`});
				} else {
					this.#send(clipFor(message));
				}

				break;
			}

			case 'cancel': {
				// The real worker answers a cancelled request with `failed` after its current model call.
				const index = this.#held.findIndex(held => held.id === message.id);
				if (index >= 0) {
					this.#held.splice(index, 1);
					this.#send({type: 'failed', id: message.id, error: 'cancelled'});
				}

				break;
			}
		}
	}

	addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
	addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
	addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<FromWorker>) => void) | ((event: ErrorEvent) => void)): void {
		if (type === 'message') {
			this.#message.push(listener as (event: MessageEvent<FromWorker>) => void);
		} else {
			this.#error.push(listener as (event: ErrorEvent) => void);
		}
	}

	release(): void {
		for (const held of this.#held.splice(0)) {
			this.#send(clipFor(held));
		}
	}

	/** What a worker whose script is missing does: an `error` event, no message. */
	crash(message: string): void {
		setTimeout(() => {
			for (const listener of this.#error) {
				listener({message} as ErrorEvent);
			}
		}, 0);
	}

	get synthesized(): Synthesize[] {
		return this.received.filter((message): message is Synthesize => message.type === 'synthesize');
	}

	#send(message: FromWorker): void {
		setTimeout(() => {
			for (const listener of this.#message) {
				listener({data: message} as MessageEvent<FromWorker>);
			}
		}, 0);
	}
}

function clipFor(request: Synthesize): FromWorker {
	const words = [];
	let at = 0;
	for (const word of request.text.split(' ')) {
		words.push({start: at / 10, end: (at + word.length) / 10, charStart: at, charEnd: at + word.length});
		at += word.length + 1;
	}

	return {type: 'clip', id: request.id, samples: new Float32Array(request.text.length * 10).fill(0.25), sampleRate: 24_000, words, inferenceMs: 1};
}

function setup(options: {voices?: string[]; modelBaseUrl?: string; engines?: Array<'browser-kokoro' | Engine>} = {}) {
	const workers: FakeWorker[] = [];
	const tts = createTTS({
		engines: options.engines ?? ['browser-kokoro'],
		kokoro: {
			worker() {
				const worker = new FakeWorker();
				workers.push(worker);
				return worker;
			},
			modelBaseUrl: options.modelBaseUrl ?? 'http://127.0.0.1:8000/kokoro/',
			...(options.voices ? {voices: options.voices} : {}),
		},
	});
	const events: KokoroEvent[] = [];
	tts.on('kokoro', event => events.push(event));
	return {tts, workers, events};
}

test('with a worker, synthesize() returns its samples and, when asked, word timings with the words themselves', async () => {
	const {tts, workers} = setup();
	assert.equal(await tts.probe(), 'browser-kokoro');
	assert.equal(workers.length, 0, 'probing does not start the worker (a 93 MB download)');
	const result = await tts.synthesize('Hello brave world', {voice: 'bf_emma', speed: 1.25, words: true});
	assert.equal(result.engine, 'browser-kokoro');
	assert.equal(result.sampleRate, 24_000);
	assert.equal(result.audio.length, 170);
	assert.deepEqual(result.words?.map(word => [word.word, word.charStart, word.charEnd]), [['Hello', 0, 5], ['brave', 6, 11], ['world', 12, 17]]);
	assert.deepEqual(workers[0]!.synthesized.map(({text, voice, speed, config}) => ({text, voice, speed, config})), [{
		text: 'Hello brave world',
		voice: 'bf_emma',
		speed: 1.25,
		// The default voice is held ready besides the one asked for; the trailing slash is dropped.
		config: {baseUrl: 'http://127.0.0.1:8000/kokoro', voices: ['af_heart', 'bf_emma']},
	}]);
	const plain = await tts.synthesize('Again');
	assert.equal(plain.words, undefined, 'no timings unless asked');
	assert.equal(workers.length, 1, 'one worker for the life of the client: the model loads once');
	assert.deepEqual(workers[0]!.synthesized.map(message => message.id), [1, 2]);
});

test('speak() plays the worker\'s samples through Web Audio', async () => {
	const audio = new FakeAudioContext();
	const workers: FakeWorker[] = [];
	const tts = createTTS({
		engines: ['browser-kokoro'],
		audioContext: audio.asContext(),
		kokoro: {
			worker() {
				workers.push(new FakeWorker());
				return workers.at(-1)!;
			},
			voices: ['af_heart', 'zf_xiaobei'],
		},
	});
	assert.deepEqual(await tts.speak('Hi there'), {engine: 'browser-kokoro', stopped: false});
	assert.equal(audio.played, 80);
	assert.equal(workers[0]!.synthesized[0]!.config.baseUrl, 'https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main', 'the default weights are the extension\'s default');
	assert.deepEqual(workers[0]!.synthesized[0]!.config.voices, ['af_heart', 'zf_xiaobei']);
});

test('preload() starts the download without a sentence; progress and loaded arrive as kokoro events', async () => {
	const {tts, workers, events} = setup({voices: ['af_heart', 'zf_xiaobei']});
	assert.equal(tts.preload(), true);
	assert.deepEqual(workers[0]!.received, [{type: 'load', config: {baseUrl: 'http://127.0.0.1:8000/kokoro', voices: ['af_heart', 'zf_xiaobei']}}]);
	await delay(5);
	assert.deepEqual(events.map(event => event.type), ['progress', 'loaded']);
	const progress = events[0];
	assert.ok(progress?.type === 'progress');
	assert.equal(progress.progress.done, 50);
});

test('stop() rejects a pending synthesize with AbortedError and tells the worker to cancel that id; its late answer is dropped', async () => {
	const {tts, workers} = setup();
	const worker = new FakeWorker();
	worker.answer = 'hold';
	const client = new KokoroWorkerClient({worker: () => worker});
	const controller = new AbortController();
	const pending = client.synthesize({config: {baseUrl: 'x', voices: ['af_heart']}, text: 'Long text', voice: 'af_heart', speed: 1}, controller.signal);
	controller.abort();
	await assert.rejects(pending, AbortedError);
	assert.deepEqual(worker.received.at(-1), {type: 'cancel', id: 1});
	await delay(5);

	// The same through the TTS object.
	tts.preload();
	workers[0]!.answer = 'hold';
	const call = tts.synthesize('Long text');
	await delay(1);
	tts.stop();
	await assert.rejects(call, AbortedError);
	assert.deepEqual(workers[0]!.received.at(-1), {type: 'cancel', id: workers[0]!.synthesized[0]!.id});
});

test('a sentence the worker fails is a KokoroWorkerError, and the call falls back to the next engine', async () => {
	const backup: Engine = {
		id: 'backup',
		async available() {
			return {ok: true};
		},
		async synthesize() {
			return {audio: new Float32Array(1), sampleRate: 24_000, engine: 'backup'};
		},
	};
	const {tts, workers} = setup({engines: ['browser-kokoro', backup]});
	tts.preload();
	workers[0]!.answer = 'fail';
	const result = await tts.synthesize('Hello', {voice: 'xx_nobody'});
	assert.equal(result.engine, 'backup');
	assert.equal(tts.attempts[0]!.engine, 'browser-kokoro');
	assert.ok(tts.attempts[0]!.error instanceof KokoroWorkerError);
	assert.equal(tts.attempts[0]!.reason, 'Kokoro in the browser: voice xx_nobody is not loaded');
});

test('a worker that dies fails every waiting sentence with its reason, reports load-failed, and the next call starts a new one', async () => {
	const {tts, workers, events} = setup();
	tts.preload();
	workers[0]!.answer = 'hold';
	const first = tts.synthesize('One');
	const second = tts.synthesize('Two');
	await delay(1);
	workers[0]!.crash('kokoro-worker.js: 404');
	for (const call of [first, second]) {
		// eslint-disable-next-line no-await-in-loop
		await assert.rejects(call, (error: unknown) => error instanceof NoEngineError
			&& error.attempts[0]?.error instanceof KokoroWorkerError
			&& error.message.endsWith('browser-kokoro: Kokoro in the browser: the inference worker stopped: kokoro-worker.js: 404'));
	}

	assert.deepEqual(events.at(-1), {type: 'load-failed', error: 'Kokoro in the browser: the inference worker stopped: kokoro-worker.js: 404'});
	const again = await tts.synthesize('Three');
	assert.equal(again.audio.length, 50);
	assert.equal(workers.length, 2);
});

test('a worker that cannot be constructed fails the call with the reason instead of throwing from preload()', async () => {
	const tts = createTTS({
		engines: ['browser-kokoro'],
		kokoro: {
			worker() {
				throw new DOMException('Failed to construct \'Worker\': Script at \'https://cdn.example/kokoro-worker.js\' cannot be accessed from origin', 'SecurityError');
			},
		},
	});
	const events: KokoroEvent[] = [];
	tts.on('kokoro', event => events.push(event));
	assert.equal(tts.preload(), true);
	assert.equal(events[0]?.type, 'load-failed');
	await assert.rejects(tts.synthesize('Hi'), (error: unknown) => error instanceof NoEngineError && /the inference worker could not start: Failed to construct 'Worker'/.test(error.message));
});
