/**
The extension's one settings schema: a typed, versioned item in `chrome.storage.local` under the
key `settings` (DESIGN.md interface). Fields a stored object lacks take their defaults, so older
or hand-written settings keep working; a change takes effect on the next job.
*/
import {defaultModelBaseUrl} from '@tts-client/engines/kokoroProtocol';
import {storage} from 'wxt/utils/storage';
import type {Lang} from '../segment/sentences';

export type BackendChoice = 'auto' | 'server' | 'browser' | 'system';
/** Whether automatic mode may download Kokoro for the browser (about 92 MB, once); choosing `backend: 'browser'` is consent too. */
export type InBrowserConsent = 'ask' | 'allowed' | 'declined';

export type Settings = {
	/** Which engine speaks; `auto` tries the local server, then in-browser Kokoro, then system voices. */
	backend: BackendChoice;
	/** The local Kokoro server. */
	serverUrl: string;
	/** Where in-browser weights come from: the public model repository, or a folder written by `tts-server export-web-assets`. */
	modelBaseUrl: string;
	/** Kokoro voice per language: Han text is read with `zh`, everything else with `en`. */
	voices: Record<Lang, string>;
	/** 0.5–2.0, 1 = the voice's natural pace. */
	speed: number;
	/** Automatic mode's permission to download Kokoro for the browser; asked once, in the options page. */
	inBrowser: InBrowserConsent;
};

export const defaultSettings: Settings = {
	backend: 'auto',
	serverUrl: 'http://127.0.0.1:9527',
	modelBaseUrl: defaultModelBaseUrl,
	voices: {en: 'af_heart', zh: 'zf_xiaobei'},
	speed: 1,
	inBrowser: 'ask',
};

/** The distinct voices the settings use (one per language, often different): what the in-browser engine loads. */
export function voicesInUse(voices: Settings['voices']): string[] {
	return [...new Set(Object.values(voices))];
}

export const speedRange = {min: 0.5, max: 2, step: 0.1} as const;

const backends: readonly BackendChoice[] = ['auto', 'server', 'browser', 'system'];
const consents: readonly InBrowserConsent[] = ['ask', 'allowed', 'declined'];

/** Stored values can be anything (older versions, a user's devtools): keep what is valid, default the rest. */
export function normalizeSettings(stored: unknown): Settings {
	const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<Record<keyof Settings, unknown>>;
	const voices = (typeof value.voices === 'object' && value.voices !== null ? value.voices : {}) as Partial<Record<Lang, unknown>>;
	const speed = typeof value.speed === 'number' && Number.isFinite(value.speed) ? value.speed : defaultSettings.speed;
	return {
		backend: backends.includes(value.backend as BackendChoice) ? value.backend as BackendChoice : defaultSettings.backend,
		serverUrl: typeof value.serverUrl === 'string' && /^https?:\/\//.test(value.serverUrl) ? value.serverUrl.replace(/\/+$/, '') : defaultSettings.serverUrl,
		modelBaseUrl: typeof value.modelBaseUrl === 'string' && value.modelBaseUrl ? value.modelBaseUrl.replace(/\/+$/, '') : defaultSettings.modelBaseUrl,
		voices: {
			en: typeof voices.en === 'string' && voices.en ? voices.en : defaultSettings.voices.en,
			zh: typeof voices.zh === 'string' && voices.zh ? voices.zh : defaultSettings.voices.zh,
		},
		speed: Math.min(speedRange.max, Math.max(speedRange.min, speed)),
		inBrowser: consents.includes(value.inBrowser as InBrowserConsent) ? value.inBrowser as InBrowserConsent : defaultSettings.inBrowser,
	};
}

/** `local:settings` is exactly `chrome.storage.local["settings"]`, which outside tests rely on. */
export const settingsItem = storage.defineItem<Partial<Settings>>('local:settings', {fallback: {}, version: 1});

export async function loadSettings(): Promise<Settings> {
	return normalizeSettings(await settingsItem.getValue());
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
	const next = normalizeSettings({...await loadSettings(), ...patch});
	await settingsItem.setValue(next);
	return next;
}

export function watchSettings(callback: (settings: Settings) => void): () => void {
	return settingsItem.watch(value => {
		callback(normalizeSettings(value));
	});
}
