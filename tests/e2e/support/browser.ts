/**
Debian's Chromium with the built extension loaded (playwright-core, `--load-extension`), as a
user gets it. The extension id comes from the service worker's URL.
*/
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {type BrowserContext, chromium, type Page, type Worker} from 'playwright-core';

export const extensionDir = resolve(import.meta.dirname, '../../../.output/chrome-mv3');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

export type ExtensionBrowser = {
	context: BrowserContext;
	extensionId: string;
	worker: Worker;
	/** An extension page (the options page), from which tests send control messages like the UI does. */
	control: Page;
	/** The browser's profile folder: launching again with it is the browser's next start (IndexedDB, storage kept). */
	profile: string;
	/** Closes the browser and deletes the profile, unless `keepProfile`. */
	close(options?: {keepProfile?: boolean}): Promise<void>;
};

export async function launchWithExtension(options: {profile?: string; extension?: string} = {}): Promise<ExtensionBrowser> {
	const dir = options.extension ?? extensionDir;
	const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'kokoro-e2e-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: [
			`--disable-extensions-except=${dir}`,
			`--load-extension=${dir}`,
			'--no-sandbox',
			'--disable-gpu',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-quic', ...(process.env.CHROME_LOG ? ['--enable-logging=stderr', '--v=0'] : []),
		],
	});
	const worker = context.serviceWorkers().find(worker => worker.url().startsWith('chrome-extension://')) ?? await context.waitForEvent('serviceworker');
	const extensionId = new URL(worker.url()).host;
	const control = await context.newPage();
	await control.goto(`chrome-extension://${extensionId}/options.html`);
	return {
		context,
		extensionId,
		worker,
		control,
		profile,
		async close({keepProfile = false} = {}) {
			await context.close();
			if (!keepProfile) {
				rmSync(profile, {recursive: true, force: true});
			}
		},
	};
}

/** Sends a control message from the extension page, as the options page or a menu would. */
export async function send<T = unknown>(control: Page, message: unknown): Promise<T> {
	return control.evaluate(async message => chrome.runtime.sendMessage(message), message) as Promise<T>;
}

export async function setSettings(control: Page, settings: Record<string, unknown>): Promise<void> {
	await control.evaluate(async settings => chrome.storage.local.set({settings}), settings);
}
