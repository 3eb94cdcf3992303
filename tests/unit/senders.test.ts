/**
Every listener of internal messages obeys only the extension's own pages: a content script (which
a hostile page can steer) and other extensions are ignored. Web pages have no way in at all (no
`externally_connectable`; see manifest.test.ts and the e2e pageIsolation test).
*/
import {beforeEach, describe, expect, test, vi} from 'vitest';
import {browser, type Browser} from 'wxt/browser';
import {fakeBrowser} from 'wxt/testing/fake-browser';
import {ContentScriptContext} from 'wxt/utils/content-script-context';
import {startBackground} from '../../src/background/main';
import {startContent} from '../../src/content/main';
import {isExtensionPage, isFromBackground} from '../../src/messaging/senders';
import {startOffscreenPlayer} from '../../src/player/offscreen';

type Sender = Browser.runtime.MessageSender;
const id = fakeBrowser.runtime.id;
const tab = {id: 3, index: 0, highlighted: false, active: true, pinned: false, incognito: false, windowId: 1} as Browser.tabs.Tab;
const senders = {
	background: {id, url: `chrome-extension://${id}/background.js`},
	offscreen: {id, url: `chrome-extension://${id}/offscreen.html`},
	optionsInTab: {id, url: `chrome-extension://${id}/options.html`, tab},
	contentScript: {id, url: 'https://pages.example/article', tab, frameId: 0},
	contentScriptInFrame: {id, url: 'https://ads.example/frame', tab, frameId: 5},
	otherExtension: {id: 'another-extension', url: 'chrome-extension://another-extension/background.js'},
	lookalikeOrigin: {id, url: `chrome-extension://${id}.pages.example/background.js`},
	noUrl: {id},
} satisfies Record<string, Sender>;

beforeEach(() => {
	fakeBrowser.reset();
	document.body.replaceChildren();
});

/** What the registered listeners answered (one entry per listener; undefined = ignored). */
async function deliver(message: unknown, sender: Sender): Promise<unknown[]> {
	return fakeBrowser.runtime.onMessage.trigger(message, sender, () => undefined) as Promise<unknown[]>;
}

describe('the sender checks', () => {
	test('extension pages give orders; content scripts, other extensions and look-alikes do not', () => {
		expect(Object.entries(senders).filter(([, sender]) => isExtensionPage(sender)).map(([name]) => name))
			.toEqual(['background', 'offscreen', 'optionsInTab']);
		expect(Object.entries(senders).filter(([, sender]) => isFromBackground(sender)).map(([name]) => name))
			.toEqual(['background', 'offscreen']);
	});
});

describe('the content script', () => {
	beforeEach(() => {
		document.body.innerHTML = '<p>One sentence of page text. And another one here.</p>';
		startContent(new ContentScriptContext('content'));
	});

	const notice = {channel: 'content', type: 'notice', kind: 'error', text: 'Spoofed notice'};
	const extract = {channel: 'content', type: 'extract', source: 'page', jobId: 'job'};

	test('ignores orders from a content script (its own page, or a frame) and from other extensions', async () => {
		for (const sender of [senders.contentScript, senders.contentScriptInFrame, senders.otherExtension, senders.optionsInTab, senders.lookalikeOrigin]) {
			expect(await deliver(extract, sender)).toEqual([undefined]);
			await deliver(notice, sender);
		}

		expect(document.querySelector('kokoro-read-aloud-notice')).toBeNull();
	});

	test('obeys the background', async () => {
		const [extraction] = await deliver(extract, senders.background);
		expect(extraction).toMatchObject({ok: true, sentences: [{text: 'One sentence of page text.'}, {text: 'And another one here.'}]});
		await deliver(notice, senders.background);
		expect(document.querySelector('kokoro-read-aloud-notice')).not.toBeNull();
	});
});

describe('the offscreen player', () => {
	test('answers the background and ignores a content script', async () => {
		startOffscreenPlayer();
		const status = {channel: 'player', type: 'status'};
		expect(await deliver(status, senders.contentScript)).toEqual([undefined]);
		expect(await deliver(status, senders.otherExtension)).toEqual([undefined]);
		expect(await deliver(status, senders.background)).toEqual([expect.objectContaining({state: 'idle'})]);
	});
});

describe('the background', () => {
	test('a content script cannot start, stop or read; an extension page can', async () => {
		// Listeners the fake browser does not implement, and this test does not use.
		vi.spyOn(fakeBrowser.contextMenus.onClicked, 'addListener').mockImplementation(() => undefined);
		vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
		startBackground();
		const query = vi.spyOn(browser.tabs, 'query');
		const get = vi.spyOn(browser.tabs, 'get');
		for (const message of [{type: 'read', source: 'page', tabId: tab.id}, {type: 'toggle'}, {type: 'stop'}, {type: 'status'}, {channel: 'background', type: 'backend-failed', jobId: 'x', tabId: 3, backend: 'server', index: 0, reason: 'spoofed'}]) {
			expect(await deliver(message, senders.contentScript)).toEqual([undefined]);
			expect(await deliver(message, senders.otherExtension)).toEqual([undefined]);
		}

		expect(query).not.toHaveBeenCalled();
		expect(get).not.toHaveBeenCalled();
		// The same `read` from the options page is obeyed (it looks the tab up; the fake browser has none).
		await deliver({type: 'read', source: 'page', tabId: tab.id}, senders.optionsInTab).catch(() => undefined);
		expect(get).toHaveBeenCalledWith(tab.id);
	});
});
