import {beforeEach, describe, expect, test} from 'vitest';
import {fakeBrowser} from 'wxt/testing/fake-browser';
import {defaultSettings, loadSettings, normalizeSettings, saveSettings} from '../../src/settings/schema';

beforeEach(() => {
	fakeBrowser.reset();
});

describe('normalizeSettings', () => {
	test('missing fields (or nothing stored at all) take their defaults', () => {
		expect(normalizeSettings(undefined)).toEqual(defaultSettings);
		expect(normalizeSettings('garbage')).toEqual(defaultSettings);
		expect(normalizeSettings({backend: 'server', voices: {zh: 'zm_yunxi'}})).toEqual({...defaultSettings, backend: 'server', voices: {en: 'af_heart', zh: 'zm_yunxi'}});
	});

	test('invalid values are replaced by defaults', () => {
		expect(normalizeSettings({backend: 'cloud', serverUrl: '127.0.0.1:9527', modelBaseUrl: '', voices: {en: 42, zh: ''}, speed: Number.NaN})).toEqual(defaultSettings);
		expect(normalizeSettings({serverUrl: 'ftp://127.0.0.1:9527'}).serverUrl).toBe(defaultSettings.serverUrl);
		expect(normalizeSettings({speed: '1.5'}).speed).toBe(1);
	});

	test('speed is clamped to 0.5–2', () => {
		expect(normalizeSettings({speed: 0.1}).speed).toBe(0.5);
		expect(normalizeSettings({speed: 7}).speed).toBe(2);
		expect(normalizeSettings({speed: 1.3}).speed).toBe(1.3);
	});

	test('URLs lose trailing slashes so paths can be appended', () => {
		const settings = normalizeSettings({serverUrl: 'https://tts.example:8443//', modelBaseUrl: 'http://127.0.0.1:8000/web/'});
		expect(settings.serverUrl).toBe('https://tts.example:8443');
		expect(settings.modelBaseUrl).toBe('http://127.0.0.1:8000/web');
	});
});

describe('storage', () => {
	test('nothing stored: the defaults', async () => {
		expect(await loadSettings()).toEqual(defaultSettings);
	});

	test('read from chrome.storage.local["settings"], normalized', async () => {
		await fakeBrowser.storage.local.set({settings: {backend: 'system', speed: 9}});
		expect(await loadSettings()).toEqual({...defaultSettings, backend: 'system', speed: 2});
	});

	test('saveSettings merges a patch into what is stored and writes the whole object under "settings"', async () => {
		await fakeBrowser.storage.local.set({settings: {backend: 'server', voices: {en: 'am_adam', zh: 'zf_xiaoni'}}});
		const saved = await saveSettings({speed: 1.5});
		const expected = {...defaultSettings, backend: 'server', voices: {en: 'am_adam', zh: 'zf_xiaoni'}, speed: 1.5};
		expect(saved).toEqual(expected);
		expect(await fakeBrowser.storage.local.get('settings')).toEqual({settings: expected});
	});

	test('saveSettings normalizes the patch too', async () => {
		expect(await saveSettings({backend: 'nope' as 'auto', serverUrl: 'localhost:1'})).toEqual(defaultSettings);
		expect(await fakeBrowser.storage.local.get('settings')).toEqual({settings: defaultSettings});
	});
});
