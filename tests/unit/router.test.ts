import 'fake-indexeddb/auto';
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest';
import {fakeBrowser} from 'wxt/testing/fake-browser';
import {checksFor} from '../../src/background/checks';
import {probeTimeoutMs, serverDiscovery} from '../../src/route/discovery';
import {chooseBackend, type Checks} from '../../src/route/router';
import {defaultSettings, type Settings} from '../../src/settings/schema';
import {deleteWeights, ensureWeights} from '../../src/synth/kokoro/weights';
import {serveFolder} from '../support/fileServer';
import {fast, makeExportFolder} from './weightsFixtures';

// serverDiscovery caches one discovery per URL for the module's life, so every test gets its own port.
let port = 9600;
function settingsWithFreshServer(): Settings {
	port++;
	return {...defaultSettings, serverUrl: `http://127.0.0.1:${port}`};
}

const health = {status: 'ok', version: '0.1.0', voices: 54};
const json = (body: unknown) => new Response(JSON.stringify(body), {status: 200, headers: {'content-type': 'application/json'}});
const refused = () => Promise.reject(new TypeError('Failed to fetch'));

/** A stubbed global fetch; `calls` lists the URLs asked for, so re-probing is counted. */
function stubFetch(answer: (url: string, init?: RequestInit) => Promise<Response>) {
	const calls: string[] = [];
	vi.stubGlobal('fetch', (url: string, init?: RequestInit) => {
		calls.push(url);
		return answer(url, init);
	});
	return calls;
}

/** The system-voices check goes through `browser.tts`, which the fake browser leaves unimplemented. */
function systemVoices(count: number) {
	fakeBrowser.tts.getVoices = async () => Array.from({length: count}, () => ({lang: 'en-US'}));
}

beforeEach(() => {
	fakeBrowser.reset();
	systemVoices(0);
});

afterEach(() => {
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

describe('auto', () => {
	test('server up: the server, with its version and voice count', async () => {
		const settings = {...defaultSettings, serverUrl: 'http://127.0.0.1:9527'};
		const calls = stubFetch(async () => json(health));
		expect(await chooseBackend('auto', checksFor(settings))).toEqual({backend: 'server', reason: 'local server 0.1.0 at 127.0.0.1:9527, 54 voices'});
		expect(calls).toEqual(['http://127.0.0.1:9527/health']);
	});

	test('server down, system voices installed: system, saying why the others were passed over', async () => {
		const settings = settingsWithFreshServer();
		stubFetch(refused);
		systemVoices(3);
		expect(await chooseBackend('auto', checksFor(settings))).toEqual({
			backend: 'system',
			reason: `server not running at 127.0.0.1:${port}; Kokoro in the browser needs a one-time download (about 93 MB): allow it in the extension's options: using system voices (3)`,
		});
	});

	test('nothing available: null, naming every failure', async () => {
		stubFetch(refused);
		expect(await chooseBackend('auto', checksFor(settingsWithFreshServer()))).toEqual({
			backend: null,
			reason: `No voice available: server not running at 127.0.0.1:${port}; Kokoro in the browser needs a one-time download (about 93 MB): allow it in the extension's options; no system voices are installed`,
		});
	});

	test('a later check is not run when an earlier backend answers', async () => {
		const system = vi.fn(async () => ({ok: true as const, detail: 'system voices (1)'}));
		const checks: Checks = {server: async () => ({ok: true, detail: 'up'}), browser: async () => ({ok: false, reason: 'no'}), system};
		expect((await chooseBackend('auto', checks)).backend).toBe('server');
		expect(system).not.toHaveBeenCalled();
	});
});

describe('forced or excluded', () => {
	test('forced server that is down: null, never a silent substitute', async () => {
		stubFetch(refused);
		systemVoices(3);
		expect(await chooseBackend('server', checksFor(settingsWithFreshServer()))).toEqual({
			backend: null,
			reason: `No voice available (backend set to "local server" in options): server not running at 127.0.0.1:${port}`,
		});
	});

	test('exclude skips a backend that just failed, even when forced, without probing it', async () => {
		const calls = stubFetch(async () => json(health));
		systemVoices(2);
		const checks = checksFor(settingsWithFreshServer());
		expect(await chooseBackend('auto', checks, ['server'])).toEqual({backend: 'system', reason: 'local server failed; Kokoro in the browser needs a one-time download (about 93 MB): allow it in the extension\'s options: using system voices (2)'});
		expect(await chooseBackend('server', checks, ['server'])).toEqual({
			backend: null,
			reason: 'No voice available (backend set to "local server" in options): local server failed',
		});
		expect(calls).toEqual([]);
	});
});

describe('Kokoro in the browser', () => {
	test('nothing downloaded: chosen only with consent (given in the options, or by forcing it), and a refusal is said', async () => {
		stubFetch(refused);
		const base = settingsWithFreshServer();
		expect(await chooseBackend('auto', checksFor({...base, inBrowser: 'allowed'}))).toEqual({
			backend: 'browser',
			reason: `server not running at 127.0.0.1:${port}: using Kokoro in the browser (downloading its voices first, about 93 MB, once)`,
		});
		expect((await chooseBackend('browser', checksFor({...base, backend: 'browser'}))).backend).toBe('browser');
		expect(await chooseBackend('auto', checksFor({...base, inBrowser: 'declined'}))).toEqual({
			backend: null,
			reason: `No voice available: server not running at 127.0.0.1:${port}; Kokoro in the browser is turned off (its download was declined in the options); no system voices are installed`,
		});
	});

	test('weights already downloaded: chosen without asking, and only for the voices that are there', async () => {
		const folder = makeExportFolder();
		const files = await serveFolder(folder.root);
		try {
			await ensureWeights({baseUrl: files.url, voices: ['af_a', 'zf_c'], ...fast});
			stubFetch(refused);
			const settings = {...settingsWithFreshServer(), modelBaseUrl: files.url, voices: {en: 'af_a', zh: 'zf_c'}};
			expect(await chooseBackend('auto', checksFor(settings))).toEqual({
				backend: 'browser',
				reason: `server not running at 127.0.0.1:${port}: using Kokoro in the browser (voices downloaded)`,
			});
			// A voice not downloaded yet is a download: consent again.
			expect((await chooseBackend('auto', checksFor({...settings, voices: {en: 'af_b', zh: 'zf_c'}}))).backend).toBeNull();
		} finally {
			await files.close();
			await deleteWeights();
		}
	});
});

describe('server discovery', () => {
	test('flapping: every job probes, so a server that went away or came back is seen at once', async () => {
		const settings = settingsWithFreshServer();
		let up = true;
		const calls = stubFetch(async () => up ? json(health) : refused());
		const checks = checksFor(settings);
		const discovery = serverDiscovery(settings.serverUrl);

		expect((await checks.server()).ok).toBe(true);
		up = false;
		expect(await checks.server()).toEqual({ok: false, reason: `server not running at 127.0.0.1:${port}`});
		expect(discovery.state.kind).toBe('down');
		up = true;
		expect(await checks.server()).toEqual({ok: true, detail: `local server 0.1.0 at 127.0.0.1:${port}, 54 voices`});
		// A call that failed mid-read marks it down; the next job still asks it again.
		discovery.markDown('synthesis failed');
		expect((await checks.server()).ok).toBe(true);
		expect(calls).toHaveLength(4);
		expect(discovery.state.kind).toBe('up');
	});

	test('a server still loading its model is not up', async () => {
		const settings = settingsWithFreshServer();
		stubFetch(async () => json({status: 'loading'}));
		expect(await checksFor(settings).server()).toEqual({ok: false, reason: `server not running at 127.0.0.1:${port}`});
		expect(serverDiscovery(settings.serverUrl).state).toMatchObject({kind: 'down', reason: `server at ${settings.serverUrl} is not ready (status "loading")`});
	});

	test('a probe that hangs past probeTimeoutMs counts as down', async () => {
		vi.useFakeTimers();
		const settings = settingsWithFreshServer();
		// Like a real fetch: pending until the signal aborts (a port that accepts but never answers).
		stubFetch((_url, init) => new Promise((_resolve, reject) => {
			init?.signal?.addEventListener('abort', () => {
				reject(new DOMException('aborted', 'AbortError'));
			});
		}));
		const result = checksFor(settings).server();
		await vi.advanceTimersByTimeAsync(probeTimeoutMs);
		expect(await result).toEqual({ok: false, reason: `server not running at 127.0.0.1:${port}`});
		expect(serverDiscovery(settings.serverUrl).state.kind).toBe('down');
	});

	test('headers that arrive but a /health body that never does also count as down', async () => {
		vi.useFakeTimers();
		const settings = settingsWithFreshServer();
		stubFetch(async () => ({ok: true, status: 200, json: () => new Promise(() => undefined)}) as unknown as Response);
		const result = checksFor(settings).server();
		await vi.advanceTimersByTimeAsync(probeTimeoutMs);
		expect((await result).ok).toBe(false);
	});
});
