/**
End to end in Debian's Chromium (playwright-core, no downloaded browser): a page on http://localhost:<port> (another origin than the server) imports dist/tts-client.js and

1. synthesize() gets real samples from the server engine,
2. speak() from a click streams and plays through Web Audio,
3. with the server killed, the next speak() settles within seconds on another engine,
4. with the server restarted, calls return to the server.

Which server: by default FakeTtsServer (PLUMBING ONLY, a sine tone; see fake-server.ts). To run the same test against the real binary:

  TTS_SERVER_URL=http://127.0.0.1:9527 TTS_SERVER_CMD="../target/release/tts-server serve --port 9527" npm run test:e2e

TTS_SERVER_CMD (run with sh from tts-client/, killed by process group) is what lets steps 3-4 kill and restart it; without it those steps are skipped against a real server. CHROMIUM overrides /usr/bin/chromium.
*/
import assert from 'node:assert/strict';
import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {type Server} from 'node:http';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {type Browser, chromium, type Page} from 'playwright-core';
import {FakeTtsServer} from './fake-server.js';
import {chromiumArgs, chromiumPath, freePort, root, servePage, waitForHealth} from './support.js';

const reprobeMs = 1000;

type Target = {
	label: string;
	url: string;
	canRestart: boolean;
	kill(): Promise<void>;
	start(): Promise<void>;
};

async function makeTarget(): Promise<Target> {
	const url = process.env.TTS_SERVER_URL;
	if (!url) {
		const fake = new FakeTtsServer(await freePort());
		await fake.start();
		return {label: 'fake server (plumbing only)', url: fake.url, canRestart: true, kill: async () => fake.stop(), start: async () => fake.start()};
	}

	const command = process.env.TTS_SERVER_CMD;
	let child: ChildProcess | undefined;
	const start = async () => {
		if (command) {
			// Own process group, so kill() takes the server and anything the shell started.
			child = spawn('sh', ['-c', `exec ${command}`], {cwd: root, detached: true, stdio: 'inherit'});
		}

		await waitForHealth(url, 120_000);
	};

	const kill = async () => {
		if (!child?.pid) {
			return;
		}

		const exited = new Promise(resolve => {
			child!.once('exit', resolve);
		});
		process.kill(-child.pid, 'SIGKILL');
		await exited;
		child = undefined;
	};

	await start();
	return {label: `real server at ${url}`, url, canRestart: Boolean(command), kill, start};
}

let target: Target;
let browser: Browser;
let page: Page;
let pageServer: Server;
const report: Record<string, unknown> = {};

type Outcome = {ok: boolean; engine: string | null; ms: number; name?: string; message?: string; result?: {engine: string; sampleRate: number; length: number; isFloat32: boolean; rms: number; stopped?: boolean}; attempts?: Array<{engine: string; reason: string}>};
type PageEvent = {type: string; at: number; detail: Record<string, unknown>};

async function clickSpeak(): Promise<Outcome> {
	await page.click('#speak');
	return page.evaluate(async () => (globalThis as unknown as {lastSpeak: Promise<Outcome>}).lastSpeak);
}

async function synth(text: string, options: Record<string, unknown> = {}): Promise<Outcome> {
	return page.evaluate(async ([text_, options_]) => (globalThis as unknown as {synth(t: string, o: unknown): Promise<Outcome>}).synth(text_ as string, options_), [text, options] as const);
}

async function events(): Promise<PageEvent[]> {
	return page.evaluate(() => (globalThis as unknown as {events: PageEvent[]}).events);
}

before(async () => {
	assert.ok(existsSync(join(root, 'dist/tts-client.js')), 'run `npm run build` first (npm run test:e2e does)');
	assert.ok(existsSync(chromiumPath), `no Chromium at ${chromiumPath}: apt-get install -y chromium`);
	target = await makeTarget();
	const served = await servePage();
	pageServer = served.server;
	// "localhost" for the page and 127.0.0.1 for the server: different origins, so every call is a real CORS request.
	const origin = `http://localhost:${served.port}`;
	browser = await chromium.launch({
		executablePath: chromiumPath,
		args: chromiumArgs,
	});
	page = await browser.newPage();
	page.on('console', message => {
		if (message.type() === 'error') {
			console.log(`[page] ${message.text()}`);
		}
	});
	await page.goto(`${origin}/`);
	await page.waitForFunction(() => (globalThis as unknown as {ready?: boolean}).ready === true);
	await page.evaluate(([serverUrl, reprobe]) => {
		(globalThis as unknown as {makeTts(options: unknown): void}).makeTts({serverUrl, reprobeMs: reprobe});
	}, [target.url, reprobeMs] as const);
	report.target = target.label;
	report.pageOrigin = origin;
	report.browser = browser.version();
});

after(async () => {
	console.log(`e2e report: ${JSON.stringify(report)}`);
	await browser?.close();
	pageServer?.close();
	await target?.kill();
});

test('synthesize() from another origin uses the server engine and returns real samples', async () => {
	const outcome = await synth('Hello from the local server.');
	assert.equal(outcome.ok, true, outcome.message);
	assert.equal(outcome.result!.engine, 'server');
	assert.equal(outcome.engine, 'server');
	assert.equal(outcome.result!.isFloat32, true);
	assert.equal(outcome.result!.sampleRate, 24_000);
	assert.ok(outcome.result!.length > 2400, `only ${outcome.result!.length} samples`);
	assert.ok(outcome.result!.rms > 0.01, `silent audio (rms ${outcome.result!.rms})`);
	const probe = (await events()).find(event => event.type === 'probe')!;
	assert.equal(probe.detail.ok, true);
	report.probeUpMs = probe.detail.ms;
	report.firstSynthesizeMs = outcome.ms;
});

test('synthesize() with words returns timings', async () => {
	const outcome = await page.evaluate(async () => {
		const result = await (globalThis as unknown as {tts: {synthesize(t: string, o: unknown): Promise<{words?: unknown[]}>}}).tts.synthesize('Hello world.', {words: true});
		return result.words;
	});
	assert.ok(Array.isArray(outcome) && outcome.length > 0);
});

test('speak() from a click streams from the server and resolves when playback ends', async () => {
	const before = (await events()).length;
	const outcome = await clickSpeak();
	assert.equal(outcome.ok, true, outcome.message);
	assert.deepEqual(outcome.result, {engine: 'server', stopped: false});
	const fresh = (await events()).slice(before);
	const start = fresh.find(event => event.type === 'start');
	const end = fresh.find(event => event.type === 'end');
	assert.ok(start && end, `events: ${JSON.stringify(fresh.map(event => event.type))}`);
	const clickedAt = await page.evaluate(() => (globalThis as unknown as {clickedAt: number}).clickedAt);
	report.clickToFirstAudioMs = Math.round(start.at - clickedAt);
	report.speakTotalMs = Math.round(outcome.ms);
	if (target.label.startsWith('fake')) {
		// The fake streams 1 s of audio in four chunks 60 ms apart: sound must start before the stream is over, and the call lasts at least the audio.
		assert.ok(start.at - clickedAt < 180, `first audio after ${start.at - clickedAt} ms`);
		assert.ok(outcome.ms >= 950, `resolved after ${outcome.ms} ms, before 1 s of audio could play`);
	}
});

test('server killed: the next speak() settles within seconds on another engine', {skip: false}, async t => {
	if (!target.canRestart) {
		t.skip('real server without TTS_SERVER_CMD: cannot kill it');
		return;
	}

	await target.kill();
	const voices = await page.evaluate(() => (globalThis as unknown as {voices(): string[]}).voices());
	report.webSpeechVoices = voices.length;
	const outcome = await clickSpeak();
	report.speakAfterKill = {ok: outcome.ok, engine: outcome.engine, ms: Math.round(outcome.ms), name: outcome.name, message: outcome.message};
	assert.ok(outcome.ms < 5000, `took ${outcome.ms} ms`);
	assert.notEqual(outcome.engine, 'server');
	if (voices.length > 0) {
		assert.equal(outcome.ok, true, outcome.message);
		assert.equal(outcome.engine, 'web-speech');
	} else {
		// This Chromium has no speech voices (headless, no speech-dispatcher): the fallback must say so, not hang.
		assert.equal(outcome.name, 'NoEngineError');
		assert.match(outcome.message!, /server: .*Could not reach/);
		assert.match(outcome.message!, /web-speech: speechSynthesis lists no voices/);
	}

	// While down, a call pays for no new connection until reprobeMs has passed, and a probe of the dead server is quick.
	await page.waitForTimeout(reprobeMs + 50);
	await synth('probe the dead server');
	const probes = (await events()).filter(event => event.type === 'probe');
	const last = probes.at(-1)!;
	assert.equal(last.detail.ok, false);
	report.probeDownMs = last.detail.ms;
	assert.ok((last.detail.ms as number) < 300, `probe of a dead server took ${String(last.detail.ms)} ms`);
});

test('server restarted: calls return to the server after reprobeMs', async t => {
	if (!target.canRestart) {
		t.skip('real server without TTS_SERVER_CMD: cannot restart it');
		return;
	}

	await target.start();
	await page.waitForTimeout(reprobeMs + 50);
	const outcome = await synth('Back again.');
	assert.equal(outcome.ok, true, outcome.message);
	assert.equal(outcome.result!.engine, 'server');
	const speak = await clickSpeak();
	assert.deepEqual(speak.result, {engine: 'server', stopped: false});
	const changes = (await events()).filter(event => event.type === 'enginechange').map(event => event.detail.engine);
	assert.equal(changes[0], 'server');
	assert.equal(changes.at(-1), 'server');
	assert.ok(changes.length >= 3, `engine changes: ${JSON.stringify(changes)}`);
});

test('the server also serves the bundle at /client/tts-client.js, and it imports', async t => {
	const response = await fetch(`${target.url}/client/tts-client.js`).catch(() => undefined);
	if (!response?.ok) {
		t.skip('server does not serve /client/tts-client.js (yet)');
		return;
	}

	const other = await browser.newPage();
	try {
		await other.goto(`${(report.pageOrigin as string)}/?client=${encodeURIComponent(`${target.url}/client/tts-client.js`)}`);
		await other.waitForFunction(() => (globalThis as unknown as {ready?: boolean}).ready === true, undefined, {timeout: 5000});
		const exported = await other.evaluate(async url => Object.keys(await import(url)), `${target.url}/client/tts-client.js`);
		assert.ok(exported.includes('createTTS'));
	} finally {
		await other.close();
	}
});
