// Discovery: probing /health, caching the answer, re-probe timing, fallback order and return to the server.
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {createTTS, NoEngineError, ServerError, TimeoutError, NetworkError, type Engine, type TtsEventMap} from '../../source/index.js';
import {ServerDiscovery} from '../../source/core/discovery.js';
import {FakeClock, FakeServer, sine} from '../helpers.js';

/** A fallback engine that always works, so tests can see which engine served. */
function fallbackEngine(id = 'fallback'): Engine & {calls: number} {
	const engine = {
		id,
		calls: 0,
		async available() {
			return {ok: true as const};
		},
		async synthesize() {
			engine.calls++;
			return {audio: new Float32Array(10), sampleRate: 24_000, engine: id};
		},
	};
	return engine;
}

function setup(options: {reprobeMs?: number; probeTimeoutMs?: number} = {}) {
	const server = new FakeServer();
	const clock = new FakeClock();
	const fallback = fallbackEngine();
	const tts = createTTS({fetch: server.fetch, now: clock.now, engines: ['server', fallback], reprobeMs: options.reprobeMs ?? 5000, probeTimeoutMs: options.probeTimeoutMs});
	const changes: Array<TtsEventMap['enginechange']> = [];
	const probes: Array<TtsEventMap['probe']> = [];
	tts.on('enginechange', detail => changes.push(detail));
	tts.on('probe', detail => probes.push(detail));
	return {server, clock, fallback, tts, changes, probes};
}

afterEach(() => {
	delete (globalThis as Record<string, unknown>).location;
});

test('engine is null before the first call, and nothing is fetched on creation', () => {
	const {tts, server} = setup();
	assert.equal(tts.engine, null);
	assert.deepEqual(server.calls, []);
});

test('first call probes GET 127.0.0.1:9527/health once, then uses the server', async () => {
	const {tts, server, changes} = setup();
	const result = await tts.synthesize('Hello');
	assert.equal(result.engine, 'server');
	assert.equal(tts.engine, 'server');
	assert.deepEqual(server.paths(), ['GET /health', 'POST /synthesize']);
	assert.equal(server.calls[0]!.url, 'http://127.0.0.1:9527/health');
	assert.deepEqual(changes.map(change => change.engine), ['server']);
});

test('probe asks for the loopback address space and sends no credentials', async () => {
	const {tts, server} = setup();
	await tts.probe();
	const {init} = server.calls[0]!;
	assert.equal(init.targetAddressSpace, 'loopback');
	assert.equal(init.credentials, 'omit');
	assert.equal(init.mode, 'cors');
	assert.equal(init.cache, 'no-store');
});

test('an "up" answer is cached: later calls do not probe again', async () => {
	const {tts, server} = setup();
	await tts.synthesize('one');
	await tts.synthesize('two');
	await tts.synthesize('three');
	assert.equal(server.count('/health'), 1);
	assert.equal(server.count('/synthesize'), 3);
});

test('concurrent first calls share one probe', async () => {
	const {tts, server} = setup();
	await Promise.all([tts.synthesize('a'), tts.synthesize('b'), tts.probe()]);
	assert.equal(server.count('/health'), 1);
});

test('server down: falls back to the next engine and records the reason', async () => {
	const {tts, server, fallback, changes, probes} = setup();
	server.mode = 'down';
	const result = await tts.synthesize('Hello');
	assert.equal(result.engine, 'fallback');
	assert.equal(fallback.calls, 1);
	assert.equal(tts.attempts.length, 1);
	assert.equal(tts.attempts[0]!.engine, 'server');
	assert.match(tts.attempts[0]!.reason, /Could not reach GET http:\/\/127\.0\.0\.1:9527\/health: Failed to fetch/);
	assert.ok(tts.attempts[0]!.error instanceof NetworkError);
	assert.deepEqual(changes.map(change => change.engine), ['fallback']);
	assert.equal(changes[0]!.skipped[0]!.engine, 'server');
	assert.equal(probes.length, 1);
	assert.equal(probes[0]!.ok, false);
});

test('a down server is re-probed at most every reprobeMs, and calls return to it when it is back', async () => {
	const {tts, server, clock, changes} = setup({reprobeMs: 5000});
	server.mode = 'down';
	await tts.synthesize('1');
	assert.equal(server.count('/health'), 1);

	server.mode = 'up';
	clock.advance(4999);
	assert.equal((await tts.synthesize('2')).engine, 'fallback', 'still inside reprobeMs: no probe, fallback');
	assert.equal(server.count('/health'), 1);

	clock.advance(1);
	assert.equal((await tts.synthesize('3')).engine, 'server', 'reprobeMs passed: probe finds it back');
	assert.equal(server.count('/health'), 2);
	assert.deepEqual(changes.map(change => [change.previous, change.engine]), [[null, 'fallback'], ['fallback', 'server']]);
});

test('status "loading" is not usable yet; the reason says so', async () => {
	const {tts, server} = setup();
	server.mode = 'loading';
	const result = await tts.synthesize('Hello');
	assert.equal(result.engine, 'fallback');
	assert.match(tts.attempts[0]!.reason, /not ready \(status "loading"\)/);
});

test('something else on the port (not our JSON) is not mistaken for the server', async () => {
	const {tts, server} = setup();
	server.mode = 'garbage';
	const result = await tts.synthesize('Hello');
	assert.equal(result.engine, 'fallback');
	assert.match(tts.attempts[0]!.reason, /health/i);
});

test('probe timeout: a server that never answers costs at most probeTimeoutMs', async () => {
	const {tts, server} = setup({probeTimeoutMs: 80});
	server.mode = 'hang';
	const started = performance.now();
	const result = await tts.synthesize('Hello');
	const elapsed = performance.now() - started;
	assert.equal(result.engine, 'fallback');
	assert.ok(tts.attempts[0]!.error instanceof TimeoutError);
	assert.match(tts.attempts[0]!.reason, /No answer within 80 ms \(GET http:\/\/127\.0\.0\.1:9527\/health\)/);
	assert.ok(elapsed < 500, `took ${elapsed} ms`);
});

test('default probe timeout is at most 300 ms', async () => {
	const server = new FakeServer();
	server.mode = 'hang';
	const tts = createTTS({fetch: server.fetch, engines: ['server']});
	const started = performance.now();
	await assert.rejects(tts.synthesize('Hello'), NoEngineError);
	const elapsed = performance.now() - started;
	assert.ok(elapsed >= 250 && elapsed < 600, `took ${elapsed} ms`);
});

test('server fails mid-call: that call falls back, the server is marked down until the re-probe', async () => {
	const {tts, server, clock} = setup({reprobeMs: 1000});
	await tts.synthesize('warm up');
	server.handlers.set('/synthesize', () => {
		throw new TypeError('Failed to fetch');
	});
	const result = await tts.synthesize('Hello');
	assert.equal(result.engine, 'fallback');
	assert.match(tts.attempts[0]!.reason, /Could not reach POST http:\/\/127\.0\.0\.1:9527\/synthesize/);

	// Within reprobeMs the server is not tried at all.
	const before = server.calls.length;
	assert.equal((await tts.synthesize('again')).engine, 'fallback');
	assert.equal(server.calls.length, before);

	server.handlers.delete('/synthesize');
	clock.advance(1000);
	assert.equal((await tts.synthesize('back')).engine, 'server');
});

test('5xx answers fall back too, with the server\'s error in the reason', async () => {
	const {tts, server} = setup();
	server.handlers.set('/synthesize', () => Response.json({error: {code: 'engine_failed', message: 'ORT session crashed'}}, {status: 500}));
	const result = await tts.synthesize('Hello');
	assert.equal(result.engine, 'fallback');
	const error = tts.attempts[0]!.error;
	assert.ok(error instanceof ServerError);
	assert.equal(error.status, 500);
	assert.equal(error.code, 'engine_failed');
	assert.equal(error.serverMessage, 'ORT session crashed');
	assert.equal(error.message, 'Server answered 500 engine_failed: ORT session crashed (POST http://127.0.0.1:9527/synthesize)');
});

test('a 400 about the request is thrown to the caller, not hidden by a fallback', async () => {
	const {tts, server, fallback} = setup();
	server.handlers.set('/synthesize', () => Response.json({error: {code: 'unknown_voice', message: 'no voice "xx"'}}, {status: 400}));
	const errors: Error[] = [];
	tts.on('error', ({error}) => errors.push(error));
	await assert.rejects(tts.synthesize('Hello', {voice: 'xx'}), (error: unknown) => error instanceof ServerError && error.code === 'unknown_voice' && error.status === 400);
	assert.equal(fallback.calls, 0);
	assert.equal(errors.length, 1);
	// And the server stays "up": the next good call goes to it without a probe.
	server.handlers.delete('/synthesize');
	assert.equal((await tts.synthesize('Hello')).engine, 'server');
	assert.equal(server.count('/health'), 1);
});

test('serverUrl option: trailing slash trimmed, custom host used', async () => {
	const server = new FakeServer();
	const tts = createTTS({fetch: server.fetch, serverUrl: 'http://127.0.0.1:8123/', engines: ['server']});
	await tts.synthesize('Hello');
	assert.equal(server.calls[0]!.url, 'http://127.0.0.1:8123/health');
	assert.equal(server.calls[1]!.url, 'http://127.0.0.1:8123/synthesize');
});

test('a public serverUrl gets no targetAddressSpace (Chrome rejects a mismatched one)', async () => {
	const server = new FakeServer();
	const tts = createTTS({fetch: server.fetch, serverUrl: 'https://tts.example.com', engines: ['server']});
	await tts.probe();
	assert.equal(server.calls[0]!.init.targetAddressSpace, undefined);
});

test('probe() returns the chosen engine and reports latency in the probe event', async () => {
	const {tts, probes} = setup();
	assert.equal(await tts.probe(), 'server');
	assert.equal(probes.length, 1);
	assert.equal(probes[0]!.ok, true);
	assert.equal(probes[0]!.health?.status, 'ok');
	assert.equal(probes[0]!.health?.voices, 54);
	assert.equal(typeof probes[0]!.ms, 'number');
});

test('audio from the server is real samples', async () => {
	const {tts, server} = setup();
	server.audio = sine(0.5);
	const result = await tts.synthesize('Hello');
	assert.equal(result.sampleRate, 24_000);
	assert.equal(result.audio.length, 12_000);
	assert.ok(Math.max(...result.audio) > 0.45);
});

test('refresh() makes the next check probe again, up or down, inside reprobeMs', async () => {
	const server = new FakeServer();
	const clock = new FakeClock();
	const discovery = new ServerDiscovery({serverUrl: 'http://127.0.0.1:9527', probeTimeoutMs: 400, reprobeMs: 60_000, permissionPromptTimeoutMs: 400, fetch: server.fetch, now: clock.now, emit() {}});
	const context = {signal: new AbortController().signal, userGesture: false};
	const probes = () => server.calls.filter(call => call.path === '/health').length;
	assert.equal((await discovery.check(context)).ok, true);
	server.mode = 'down';
	assert.equal((await discovery.check(context)).ok, true, 'up is cached');
	discovery.refresh();
	assert.equal((await discovery.check(context)).ok, false, 'refreshed: probed, and down');
	server.mode = 'up';
	assert.equal((await discovery.check(context)).ok, false, 'down is cached for reprobeMs');
	discovery.refresh();
	assert.equal((await discovery.check(context)).ok, true, 'refreshed: back up at once');
	assert.equal(probes(), 3);
});
