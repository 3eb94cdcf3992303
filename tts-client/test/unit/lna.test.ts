// Chrome's Local Network Access: a public page must not probe 127.0.0.1 on load while the permission is 'prompt'; it probes from a user gesture, reports every decision in the `localnetworkaccess` event, and respects 'denied'.
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {createTTS, type Engine, type TtsEventMap} from '../../source/index.js';
import {FakeClock, FakeServer, installPage} from '../helpers.js';

const fallback: Engine = {
	id: 'fallback',
	async available() {
		return {ok: true};
	},
	async synthesize() {
		return {audio: new Float32Array(1), sampleRate: 24_000, engine: 'fallback'};
	},
};

let page: ReturnType<typeof installPage> | undefined;
afterEach(() => {
	page?.remove();
	page = undefined;
});

function setup() {
	const server = new FakeServer();
	const clock = new FakeClock();
	const tts = createTTS({fetch: server.fetch, now: clock.now, engines: ['server', fallback]});
	const lna: Array<TtsEventMap['localnetworkaccess']> = [];
	tts.on('localnetworkaccess', detail => lna.push(detail));
	return {server, clock, tts, lna};
}

test('public page, permission "prompt", no user gesture: no request to the server at all, event says deferred', async () => {
	page = installPage({origin: 'https://app.example.com', lna: {'loopback-network': 'prompt'}, gesture: false});
	const {server, tts, lna} = setup();
	const result = await tts.synthesize('Hello');
	assert.equal(result.engine, 'fallback');
	assert.deepEqual(server.calls, []);
	assert.deepEqual(lna, [{state: 'prompt', permission: 'loopback-network', action: 'deferred'}]);
	assert.match(tts.attempts[0]!.reason, /user gesture/);
	assert.equal(await tts.probe(), 'fallback', 'probe() on page load behaves the same');
	assert.deepEqual(server.calls, []);
});

test('deferred is not cached: the next call from a click probes (and the browser may prompt)', async () => {
	page = installPage({origin: 'https://app.example.com', lna: {'loopback-network': 'prompt'}, gesture: false});
	const {server, tts, lna} = setup();
	await tts.synthesize('on load');
	page.activation.isActive = true;
	const result = await tts.synthesize('after click');
	assert.equal(result.engine, 'server');
	assert.equal(server.count('/health'), 1);
	assert.deepEqual(lna.map(detail => detail.action), ['deferred', 'probing']);
});

test('while the prompt is showing, the probe waits longer than probeTimeoutMs', async () => {
	page = installPage({origin: 'https://app.example.com', lna: {'loopback-network': 'prompt'}, gesture: true});
	const server = new FakeServer();
	// The health answer comes after 400 ms, as if the user took a moment to click "Allow".
	server.handlers.set('/health', async () => {
		await new Promise(resolve => {
			setTimeout(resolve, 400);
		});
		return Response.json({status: 'ok', version: 't', voices: 1});
	});
	const tts = createTTS({fetch: server.fetch, engines: ['server', fallback], probeTimeoutMs: 100, permissionPromptTimeoutMs: 5000});
	assert.equal((await tts.synthesize('Hello')).engine, 'server');
});

test('permission "granted": probes without a gesture', async () => {
	page = installPage({origin: 'https://app.example.com', lna: {'loopback-network': 'granted'}, gesture: false});
	const {server, tts, lna} = setup();
	assert.equal((await tts.synthesize('Hello')).engine, 'server');
	assert.equal(server.count('/health'), 1);
	assert.deepEqual(lna, [{state: 'granted', permission: 'loopback-network', action: 'probing'}]);
});

test('permission "denied": never probes, says blocked, reason tells where to fix it', async () => {
	page = installPage({origin: 'https://app.example.com', lna: {'loopback-network': 'denied'}, gesture: true});
	const {server, tts, lna} = setup();
	assert.equal((await tts.synthesize('Hello')).engine, 'fallback');
	assert.deepEqual(server.calls, []);
	assert.equal(lna[0]!.action, 'blocked');
	assert.match(tts.attempts[0]!.reason, /denied.*site settings/);
});

test('Chrome 142-144 only know "local-network-access": used when "loopback-network" is unknown', async () => {
	page = installPage({origin: 'https://app.example.com', lna: {'local-network-access': 'prompt'}, gesture: false});
	const {server, tts, lna} = setup();
	await tts.synthesize('Hello');
	assert.deepEqual(page.queries, ['loopback-network', 'local-network-access']);
	assert.deepEqual(server.calls, []);
	assert.equal(lna[0]!.permission, 'local-network-access');
});

test('browsers without LNA (unknown permission names) probe normally and report "unsupported"', async () => {
	page = installPage({origin: 'https://app.example.com', lna: {}, gesture: false});
	const {server, tts, lna} = setup();
	assert.equal((await tts.synthesize('Hello')).engine, 'server');
	assert.equal(server.count('/health'), 1);
	assert.deepEqual(lna, [{state: 'unsupported', permission: undefined, action: 'probing'}]);
});

test('a page on localhost crosses no address space: no permission query, no gate', async () => {
	page = installPage({origin: 'http://localhost:5173', lna: {'loopback-network': 'prompt'}, gesture: false});
	const {server, tts, lna} = setup();
	assert.equal((await tts.synthesize('Hello')).engine, 'server');
	assert.deepEqual(page.queries, []);
	assert.deepEqual(lna, []);
	assert.equal(server.count('/health'), 1);
});

test('the permission is queried once; its live state is read on each probe', async () => {
	page = installPage({origin: 'https://app.example.com', lna: {'loopback-network': 'prompt'}, gesture: false});
	const {server, tts, lna} = setup();
	await tts.synthesize('1');
	page.setPermission('loopback-network', 'granted');
	assert.equal((await tts.synthesize('2')).engine, 'server');
	assert.deepEqual(page.queries, ['loopback-network']);
	assert.deepEqual(lna.map(detail => `${detail.state}/${detail.action}`), ['prompt/deferred', 'granted/changed', 'granted/probing']);
	assert.equal(server.count('/health'), 1);
});

test('a grant after a denial takes effect at once, without waiting for reprobeMs', async () => {
	page = installPage({origin: 'https://app.example.com', lna: {'loopback-network': 'denied'}, gesture: false});
	const {tts} = setup();
	assert.equal((await tts.synthesize('1')).engine, 'fallback');
	page.setPermission('loopback-network', 'granted');
	assert.equal((await tts.synthesize('2')).engine, 'server');
});
