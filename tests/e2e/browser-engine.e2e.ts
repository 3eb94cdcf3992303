/**
Kokoro in the browser with no server running: the built extension in Debian's Chromium downloads
the weights that the real `tts-server export-web-assets` wrote (from a local file server that
counts requests and can cut or corrupt a file), keeps them in IndexedDB, and reads an English and
a Chinese page with the real model on onnxruntime-web.
*/
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {type FileServer, serveFolder, weightRequests} from '../support/fileServer';
import {type ExtensionBrowser, launchWithExtension, send, setSettings} from './support/browser';
import {highlighted, notices, status, waitFor} from './support/reading';
import {serverBinary, startPages} from './support/servers';

/** Inference on two shared cores is slow: a first sentence may take half a minute while the model loads. */
const slowMs = 150_000;
const english = ['The lighthouse keeper', 'The old lighthouse keeper climbed the spiral stairs every evening at dusk.', 'From the top he could see the fishing boats returning to the harbour.'];
const chinese = ['灯塔看守人', '老看守人每天傍晚都会爬上灯塔的螺旋楼梯。', '从塔顶他能看到渔船返回港口。'];

let exportDir: string;
let files: FileServer;
let pages: {url: string; close(): Promise<void>};
let browser: ExtensionBrowser;
let page: Page;

async function start(profile?: string): Promise<void> {
	browser = await launchWithExtension(profile ? {profile} : {});
	// Nothing listens on port 9: the local server is "not installed".
	await setSettings(browser.control, {serverUrl: 'http://127.0.0.1:9', modelBaseUrl: files.url, backend: 'auto', inBrowser: 'allowed', voices: {en: 'af_heart', zh: 'zf_xiaobei'}});
	page = await browser.context.newPage();
}

async function read(path: string): Promise<void> {
	await send(browser.control, {type: 'stop'});
	await page.goto(`${pages.url}/${path}`);
	const tabId = await browser.control.evaluate(async url => (await chrome.tabs.query({url}))[0]!.id!, `${pages.url}/${path}`);
	await send(browser.control, {type: 'read', source: 'page', tabId});
}

/** Sound from Kokoro in the browser, and the highlight on the sentence being heard once it moves past the first. */
async function heard(sentences: string[]): Promise<void> {
	const playing = await waitFor(browser.control, 'sound from the browser engine', current => current.state === 'playing' && current.played_s > 0.5 && current, slowMs, 250);
	expect(playing.backend).toBe('browser');
	const index = await waitFor(browser.control, 'the second sentence', current => current.state === 'playing' && (current.sentence?.index ?? 0) >= 1 && current.sentence!.index, slowMs, 250);
	if (index < sentences.length) {
		await waitFor(browser.control, 'the highlight to follow', async current => await highlighted(page) === sentences[current.sentence!.index], 30_000);
	}
}

/** A browser with a new, empty profile: nothing cached. */
async function restartAfresh(): Promise<void> {
	await send(browser.control, {type: 'stop'});
	await browser.close();
	await start();
}

beforeAll(async () => {
	exportDir = mkdtempSync(join(tmpdir(), 'kokoro-web-assets-'));
	const exported = spawnSync(serverBinary, ['export-web-assets', exportDir], {encoding: 'utf8'});
	if (exported.status !== 0) {
		throw new Error(`tts-server export-web-assets failed: ${exported.stderr}`);
	}

	files = await serveFolder(exportDir);
	pages = await startPages(join(import.meta.dirname, 'pages'));
	await start();
});

afterAll(async () => {
	await browser?.close();
	await files?.close();
	await pages?.close();
	rmSync(exportDir, {recursive: true, force: true});
});

describe('Kokoro in the browser, no server', () => {
	test('the first reading downloads the weights, resuming a cut connection, and reads the English page', async () => {
		const cutAt = 1_500_000;
		// The cut comes in a range after the first, so where the next request starts shows whether the download resumed or began again.
		// (Bytes received in the very response that is cut may be lost by the browser when the connection fails: the test does not count on them.)
		files.cutAfterFrom.set('model.onnx', {from: 1, after: cutAt});
		await read('article.html');
		await heard(english);
		const model = files.log.filter(entry => entry.path === 'model.onnx');
		const cut = model.findIndex(entry => entry.sent === cutAt && entry.start > 0);
		expect(cut).toBeGreaterThan(0);
		// After the cut: onward from at least the start of the cut range, never from 0 again.
		expect(model[cut + 1]!.start).toBeGreaterThanOrEqual(model[cut]!.start);
		expect(model.slice(1).every(entry => entry.start > 0)).toBe(true);
		const size = Number(spawnSync('stat', ['-c', '%s', join(exportDir, 'model.onnx')], {encoding: 'utf8'}).stdout);
		// At most the cut range again (all of it when the browser dropped the bytes of the cut response); from 0 would be more.
		expect(model.reduce((sum, entry) => sum + entry.sent, 0)).toBeLessThanOrEqual(size + cutAt);
		// Only the two voices the settings use.
		expect(weightRequests(files.log).map(entry => entry.path).filter(path => path.startsWith('voices/')).sort()).toEqual(expect.arrayContaining(['voices/af_heart.bin', 'voices/zf_xiaobei.bin']));
		expect(new Set(weightRequests(files.log).filter(entry => entry.path.startsWith('voices/')).map(entry => entry.path)).size).toBe(2);
	});

	test('a Chinese page is read with the Chinese voice', async () => {
		await read('zh-article.html');
		await heard(chinese);
	});

	test('a second start of the browser makes no request for weights', async () => {
		await send(browser.control, {type: 'stop'});
		const {profile} = browser;
		await browser.close({keepProfile: true});
		files.log.length = 0;
		await start(profile);
		await read('article.html');
		await heard(english);
		expect(files.log).toEqual([]);
	});

	test('the options page shows the storage used and deletes it', async () => {
		await browser.control.reload();
		const stored = browser.control.locator('#in-browser-storage');
		await waitFor(browser.control, 'the stored size', async () => /Stored: 9\d\.\d MB/.test(await stored.textContent() ?? ''));
		await browser.control.locator('#delete-voices').click();
		await waitFor(browser.control, 'the weights deleted', async () => (await stored.textContent() ?? '').includes('Stored: 0.0 MB'));
		// Deleting takes back the consent: automatic mode asks again before the next download.
		const consent = await browser.control.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as {inBrowser?: string}).inBrowser);
		expect(consent).toBe('ask');
	});

	test('a corrupt file is detected and downloaded once more', async () => {
		await restartAfresh();
		files.log.length = 0;
		files.corrupt.set('voices/af_heart.bin', 1);
		await read('article.html');
		await heard(english);
		const fromStart = files.log.filter(entry => entry.path === 'voices/af_heart.bin' && entry.start === 0);
		expect(fromStart.length).toBe(2);
	});

	test('a file corrupt every time: a clear message, never a bad model', async () => {
		await restartAfresh();
		files.corrupt.set('voices/af_heart.bin', 99);
		await read('article.html');
		const failed = await waitFor(browser.control, 'the failure', current => current.state === 'error' && current, slowMs, 250);
		expect(failed.error).toMatch(/corrupt/i);
		expect(failed.error).toMatch(/af_heart/);
		expect(await notices(page)).toBeGreaterThan(0);
		files.corrupt.delete('voices/af_heart.bin');
	});
});
