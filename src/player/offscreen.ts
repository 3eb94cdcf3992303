/**
Chrome's offscreen document: hosts the one player and answers the background's `ToPlayer`
messages. It has only the `runtime` API, so system voices go through the background
(`relaySpeaker`), and every report goes back by `runtime.sendMessage`.
*/
import {browser, type Browser} from 'wxt/browser';
import type {FromPlayer, ToPlayer} from '../messaging/protocol';
import {isExtensionPage} from '../messaging/senders';
import {createPlayer} from './dispatch';
import {relaySpeaker} from './relaySpeaker';
import {mark, marks} from '../synth/kokoro/marks';

export function startOffscreenPlayer(): void {
	marks['offscreen.origin'] = performance.timeOrigin;
	mark('offscreen.start');
	const player = createPlayer(relaySpeaker(), (message: FromPlayer) => {
		// Reports wake the service worker if Chrome stopped it; a report it misses while starting is superseded by the next.
		browser.runtime.sendMessage(message).catch(() => undefined);
	});
	browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender) => {
		// Orders come from the background; a content script has the extension's id too, but not its pages' URLs.
		if (!isExtensionPage(sender) || typeof message !== 'object' || message === null || (message as {channel?: unknown}).channel !== 'player') {
			return undefined;
		}

		return Promise.resolve(player.handle(message as ToPlayer));
	});
}
