// The server engine: request shapes, WAV and timestamp decoding, streaming playback as chunks arrive, the WAV fallback for servers without the streaming route, stop() and mid-stream failures.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {AbortedError, createTTS, type Engine} from '../../source/index.js';
import {FakeAudioContext, FakeServer, delay, pcmBytes, sine} from '../helpers.js';

function setup(engines: Array<'server' | Engine> = ['server']) {
	const server = new FakeServer();
	const audio = new FakeAudioContext();
	const tts = createTTS({fetch: server.fetch, engines, audioContext: audio.asContext(), requestTimeoutMs: 500});
	return {server, audio, tts};
}

/** A body the test feeds by hand, to show playback starting before the stream ends. */
function manualStream() {
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	const stream = new ReadableStream<Uint8Array>({
		start(c) {
			controller = c;
		},
	});
	return {stream, push: (bytes: Uint8Array) => controller.enqueue(bytes), close: () => controller.close(), fail: (error: Error) => controller.error(error)};
}

test('synthesize posts {text, voice, speed} with defaults and returns the WAV samples', async () => {
	const {server, tts} = setup();
	const result = await tts.synthesize('Hello world');
	const post = server.calls.find(call => call.path === '/synthesize')!;
	assert.deepEqual(post.body, {text: 'Hello world', voice: 'af_heart', speed: 1});
	assert.equal((post.init.headers as Record<string, string>)['content-type'], 'application/json');
	assert.ok(result.audio instanceof Float32Array);
	assert.equal(result.audio.length, 4800);
	assert.equal(result.sampleRate, 24_000);
	assert.equal(result.engine, 'server');
	assert.equal(result.words, undefined);
});

test('voice, speed and lang are passed through; defaultVoice applies', async () => {
	const server = new FakeServer();
	const tts = createTTS({fetch: server.fetch, engines: ['server'], defaultVoice: 'bf_emma'});
	await tts.synthesize('Hi');
	await tts.synthesize('你好', {voice: 'zf_xiaobei', speed: 1.25, lang: 'zh'});
	const posts = server.calls.filter(call => call.path === '/synthesize').map(call => call.body);
	assert.deepEqual(posts, [{text: 'Hi', voice: 'bf_emma', speed: 1}, {text: '你好', voice: 'zf_xiaobei', speed: 1.25, lang: 'zh'}]);
});

test('continues: true is passed as the server\'s "continues"; false or absent sends nothing', async () => {
	const {server, tts} = setup();
	await tts.synthesize('Obama admits', {continues: true});
	await tts.synthesize('US gun laws.', {continues: false});
	const posts = server.calls.filter(call => call.path === '/synthesize').map(call => call.body);
	assert.deepEqual(posts, [{text: 'Obama admits', voice: 'af_heart', speed: 1, continues: true}, {text: 'US gun laws.', voice: 'af_heart', speed: 1}]);
});

test('words: true asks for timestamps and maps them to camelCase', async () => {
	const {server, tts} = setup();
	const result = await tts.synthesize('Hello', {words: true});
	assert.equal((server.calls.at(-1)!.body as {timestamps?: boolean}).timestamps, true);
	assert.equal(result.audio.length, 4800);
	assert.deepEqual(result.words, [{word: 'Hello', start: 0, end: 0.1, charStart: 0, charEnd: 5}]);
});

test('speak streams /v1/audio/speech as PCM and starts playing before the body ends', async () => {
	const {server, audio, tts} = setup();
	audio.holdPlayback = true;
	const body = manualStream();
	server.handlers.set('/v1/audio/speech', () => new Response(body.stream, {headers: {'content-type': 'audio/pcm'}}));
	const events: string[] = [];
	tts.on('start', ({engine}) => events.push(`start:${engine}`));
	tts.on('end', ({stopped}) => events.push(`end:${stopped}`));

	const speaking = tts.speak('Hello there. How are you?');
	const bytes = pcmBytes(sine(0.1));
	// Split inside a sample (odd length) to check the carry.
	body.push(bytes.subarray(0, 1001));
	await delay(20);
	assert.deepEqual(events, ['start:server'], 'sound started with only the first chunk received');
	assert.equal(audio.played, 500);

	body.push(bytes.subarray(1001));
	body.close();
	await delay(20);
	assert.equal(audio.played, 2400);
	const sources = audio.sources.map(source => source.startedAt!);
	assert.ok(sources[1]! > sources[0]!, 'chunks are scheduled back to back');
	assert.ok(Math.abs(sources[1]! - (sources[0]! + (500 / 24_000))) < 1e-9, 'second chunk starts exactly where the first ends');

	audio.releasePlayback();
	const result = await speaking;
	assert.deepEqual(result, {engine: 'server', stopped: false});
	assert.deepEqual(events, ['start:server', 'end:false']);

	const request = server.calls.find(call => call.path === '/v1/audio/speech')!;
	assert.deepEqual(request.body, {model: 'kokoro', input: 'Hello there. How are you?', voice: 'af_heart', speed: 1, response_format: 'pcm', stream: true});
});

test('speak falls back to /synthesize WAV when the server has no streaming route (404), and remembers', async () => {
	const {server, audio, tts} = setup();
	server.streaming = false;
	assert.deepEqual(await tts.speak('one'), {engine: 'server', stopped: false});
	assert.deepEqual(await tts.speak('two'), {engine: 'server', stopped: false});
	assert.deepEqual(server.paths(), ['GET /health', 'POST /v1/audio/speech', 'POST /synthesize', 'POST /synthesize']);
	assert.equal(audio.played, 9600);
});

test('stop() during streaming aborts the request, silences the player and resolves speak with stopped', async () => {
	const {server, audio, tts} = setup();
	audio.holdPlayback = true;
	const body = manualStream();
	let requestSignal: AbortSignal | undefined;
	server.handlers.set('/v1/audio/speech', call => {
		requestSignal = call.init.signal ?? undefined;
		return new Response(body.stream, {headers: {'content-type': 'audio/pcm'}});
	});
	const ends: boolean[] = [];
	tts.on('end', ({stopped}) => ends.push(stopped));
	const speaking = tts.speak('A long text');
	body.push(pcmBytes(sine(0.1)));
	await delay(20);
	tts.stop();
	const result = await speaking;
	assert.deepEqual(result, {engine: 'server', stopped: true});
	assert.equal(requestSignal?.aborted, true);
	assert.ok(audio.sources.every(source => source.stopped));
	assert.deepEqual(ends, [true]);
});

test('a newer speak() interrupts the one playing', async () => {
	const {audio, tts} = setup();
	audio.holdPlayback = true;
	const first = tts.speak('first');
	await delay(20);
	const second = tts.speak('second');
	assert.deepEqual(await first, {engine: 'server', stopped: true});
	audio.releasePlayback();
	await delay(10);
	audio.releasePlayback();
	assert.deepEqual(await second, {engine: 'server', stopped: false});
});

test('stop() during synthesize rejects with AbortedError (no error event)', async () => {
	const {server, tts} = setup();
	await tts.probe();
	server.mode = 'hang';
	const errors: Error[] = [];
	tts.on('error', ({error}) => errors.push(error));
	const pending = tts.synthesize('Hello');
	await delay(10);
	tts.stop();
	await assert.rejects(pending, AbortedError);
	assert.deepEqual(errors, []);
});

test('the caller\'s own signal cancels just that call', async () => {
	const {server, tts} = setup();
	await tts.probe();
	server.mode = 'hang';
	const controller = new AbortController();
	const pending = tts.synthesize('Hello', {signal: controller.signal});
	controller.abort();
	await assert.rejects(pending, AbortedError);
});

test('server dies mid-stream: the call falls back to the next engine and the server is marked down', async () => {
	const spoken: string[] = [];
	const fallback: Engine = {
		id: 'fallback',
		async available() {
			return {ok: true};
		},
		async speak(text) {
			spoken.push(text);
		},
	};
	const {server, audio, tts} = setup(['server', fallback]);
	const body = manualStream();
	server.handlers.set('/v1/audio/speech', () => new Response(body.stream, {headers: {'content-type': 'audio/pcm'}}));
	audio.holdPlayback = true;
	const speaking = tts.speak('Hello there');
	body.push(pcmBytes(sine(0.05)));
	await delay(10);
	body.fail(new TypeError('network error'));
	const result = await speaking;
	assert.deepEqual(result, {engine: 'fallback', stopped: false});
	assert.deepEqual(spoken, ['Hello there']);
	assert.ok(audio.sources.every(source => source.stopped), 'the partial server audio was silenced before the fallback spoke');
	assert.match(tts.attempts[0]!.reason, /Could not reach POST .*\/v1\/audio\/speech: network error/);
	const healthBefore = server.count('/health');
	assert.equal((await tts.speak('next')).engine, 'fallback', 'still down: no new server request');
	assert.equal(server.count('/health'), healthBefore);
});

test('a stalled stream (headers, then nothing) times out after requestTimeoutMs and falls back', async () => {
	const fallback: Engine = {
		id: 'fallback',
		async available() {
			return {ok: true};
		},
		async speak() {},
	};
	const {server, tts} = setup(['server', fallback]);
	server.handlers.set('/v1/audio/speech', () => new Response(manualStream().stream, {headers: {'content-type': 'audio/pcm'}}));
	const started = performance.now();
	const result = await tts.speak('Hello');
	assert.equal(result.engine, 'fallback');
	assert.match(tts.attempts[0]!.reason, /No answer within 500 ms \(POST .*\/v1\/audio\/speech\)/);
	assert.ok(performance.now() - started < 1500);
});

test('a suspended AudioContext that will not resume fails fast with PlaybackError instead of hanging', async () => {
	const {audio, tts} = setup();
	audio.state = 'suspended';
	audio.resumeWorks = false;
	const started = performance.now();
	await assert.rejects(tts.speak('Hello'), (error: Error) => error.name === 'NoEngineError' && /autoplay/.test(error.message));
	assert.ok(performance.now() - started < 3000);
});
