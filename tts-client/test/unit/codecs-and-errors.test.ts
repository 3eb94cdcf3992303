// WAV/PCM decoding and the error classes' contract (names, base class, cause, messages).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	AbortedError, AudioFormatError, decodeWav, EngineUnavailableError, isNoEngineError, KokoroWorkerError, isServerError, isTtsError, NetworkError, NoEngineError, NoVoiceError, PlaybackError, ServerError, TimeoutError, TtsError, WebSpeechError,
} from '../../source/index.js';
import {S16leDecoder} from '../../source/utils/pcm.js';
import {retryAfterMs} from '../../source/utils/request.js';
import {pcmBytes, sine, wavBytes} from '../helpers.js';

test('decodeWav reads PCM16 mono with its rate', () => {
	const input = sine(0.01, 440, 24_000);
	const {samples, sampleRate} = decodeWav(wavBytes(input));
	assert.equal(sampleRate, 24_000);
	assert.equal(samples.length, input.length);
	for (const [index, value] of input.entries()) {
		assert.ok(Math.abs(samples[index]! - value) < 1e-4);
	}
});

test('decodeWav skips unknown chunks and reads a streaming WAV with 0xFFFFFFFF data size', () => {
	const plain = wavBytes([0.5, -0.5, 0.25]);
	// Insert a LIST chunk before data and set the data size to the streaming sentinel.
	const list = new Uint8Array([0x4C, 0x49, 0x53, 0x54, 3, 0, 0, 0, 1, 2, 3, 0]);
	const bytes = new Uint8Array(plain.length + list.length);
	bytes.set(plain.subarray(0, 36));
	bytes.set(list, 36);
	bytes.set(plain.subarray(36), 36 + list.length);
	new DataView(bytes.buffer).setUint32(36 + list.length + 4, 0xFF_FF_FF_FF, true);
	const {samples} = decodeWav(bytes);
	assert.equal(samples.length, 3);
	assert.ok(Math.abs(samples[1]! + 0.5) < 1e-4);
});

test('decodeWav rejects non-WAV with AudioFormatError', () => {
	assert.throws(() => decodeWav(new TextEncoder().encode('{"error":"x"}')), AudioFormatError);
});

test('decodeWav rejects a WAV whose data did not all arrive, rather than play a sentence cut off', () => {
	const whole = wavBytes(sine(0.01, 440, 24_000));
	assert.throws(() => decodeWav(whole.subarray(0, whole.length - 100)), {name: 'AudioFormatError', message: /WAV is truncated: its header promises 480 bytes of audio, 380 arrived/});
});

test('Retry-After: seconds or an HTTP date, as ms from now', () => {
	const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
	assert.equal(retryAfterMs('2', now), 2000);
	assert.equal(retryAfterMs(' 0 ', now), 0);
	assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:03 GMT', now), 3000);
	assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:27:00 GMT', now), 0);
	assert.equal(retryAfterMs(null, now), undefined);
	assert.equal(retryAfterMs('soon', now), undefined);
	assert.equal(retryAfterMs('-5', now), undefined);
});

test('S16leDecoder carries a split sample across chunks', () => {
	const bytes = pcmBytes([0.5, -0.25, 0.125]);
	const decoder = new S16leDecoder();
	const a = decoder.push(bytes.subarray(0, 3));
	assert.equal(decoder.pending, 1);
	const b = decoder.push(bytes.subarray(3));
	assert.equal(decoder.pending, 0);
	const all = [...a, ...b];
	assert.equal(all.length, 3);
	assert.ok(Math.abs(all[1]! + 0.25) < 1e-4);
	assert.ok(Math.abs(all[2]! - 0.125) < 1e-4);
});

test('every error is a TtsError with its own name', () => {
	const errors: Array<[TtsError, string]> = [
		[new ServerError({status: 503, code: 'loading', serverMessage: 'model loading', method: 'POST', url: 'http://127.0.0.1:9527/synthesize'}), 'ServerError'],
		[new NetworkError('GET', 'http://127.0.0.1:9527/health', new TypeError('Failed to fetch')), 'NetworkError'],
		[new TimeoutError('GET', 'http://127.0.0.1:9527/health', 300), 'TimeoutError'],
		[new NoEngineError('speak', []), 'NoEngineError'],
		[new EngineUnavailableError('browser-kokoro', 'no Kokoro worker configured'), 'EngineUnavailableError'],
		[new NoVoiceError('zh-CN', 'none'), 'NoVoiceError'],
		[new WebSpeechError('not-allowed', 'x'), 'WebSpeechError'],
		[new PlaybackError('x'), 'PlaybackError'],
		[new AudioFormatError('x'), 'AudioFormatError'],
		[new AbortedError(), 'AbortedError'],
		[new KokoroWorkerError('voice xx is not loaded'), 'KokoroWorkerError'],
	];
	for (const [error, name] of errors) {
		assert.ok(error instanceof TtsError, name);
		assert.ok(error instanceof Error, name);
		assert.ok(isTtsError(error), name);
		assert.equal(error.name, name);
	}
});

test('messages carry method and URL; cause is kept', () => {
	const cause = new TypeError('Failed to fetch');
	const network = new NetworkError('GET', 'http://127.0.0.1:9527/health', cause);
	assert.equal(network.message, 'Could not reach GET http://127.0.0.1:9527/health: Failed to fetch');
	assert.equal(network.cause, cause);
	assert.equal(new TimeoutError('GET', 'http://127.0.0.1:9527/health', 300).message, 'No answer within 300 ms (GET http://127.0.0.1:9527/health)');
	const server = new ServerError({status: 400, code: 'text_too_long', serverMessage: 'max 5000 chars', method: 'POST', url: 'http://127.0.0.1:9527/synthesize'});
	assert.equal(server.message, 'Server answered 400 text_too_long: max 5000 chars (POST http://127.0.0.1:9527/synthesize)');
	assert.ok(server.isClientError);
	assert.ok(isServerError(server));
	assert.equal(new ServerError({status: 503, code: 'x', serverMessage: 'y', method: 'GET', url: 'u'}).isClientError, false);
});

test('NoEngineError lists reasons and keeps the last failure as cause', () => {
	const last = new NoVoiceError(undefined, 'speechSynthesis lists no voices');
	const error = new NoEngineError('speak', [{engine: 'server', reason: 'down'}, {engine: 'web-speech', reason: last.message, error: last}]);
	assert.equal(error.message, 'No engine could speak: server: down; web-speech: speechSynthesis lists no voices');
	assert.equal(error.cause, last);
	assert.ok(isNoEngineError(error));
	assert.equal(new NoEngineError('speak', []).message, 'No engine could speak: no engines configured');
});
