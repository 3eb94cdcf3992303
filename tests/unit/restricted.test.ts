import {describe, expect, test} from 'vitest';
import {restrictedByError, restrictedReason} from '../../src/background/restricted';

describe('pages extensions may not read get a reason', () => {
	test.each([
		['chrome://settings/', 'its own pages'],
		['chrome://newtab/', 'its own pages'],
		['chrome-extension://abcdef/options.html', 'its own pages'],
		['about:blank', 'its own pages'],
		['https://chromewebstore.google.com/detail/some-extension/abc', 'add-on store'],
		['https://chrome.google.com/webstore/detail/abc', 'add-on store'],
		['https://addons.mozilla.org/en-US/firefox/addon/x/', 'add-on store'],
		['https://example.com/papers/report.pdf', 'PDF'],
		['https://example.com/report.PDF?download=1', 'PDF'],
		['https://example.com/report.pdf#page=2', 'PDF'],
		['file:///home/me/notes.html', 'local files'],
	])('%s', (url, says) => {
		expect(restrictedReason(url)).toContain(says);
	});
});

describe('ordinary pages get none', () => {
	test.each([
		'https://en.wikipedia.org/wiki/Kokoro',
		'http://example.com/',
		'https://example.com/pdf-guide.html',
		'https://example.com/a.pdf.html',
		'https://google.com/webstore-news',
		'http://127.0.0.1:8080/',
	])('%s', url => {
		expect(restrictedReason(url)).toBeUndefined();
	});

	test('an unknown URL (no tab URL permission) is not blocked', () => {
		expect(restrictedReason(undefined)).toBeUndefined();
		expect(restrictedReason('')).toBeUndefined();
	});
});

describe('a refused content script names the page kind', () => {
	test.each([
		['Cannot access a chrome:// URL', 'its own pages'],
		['Cannot access a chrome-extension:// URL of different extension', 'its own pages'],
		['The extensions gallery cannot be scripted.', 'add-on store'],
	])('%s', (error, says) => {
		expect(restrictedByError(error)).toContain(says);
	});

	test('other failures are left to the general message', () => {
		expect(restrictedByError('No tab with id: 12.')).toBeUndefined();
		expect(restrictedByError('Receiving end does not exist.')).toBeUndefined();
	});
});
