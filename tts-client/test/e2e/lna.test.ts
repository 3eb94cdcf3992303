/**
Chrome's Local Network Access, in the real browser: a page on a *public* origin calling the server on 127.0.0.1.

Chromium is told that `http://app.test:<port>` resolves to 127.0.0.1 but is a public address (`--ip-address-space-overrides`) and a secure context (LNA prompts only exist for secure pages), so its requests to 127.0.0.1 cross into the loopback space exactly as an https site's would.

Runs against the FakeTtsServer only (PLUMBING): it needs the server to allow the made-up origin through CORS, which the real server would do through its configured origins.
*/
import assert from 'node:assert/strict';
import {type Server} from 'node:http';
import {after, before, test} from 'node:test';
import {type Browser, chromium} from 'playwright-core';
import {FakeTtsServer} from './fake-server.js';
import {chromiumArgs, chromiumPath, freePort, servePage} from './support.js';

let browser: Browser;
let pageServer: Server;
let fake: FakeTtsServer;
let origin: string;

type PageEvent = {type: string; detail: Record<string, unknown>};

before(async () => {
	const served = await servePage();
	pageServer = served.server;
	origin = `http://app.test:${served.port}`;
	fake = new FakeTtsServer(await freePort(), {allowOrigins: [origin]});
	await fake.start();
	browser = await chromium.launch({
		executablePath: chromiumPath,
		args: [
			...chromiumArgs,
			'--host-resolver-rules=MAP app.test 127.0.0.1',
			`--unsafely-treat-insecure-origin-as-secure=${origin}`,
			`--ip-address-space-overrides=127.0.0.1:${served.port}=public`,
		],
	});
});

after(async () => {
	await browser?.close();
	pageServer?.close();
	await fake?.stop();
});

function fromPage(): string[] {
	return fake.stats.requests.filter(request => request.endsWith(`from ${origin}`));
}

test('permission "prompt": no request to the server on page load; a click probes and a dismissed prompt falls back without hanging', async () => {
	const context = await browser.newContext();
	const page = await context.newPage();
	try {
		await page.goto(`${origin}/?autoprobe=${encodeURIComponent(fake.url)}`);
		await page.waitForFunction(() => (globalThis as unknown as {ready?: boolean}).ready === true, undefined, {timeout: 15_000});
		const auto = await page.evaluate(() => (globalThis as unknown as {autoProbe: {userActivation: boolean | null; engine: string | null}}).autoProbe);
		assert.equal(auto.userActivation, false, 'page load has no user activation');
		assert.notEqual(auto.engine, 'server');
		const events = await page.evaluate(() => (globalThis as unknown as {events: PageEvent[]}).events);
		const lna = events.filter(event => event.type === 'localnetworkaccess').map(event => event.detail);
		assert.deepEqual(lna, [{state: 'prompt', permission: 'loopback-network', action: 'deferred'}]);
		assert.deepEqual(fromPage(), [], 'the server saw nothing from the page');

		// A click is a user gesture: now the client probes and Chrome would ask. Headless Chromium has no one to answer, so the request fails; the call must still settle promptly on another engine.
		await page.click('#speak');
		const outcome = await page.evaluate(async () => (globalThis as unknown as {lastSpeak: Promise<{ms: number; engine: string | null}>}).lastSpeak);
		assert.ok(outcome.ms < 5000, `took ${outcome.ms} ms`);
		assert.notEqual(outcome.engine, 'server');
		const after = await page.evaluate(() => (globalThis as unknown as {events: PageEvent[]}).events);
		assert.ok(after.some(event => event.type === 'localnetworkaccess' && event.detail.action === 'probing' && event.detail.state === 'prompt'));
	} finally {
		await context.close();
	}
});

test('permission granted: the page on a public origin reaches the server and gets audio', async () => {
	const context = await browser.newContext();
	await context.grantPermissions(['local-network-access'], {origin});
	const page = await context.newPage();
	try {
		await page.goto(`${origin}/?autoprobe=${encodeURIComponent(fake.url)}`);
		await page.waitForFunction(() => (globalThis as unknown as {ready?: boolean}).ready === true, undefined, {timeout: 15_000});
		const auto = await page.evaluate(() => (globalThis as unknown as {autoProbe: {engine: string | null}}).autoProbe);
		assert.equal(auto.engine, 'server');
		const outcome = await page.evaluate(async () => (globalThis as unknown as {synth(text: string): Promise<{ok: boolean; result?: {engine: string; length: number}}>}).synth('Hello'));
		assert.equal(outcome.ok, true);
		assert.equal(outcome.result!.engine, 'server');
		assert.ok(outcome.result!.length > 0);
		const events = await page.evaluate(() => (globalThis as unknown as {events: PageEvent[]}).events);
		assert.deepEqual(events.find(event => event.type === 'localnetworkaccess')?.detail, {state: 'granted', permission: 'loopback-network', action: 'probing'});
	} finally {
		await context.close();
	}
});
