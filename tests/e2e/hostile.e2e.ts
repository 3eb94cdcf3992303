/**
The built extension in Debian's Chromium against what a hostile world offers: web pages that try
to drive it, a page built to break extraction, and a "server" that answers garbage or is busy.
The server here is tests/support/garbageServer.ts (a tone for speech, so no model is needed);
the manifests are the built ones, Chrome's and Firefox's. SECURITY.md's "Extension" section
points at each test.
*/
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {Page} from 'playwright-core';
import {afterAll, beforeAll, beforeEach, describe, expect, test} from 'vitest';
import {type Answer, type GarbageServer, startGarbageServer} from '../support/garbageServer';
import {type ExtensionBrowser, extensionDir, launchWithExtension, send, setSettings} from './support/browser';
import {planParts} from '../../src/player/parts';
import {article, highlighted, notices, sleep, type Status, status, waitFor} from './support/reading';
import {startPages} from './support/servers';


let server: GarbageServer;
let pages: {url: string; close(): Promise<void>};
let browser: ExtensionBrowser;
let page: Page | undefined;

beforeAll(async () => {
	server = await startGarbageServer();
	pages = await startPages(join(import.meta.dirname, 'pages'));
	browser = await launchWithExtension();
	await setSettings(browser.control, {serverUrl: server.url});
});

afterAll(async () => {
	await browser?.close();
	await pages?.close();
	await server?.close();
});

beforeEach(async () => {
	await send(browser.control, {type: 'stop'});
	server.answers.clear();
	server.otherwise = 'speech';
	server.log.length = 0;
});

/** A fresh tab for each test: a page that broke its renderer must not take the next test with it. */
async function open(name: string): Promise<{page: Page; tabId: number}> {
	await page?.close();
	page = await browser.context.newPage();
	const url = `${pages.url}/${name}`;
	await page.goto(url);
	return {page, tabId: await browser.control.evaluate(async url => (await chrome.tabs.query({url}))[0]!.id!, url)};
}

/** Everything the server was asked to say, in order. */
const asked = () => server.log.map(entry => entry.text).join(' ');

describe('the manifests', () => {
	type Manifest = Record<string, unknown> & {content_scripts?: Array<Record<string, unknown>>};
	const manifests: Array<[string, Manifest]> = ['chrome-mv3', 'firefox-mv2'].map(name => [name, JSON.parse(readFileSync(join(extensionDir, '..', name, 'manifest.json'), 'utf8')) as Manifest]);

	test.each(manifests)('%s: no way in for pages, and no host wider than the server and the pages read', (name, manifest) => {
		// No page may message the extension, and no extension file may be loaded by a page.
		expect(manifest.externally_connectable).toBeUndefined();
		expect(manifest.web_accessible_resources).toBeUndefined();
		const loopback = ['http://127.0.0.1/*', 'http://localhost/*'];
		// Hosts the extension may fetch from without asking: the default server's, and nothing else. MV2 lists them among the permissions.
		const permissions = manifest.permissions as string[];
		const hosts = name === 'chrome-mv3' ? manifest.host_permissions : permissions.filter(permission => permission.includes('/'));
		expect(hosts).toEqual(loopback);
		expect(permissions.filter(permission => !permission.includes('/')).sort()).toEqual(name === 'chrome-mv3'
			? ['activeTab', 'contextMenus', 'offscreen', 'scripting', 'storage', 'tts']
			: ['activeTab', 'contextMenus', 'scripting', 'storage']);
		// A server on another host is asked for when the user sets it, one host at a time (the options page).
		expect(manifest[name === 'chrome-mv3' ? 'optional_host_permissions' : 'optional_permissions']).toEqual(['http://*/*', 'https://*/*']);
		// The content script: http(s) pages (DESIGN.md), top frames only, never file:// or other schemes.
		expect(manifest.content_scripts).toEqual([{matches: ['http://*/*', 'https://*/*'], run_at: 'document_idle', js: ['content-scripts/content.js']}]);
		// Scripts come from the extension only.
		const csp = JSON.stringify(manifest.content_security_policy);
		expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
		expect(csp).not.toMatch(/unsafe-inline|https?:|\*/);
	});
});

describe('a web page cannot drive the extension', () => {
	test('runtime messages to the extension id and window messages start, stop and read nothing', async () => {
		const {page, tabId} = await open('article.html');
		const before = await status(browser.control);
		const attempts = await page.evaluate(async extensionId => {
			const results: string[] = [];
			// What a page would try with the extension's id (public for store extensions).
			const runtime = (globalThis as {chrome?: {runtime?: {sendMessage?: (...args: unknown[]) => unknown; lastError?: {message?: string}}}}).chrome?.runtime;
			for (const message of [{type: 'read', source: 'page'}, {type: 'stop'}, {type: 'status'}]) {
				if (!runtime?.sendMessage) {
					results.push('no chrome.runtime.sendMessage in the page');
					continue;
				}

				try {
					results.push(await new Promise<string>(resolve => {
						runtime.sendMessage!(extensionId, message, (answer: unknown) => {
							resolve(runtime.lastError ? `error: ${runtime.lastError.message}` : `answered: ${JSON.stringify(answer)}`);
						});
					}));
				} catch (error) {
					results.push(`threw: ${String(error)}`);
				}
			}

			// The shapes the extension's own channels use, posted to the window the content script shares.
			for (const message of [{type: 'read', source: 'page'}, {channel: 'control', type: 'read', source: 'page'}, {channel: 'content', type: 'notice', kind: 'error', text: 'Spoofed by the page'}, {channel: 'content', type: 'extract', source: 'page', jobId: 'page'}]) {
				window.postMessage(message, '*');
			}

			return results;
		}, browser.extensionId);
		// Chromium gives a page no `chrome.runtime` when no extension lists it in `externally_connectable`; where one does, the call must fail.
		for (const result of attempts) {
			expect(result).toMatch(/^(no chrome\.runtime\.sendMessage in the page|error: |threw: )/);
		}

		await sleep(1500);
		expect(server.log).toEqual([]);
		expect(await notices(page)).toBe(0);
		const after = await status(browser.control);
		expect(after.state).toBe(before.state);
		expect(after.sentence).toEqual(before.sentence);

		// The same `read` from an extension page is obeyed: the server hears the article, so the silence above meant something.
		await send(browser.control, {type: 'read', source: 'page', tabId});
		await waitFor(browser.control, 'the server to be asked', () => server.log.length > 0);
		expect(asked()).toContain(article[0]);
	});
});

describe('a page built to break extraction', () => {
	test('2,000 levels deep, text in shadow roots, an iframe: read in order, quickly, without the frame or the closed root', async () => {
		const {tabId} = await open('hostile.html');
		const started = performance.now();
		const answer = await send<Status>(browser.control, {type: 'read', source: 'page', tabId});
		// `read` answers once the page is extracted and the job started: a frozen extraction would never answer.
		expect(performance.now() - started).toBeLessThan(10_000);
		expect(answer.backend).toBe('server');
		const expected = [
			'The night watch',
			'At the bottom of two thousand levels the keeper still climbed the stairs.',
			'Told by the harbour master.',
			'Inside the shadow root the lamp turned all night long.',
			'At dawn the keeper put out the lamp and went down to sleep.',
		];
		await waitFor(browser.control, 'the last sentence asked for', () => asked().includes(expected.at(-1)!), 30_000);
		const text = asked();
		const positions = expected.map(sentence => text.indexOf(sentence));
		expect(positions.every(position => position >= 0)).toBe(true);
		expect(positions).toEqual([...positions].sort((a, b) => a - b));
		expect(text).not.toContain('inside the frame');
		expect(text).not.toContain('closed shadow root');
	});
});

/** What the player first asks the server for sentence 1: after the short title it is cut (parts.ts), so its first part. */
const firstAsked = planParts(article[1]!, false, article[0])[0]!.text;

describe('a server that answers garbage', () => {
	const kinds: Array<Exclude<Answer, object>> = ['html', 'wrong-type', 'truncated-wav', 'error-200'];
	test.each(kinds)('%s: down for that sentence; reading moves to the next backend from it, and back to the server on play', async kind => {
		const {tabId} = await open('article.html');
		server.answers.set(firstAsked, kind);
		await send(browser.control, {type: 'read', source: 'page', tabId});
		// The player's own "server failed: …" shows for a moment before the background has tried the other backends: wait for the background's word.
		const failed = await waitFor(browser.control, 'the garbage to be refused', current => (current.state === 'error' && current.error?.includes('stopped working')) || (current.backend !== 'server' && current.backend !== null) ? current : undefined, 30_000);
		if (failed.state === 'error') {
			// This Chromium has no system voices and no in-browser weights: the message says what failed and what was tried.
			expect(failed.error).toMatch(/local server stopped working \(.+\)/);
			expect(failed.error).toMatch(/no system voices|not available|not downloaded|download/i);
			expect(failed.sentence?.index).toBe(1);
		} else {
			expect(failed.sentence?.index).toBe(1);
		}

		// The server is not written off: play asks it again, from the sentence that failed, and now it speaks.
		server.answers.clear();
		const again = await send<Status>(browser.control, {type: 'toggle'});
		expect(again.backend).toBe('server');
		expect(again.sentence?.index).toBe(1);
		await waitFor(browser.control, 'sound from the server again', current => current.state === 'playing' && current.backend === 'server' && (current.sentence?.index ?? 0) >= 1);
	});
});

describe('a busy server', () => {
	test('503 busy with Retry-After: 1 is waited out once, and reading goes on with the server', async () => {
		const {page, tabId} = await open('article.html');
		server.answers.set(firstAsked, {busy: 1, times: 1});
		await send(browser.control, {type: 'read', source: 'page', tabId});
		await waitFor(browser.control, 'the sentence after the busy one', current => current.state === 'playing' && (current.sentence?.index ?? 0) >= 2, 30_000);
		const current = await status(browser.control);
		expect(current.backend).toBe('server');
		const tries = server.log.filter(entry => entry.text === firstAsked);
		expect(tries).toHaveLength(2);
		expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(950);
		// The content script still obeys the background: the highlight follows.
		await waitFor(browser.control, 'the highlight to follow', async current => await highlighted(page) === article[current.sentence!.index]);
	});
});
