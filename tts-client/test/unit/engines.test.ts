// Engine order and web-speech (voice choice, no-voice fail-fast, cannot synthesize); browser-kokoro without a worker. browser-kokoro with one is in browser-kokoro.test.ts.
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {
	createTTS, EngineCapabilityError, EngineUnavailableError, NoEngineError, NoVoiceError, WebSpeechError, type Engine, type TtsEventMap,
} from '../../source/index.js';
import {FakeAudioContext, FakeServer, installSpeech} from '../helpers.js';

let speech: ReturnType<typeof installSpeech> | undefined;
afterEach(() => {
	speech?.remove();
	speech = undefined;
});

function downServer() {
	const server = new FakeServer();
	server.mode = 'down';
	return server;
}

test('default order is server, browser-kokoro, web-speech; each skip is recorded with its reason', async () => {
	speech = installSpeech([{lang: 'en-US'}]);
	const tts = createTTS({fetch: downServer().fetch});
	const changes: Array<TtsEventMap['enginechange']> = [];
	tts.on('enginechange', detail => changes.push(detail));
	const result = await tts.speak('Hello');
	assert.deepEqual(result, {engine: 'web-speech', stopped: false});
	assert.equal(tts.engine, 'web-speech');
	assert.deepEqual(tts.attempts.map(attempt => attempt.engine), ['server', 'browser-kokoro']);
	assert.match(tts.attempts[1]!.reason, /^no Kokoro worker configured/);
	assert.ok(tts.attempts[1]!.error instanceof EngineUnavailableError);
	assert.deepEqual(changes.map(change => change.engine), ['web-speech']);
	assert.deepEqual(changes[0]!.skipped.map(skip => skip.engine), ['server', 'browser-kokoro']);
});

test('browser-kokoro without a worker says so plainly, and preload() does nothing', async () => {
	const tts = createTTS({fetch: downServer().fetch, engines: ['browser-kokoro']});
	assert.equal(tts.preload(), false);
	await assert.rejects(tts.synthesize('Hello'), (error: unknown) => error instanceof NoEngineError
		&& error.attempts[0]?.error instanceof EngineUnavailableError
		&& error.message === 'No engine could synthesize: browser-kokoro: no Kokoro worker configured (the kokoro.worker option)');
});

test('custom engine order is honoured', async () => {
	const used: string[] = [];
	const make = (id: string, ok: boolean): Engine => ({
		id,
		async available() {
			return ok ? {ok: true} : {ok: false, reason: `${id} off`};
		},
		async synthesize() {
			used.push(id);
			return {audio: new Float32Array(1), sampleRate: 24_000, engine: id};
		},
	});
	const tts = createTTS({engines: [make('a', false), make('b', true), make('c', true)]});
	assert.equal((await tts.synthesize('x')).engine, 'b');
	assert.deepEqual(used, ['b']);
	assert.deepEqual(tts.attempts, [{engine: 'a', reason: 'a off', error: tts.attempts[0]!.error}]);
});

test('an engine that throws is followed by the next one; NoEngineError lists every reason in order', async () => {
	const broken: Engine = {
		id: 'broken',
		async available() {
			return {ok: true};
		},
		async synthesize() {
			throw new Error('model file corrupt');
		},
	};
	const tts = createTTS({fetch: downServer().fetch, engines: ['server', broken, 'browser-kokoro']});
	const errors: Error[] = [];
	tts.on('error', ({error}) => errors.push(error));
	const error = await tts.synthesize('Hello').catch((error_: unknown) => error_);
	assert.ok(error instanceof NoEngineError);
	assert.deepEqual(error.attempts.map(attempt => attempt.engine), ['server', 'broken', 'browser-kokoro']);
	assert.match(error.message, /^No engine could synthesize: server: Could not reach .*; broken: model file corrupt; browser-kokoro: no Kokoro worker configured \(the kokoro.worker option\)$/);
	assert.equal(tts.engine, null, 'no engine could run: engine is null');
	assert.equal(errors[0], error);
});

test('unknown engine names fail at createTTS, not at the first call', () => {
	assert.throws(() => createTTS({engines: ['server', 'espeak' as 'server']}), /Unknown engine "espeak"/);
});

test('invalid timing options are rejected with a clear message', () => {
	assert.throws(() => createTTS({probeTimeoutMs: -1}), /probeTimeoutMs must be a positive number/);
	assert.throws(() => createTTS({reprobeMs: Number.NaN}), /reprobeMs/);
});

test('empty text is a caller error', async () => {
	const tts = createTTS({engines: []});
	await assert.rejects(tts.synthesize('  '), /text must be a non-empty string/);
});

test('web-speech: synthesize() skips it with EngineCapabilityError (it cannot return samples)', async () => {
	speech = installSpeech([{lang: 'en-US'}]);
	const tts = createTTS({fetch: downServer().fetch, engines: ['server', 'web-speech']});
	const error = await tts.synthesize('Hello').catch((error_: unknown) => error_);
	assert.ok(error instanceof NoEngineError);
	assert.ok(error.attempts[1]!.error instanceof EngineCapabilityError);
	assert.match(error.message, /web-speech: web-speech cannot synthesize: it plays speech itself and cannot return samples/);
	assert.deepEqual(speech.spoken, []);
});

test('web-speech: synthesize() takes the next engine that can return audio', async () => {
	speech = installSpeech([{lang: 'en-US'}]);
	const samples: Engine = {
		id: 'samples',
		async available() {
			return {ok: true};
		},
		async synthesize() {
			return {audio: new Float32Array(3), sampleRate: 24_000, engine: 'samples'};
		},
	};
	const tts = createTTS({fetch: downServer().fetch, engines: ['server', 'web-speech', samples]});
	assert.equal((await tts.synthesize('Hello')).engine, 'samples');
});

test('web-speech: no voices at all fails fast (voicesTimeoutMs) with NoVoiceError, never hangs', async () => {
	speech = installSpeech([]);
	const tts = createTTS({fetch: downServer().fetch, voicesTimeoutMs: 100});
	const started = performance.now();
	const error = await tts.speak('Hello').catch((error_: unknown) => error_);
	const elapsed = performance.now() - started;
	assert.ok(error instanceof NoEngineError);
	const last = error.attempts.at(-1)!;
	assert.equal(last.engine, 'web-speech');
	assert.ok(last.error instanceof NoVoiceError);
	assert.match(last.reason, /speechSynthesis lists no voices \(waited 100 ms\)/);
	assert.ok(elapsed < 600, `took ${elapsed} ms`);
	// The wait happens once; the next call answers at once.
	const again = performance.now();
	await tts.speak('Hello').catch(() => undefined);
	assert.ok(performance.now() - again < 50);
});

test('web-speech: voices that arrive late (voiceschanged) are used', async () => {
	speech = installSpeech([]);
	const tts = createTTS({fetch: downServer().fetch, engines: ['web-speech'], voicesTimeoutMs: 2000});
	setTimeout(() => {
		speech!.synth.addVoices([{lang: 'en-US'}]);
	}, 20);
	assert.deepEqual(await tts.speak('Hello'), {engine: 'web-speech', stopped: false});
});

test('web-speech: Han text gets a Mandarin voice; English follows the voice prefix; speed becomes rate', async () => {
	speech = installSpeech([{lang: 'en-US', name: 'us'}, {lang: 'en-GB', name: 'gb'}, {lang: 'zh-CN', name: 'zh'}]);
	const tts = createTTS({engines: ['web-speech']});
	await tts.speak('你好，世界');
	await tts.speak('Hello', {voice: 'bf_emma', speed: 1.5});
	await tts.speak('Hello');
	assert.deepEqual(speech.spoken.map(entry => [entry.voice?.name, entry.lang, entry.rate]), [['zh', 'zh-CN', 1], ['gb', 'en-GB', 1.5], ['us', 'en-US', 1]]);
});

test('web-speech: no voice for the text\'s language is a NoVoiceError, not a wrong-language reading', async () => {
	speech = installSpeech([{lang: 'en-US'}]);
	const tts = createTTS({engines: ['web-speech']});
	const error = await tts.speak('你好').catch((error_: unknown) => error_);
	assert.ok(error instanceof NoEngineError);
	const cause = error.attempts[0]!.error;
	assert.ok(cause instanceof NoVoiceError);
	assert.equal(cause.lang, 'zh-CN');
	assert.match(cause.message, /no voice for zh-CN \(it has: en-US\)/);
});

test('web-speech: a blocked utterance (not-allowed) rejects with WebSpeechError at once', async () => {
	speech = installSpeech([{lang: 'en-US'}], 'not-allowed');
	const tts = createTTS({engines: ['web-speech']});
	const error = await tts.speak('Hello').catch((error_: unknown) => error_);
	assert.ok(error instanceof NoEngineError);
	assert.ok(error.attempts[0]!.error instanceof WebSpeechError);
	assert.equal((error.attempts[0]!.error as WebSpeechError).code, 'not-allowed');
});

test('web-speech: stop() cancels speech and resolves speak with stopped', async () => {
	speech = installSpeech([{lang: 'en-US'}], 'silent');
	const tts = createTTS({engines: ['web-speech']});
	const speaking = tts.speak('Hello');
	await new Promise(resolve => {
		setTimeout(resolve, 10);
	});
	tts.stop();
	assert.deepEqual(await speaking, {engine: 'web-speech', stopped: true});
});

test('web-speech: an utterance that never starts fails within seconds (no hang)', {timeout: 10_000}, async () => {
	speech = installSpeech([{lang: 'en-US'}], 'silent');
	const tts = createTTS({engines: ['web-speech']});
	const started = performance.now();
	const error = await tts.speak('Hello').catch((error_: unknown) => error_);
	assert.ok(error instanceof NoEngineError);
	assert.equal((error.attempts[0]!.error as WebSpeechError).code, 'start-timeout');
	assert.ok(performance.now() - started < 6000);
});

test('an engine with only synthesize() is played through Web Audio by speak()', async () => {
	const audio = new FakeAudioContext();
	const samples: Engine = {
		id: 'samples',
		async available() {
			return {ok: true};
		},
		async synthesize() {
			return {audio: new Float32Array(240), sampleRate: 24_000, engine: 'samples'};
		},
	};
	const tts = createTTS({engines: [samples], audioContext: audio.asContext()});
	const events: string[] = [];
	tts.on('start', () => events.push('start'));
	tts.on('end', () => events.push('end'));
	assert.deepEqual(await tts.speak('Hi'), {engine: 'samples', stopped: false});
	assert.equal(audio.played, 240);
	assert.deepEqual(events, ['start', 'end']);
});

test('events are also plain DOM events (addEventListener + CustomEvent.detail)', async () => {
	const server = new FakeServer();
	const tts = createTTS({fetch: server.fetch, engines: ['server']});
	const seen: unknown[] = [];
	tts.addEventListener('enginechange', event => seen.push((event as CustomEvent).detail.engine));
	await tts.probe();
	assert.deepEqual(seen, ['server']);
});
