/**
Talking to the content script of a tab. A tab opened before the extension was installed (or
reloaded) has no content script yet: then it is injected, once, and asked again.
*/
import {browser} from 'wxt/browser';
import type {ToContent} from '../messaging/protocol';

const missing = /Receiving end does not exist|Could not establish connection/i;

export async function askContent<T>(tabId: number, message: ToContent): Promise<T> {
	try {
		return await browser.tabs.sendMessage(tabId, message) as T;
	} catch (error) {
		if (!(error instanceof Error && missing.test(error.message))) {
			throw error;
		}

		await browser.scripting.executeScript({target: {tabId}, files: ['/content-scripts/content.js']});
		return await browser.tabs.sendMessage(tabId, message) as T;
	}
}

/** Fire and forget: a highlight for a tab that was closed or navigated away is simply dropped. */
export function tellContent(tabId: number, message: ToContent): void {
	browser.tabs.sendMessage(tabId, message).catch(() => undefined);
}
