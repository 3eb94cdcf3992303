/**
Reading a real page with the built extension in Debian's Chromium, through the real tts-server
and model: the order of the sentences asked for, audio time passing, the highlight following,
pause/resume, skipping, reading a selection, the server dying and coming back, and the service
worker being stopped mid-read.
*/
import {join} from 'node:path';
import type {Page} from 'playwright-core';
import {afterAll, beforeAll, beforeEach, describe, expect, test} from 'vitest';
import {type ExtensionBrowser, launchWithExtension, send, setSettings} from './support/browser';
import {article, highlighted, notices, sleep, status, waitFor} from './support/reading';
import {type Recorder, startPages, startRecorder, startTtsServer, type TtsServer} from './support/servers';

const port = Number(process.env.E2E_PORT ?? 19527);

let tts: TtsServer;
let recorder: Recorder;
let pages: {url: string; close(): Promise<void>};
let browser: ExtensionBrowser;
let page: Page;
let tabId: number;

beforeAll(async () => {
	tts = await startTtsServer(port);
	recorder = await startRecorder(port);
	pages = await startPages(join(import.meta.dirname, 'pages'));
	browser = await launchWithExtension();
	await setSettings(browser.control, {serverUrl: recorder.url});
	page = await browser.context.newPage();
});

afterAll(async () => {
	await browser?.close();
	await recorder?.close();
	await pages?.close();
	await tts?.stop();
});

beforeEach(async () => {
	await send(browser.control, {type: 'stop'});
	await page.goto(`${pages.url}/article.html`);
	tabId = await browser.control.evaluate(async url => (await chrome.tabs.query({url}))[0]!.id!, `${pages.url}/article.html`);
	recorder.texts.length = 0;
});

/** The text the server was asked for, in order (the first sentence comes in growing parts). */
function asked(): string {
	return recorder.texts.join(' ');
}

describe('read this page', () => {
	test('asks the server for the article in order, plays, and the highlight follows', async () => {
		const started = await send<{state: string; backend: string}>(browser.control, {type: 'read', source: 'page', tabId});
		expect(started.backend).toBe('server');
		const seen: string[] = [];
		const words: Array<{word: string; sentence: string}> = [];
		let played = 0;
		await waitFor(browser.control, 'four sentences read', async current => {
			const text = await highlighted(page);
			if (text && text !== seen.at(-1)) {
				seen.push(text);
			}

			const word = await highlighted(page, 'word');
			if (word && text && word !== words.at(-1)?.word) {
				words.push({word, sentence: text});
			}

			expect(current.played_s).toBeGreaterThanOrEqual(played - 0.3);
			played = current.played_s;
			return current.sentence && current.sentence.index >= 3 && current.state === 'playing';
		});
		// The highlight showed the sentences in order, each exactly as in the page.
		expect(seen.slice(0, 3)).toEqual(article.slice(0, 3));
		expect(played).toBeGreaterThan(4);
		// The word being heard is highlighted too (the server's timestamps), inside its sentence, moving on.
		expect(new Set(words.map(({word}) => word)).size).toBeGreaterThan(5);
		for (const {word, sentence} of words) {
			expect(word).toMatch(/^[\w'’-]+$/);
			expect(sentence).toContain(word);
		}

		// Nothing from the navigation or footer; the article's sentences in order (synthesized ahead of time).
		expect(asked().startsWith(article.slice(0, 4).join(' '))).toBe(true);
		expect(recorder.texts.join(' ')).not.toMatch(/Home|Copyright|Weather/);
	});

	test('pause holds the place and resume goes on from it', async () => {
		await send(browser.control, {type: 'read', source: 'page', tabId});
		await waitFor(browser.control, 'playing', current => current.state === 'playing' && current.played_s > 0.5);
		const paused = await send<{state: string}>(browser.control, {type: 'toggle'});
		expect(paused.state).toBe('paused');
		const at = (await status(browser.control)).played_s;
		await sleep(1500);
		const still = await status(browser.control);
		expect(still.state).toBe('paused');
		expect(still.played_s).toBeCloseTo(at, 1);
		await send(browser.control, {type: 'toggle'});
		await waitFor(browser.control, 'audio to move again', current => current.state === 'playing' && current.played_s > at + 0.5);
	});

	test('next and previous move by one sentence, and the highlight goes with them', async () => {
		await send(browser.control, {type: 'read', source: 'page', tabId});
		await waitFor(browser.control, 'playing', current => current.state === 'playing');
		const next = await send<{sentence: {index: number}}>(browser.control, {type: 'next'});
		expect(next.sentence.index).toBe(1);
		await waitFor(browser.control, 'sentence 2 highlighted', async () => await highlighted(page) === article[1]);
		await send(browser.control, {type: 'next'});
		const back = await send<{sentence: {index: number}}>(browser.control, {type: 'previous'});
		expect(back.sentence.index).toBe(1);
		await waitFor(browser.control, 'sentence 2 playing again', async current => current.state === 'playing' && current.sentence?.index === 1 && await highlighted(page) === article[1]);
	});

	test('the page scrolls to the sentence once it is heard, not while its audio is being made', async () => {
		// A window that shows only the end of the article: the first sentence is above it.
		await page.setViewportSize({width: 800, height: 200});
		try {
			await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
			const bottom = await page.evaluate(() => window.scrollY);
			expect(bottom).toBeGreaterThan(100);
			const started = await send<{state: string}>(browser.control, {type: 'read', source: 'page', tabId});
			expect(started.state).toBe('loading');
			// Highlighted at once, but the page stays where the user left it while the first part is synthesized.
			await waitFor(browser.control, 'the first sentence highlighted', async () => await highlighted(page) === article[0], 5000, 20);
			const whileLoading = await status(browser.control);
			if (whileLoading.state === 'loading') {
				expect(await page.evaluate(() => window.scrollY)).toBe(bottom);
			}

			await waitFor(browser.control, 'playing', current => current.state === 'playing');
			await waitFor(browser.control, 'the first sentence scrolled into view', async () => page.evaluate(() => {
				const range = CSS.highlights.get('kokoro-read-aloud-sentence');
				const rect = range ? ([...range][0] as Range).getBoundingClientRect() : undefined;
				return rect !== undefined && rect.top >= 0 && rect.bottom <= window.innerHeight;
			}), 5000, 50);
		} finally {
			await page.setViewportSize({width: 1280, height: 720});
		}
	});

	test('stop clears the highlight', async () => {
		await send(browser.control, {type: 'read', source: 'page', tabId});
		await waitFor(browser.control, 'highlight', async () => await highlighted(page) !== null);
		await send(browser.control, {type: 'stop'});
		await waitFor(browser.control, 'highlight cleared', async current => current.state === 'idle' && await highlighted(page) === null, 5000);
	});
});

describe('read from here', () => {
	test('a right-click on a paragraph reads from its first sentence to the end of the article', async () => {
		// The content script remembers where the context menu was opened; the menu item sends `here`.
		await page.click('#p3', {button: 'right', position: {x: 5, y: 5}});
		await page.keyboard.press('Escape');
		const answer = await send<{state: string; sentence: {index: number; count: number; text: string}}>(browser.control, {type: 'read', source: 'here', tabId});
		expect(answer.sentence.text).toBe(article[5]);
		expect(answer.sentence.count).toBe(4);
		await waitFor(browser.control, 'the first two sentences asked for', () => asked().startsWith(article.slice(5, 7).join(' ')));
	});
});

/** What the options page's speed slider does: one field of the stored settings changes. */
async function changeSpeed(speed: number): Promise<void> {
	await browser.control.evaluate(async speed => {
		const {settings} = await chrome.storage.local.get('settings') as {settings?: Record<string, unknown>};
		await chrome.storage.local.set({settings: {...settings, speed}});
	}, speed);
}

describe('speed', () => {
	test('a new speed reaches the sentence being heard, and the next ones are made at it', async () => {
		await send(browser.control, {type: 'read', source: 'page', tabId});
		await waitFor(browser.control, 'playing', current => current.state === 'playing' && current.played_s > 0.3);
		recorder.bodies.length = 0;
		await changeSpeed(1.5);
		// Audio time runs 1.5× faster than the clock at once (playbackRate), within the polling's slack.
		const start = await status(browser.control);
		const started = Date.now();
		await sleep(1000);
		const end = await status(browser.control);
		if (end.sentence?.index === start.sentence?.index) {
			expect((end.played_s - start.played_s) / ((Date.now() - started) / 1000)).toBeGreaterThan(1.25);
		}

		await waitFor(browser.control, 'a sentence asked for at the new speed', () => recorder.bodies.some(body => body.speed === 1.5));
		await changeSpeed(1);
	});
});

describe('read selection', () => {
	test('reads exactly the selected sentences', async () => {
		await page.evaluate(() => {
			const range = document.createRange();
			range.selectNodeContents(document.getElementById('p3')!);
			getSelection()!.removeAllRanges();
			getSelection()!.addRange(range);
		});
		await send(browser.control, {type: 'read', source: 'selection', tabId});
		await waitFor(browser.control, 'the selection read to the end', current => current.state === 'idle' && recorder.texts.length >= 2);
		expect(asked()).toBe(article.slice(5, 7).join(' '));
	});

	test('with nothing selected says so, in the page and in the status', async () => {
		await page.evaluate(() => getSelection()!.removeAllRanges());
		const answer = await send<{state: string; error: string}>(browser.control, {type: 'read', source: 'selection', tabId});
		expect(answer.state).toBe('error');
		expect(answer.error).toMatch(/Nothing is selected/);
		expect(await notices(page)).toBe(1);
		expect(recorder.texts).toEqual([]);
	});
});

describe('faults', () => {
	test('a restricted page gets a clear word', async () => {
		// Without the "tabs" permission the extension cannot query tabs by a URL it has no access to: find the new tab by elimination.
		const tabIds = async () => browser.control.evaluate(async () => (await chrome.tabs.query({})).map(tab => tab.id!));
		const before = await tabIds();
		const restricted = await browser.context.newPage();
		await restricted.goto('chrome://version');
		try {
			const id = (await tabIds()).find(tab => !before.includes(tab))!;
			const answer = await send<{state: string; error: string}>(browser.control, {type: 'read', source: 'page', tabId: id});
			expect(answer.state).toBe('error');
			expect(answer.error).toMatch(/does not let extensions read its own pages/);
		} finally {
			await restricted.close();
		}
	});

	test('the service worker stopped mid-read: reading goes on', async () => {
		await send(browser.control, {type: 'read', source: 'page', tabId});
		await waitFor(browser.control, 'playing', current => current.state === 'playing' && current.played_s > 0.3);
		const cdp = await browser.context.newCDPSession(page);
		await cdp.send('ServiceWorker.enable');
		await cdp.send('ServiceWorker.stopAllWorkers');
		await cdp.detach();
		// The next status message wakes a fresh worker, which finds the reading in storage.session and the player still going.
		const sentence = await waitFor(browser.control, 'two more sentences after the stop', current => current.state === 'playing' && (current.sentence?.index ?? 0) >= 2 && current.sentence!.index);
		expect(sentence).toBeGreaterThanOrEqual(2);
		await waitFor(browser.control, 'the highlight to follow', async current => await highlighted(page) === article[current.sentence!.index]);
	});

	test('the server killed mid-read: a clear error (no other voice here), and it is used again once back', async () => {
		await send(browser.control, {type: 'read', source: 'page', tabId});
		await waitFor(browser.control, 'playing', current => current.state === 'playing');
		await tts.stop();
		const failed = await waitFor(browser.control, 'the failure to surface', current => current.state === 'error' || (current.backend !== 'server' && current.backend !== null) ? current : undefined, 60_000);
		if (failed.state === 'error') {
			// This Chromium has no system voices and in-browser Kokoro is not built yet: say so.
			expect(failed.error).toMatch(/local server stopped working/);
			expect(failed.error).toMatch(/no system voices|not available/);
			expect(await notices(page)).toBeGreaterThan(0);
		} else {
			// Where system voices exist they take over from the same sentence.
			expect(failed.backend).toBe('system');
		}

		const stoppedAt = failed.sentence?.index ?? 0;
		tts = await startTtsServer(port);
		recorder.texts.length = 0;
		// Play again: the server is probed afresh, and reading continues from the sentence that failed.
		const again = await send<{backend: string; sentence: {index: number}}>(browser.control, {type: 'toggle'});
		expect(again.backend).toBe('server');
		expect(again.sentence.index).toBe(stoppedAt);
		await waitFor(browser.control, 'sound from the server again', current => current.state === 'playing' && current.backend === 'server');
		await waitFor(browser.control, 'the failed sentence asked for again', () => asked().startsWith(article[stoppedAt]!));
	});
});
