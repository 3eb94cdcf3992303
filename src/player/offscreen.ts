/**
Chrome's offscreen document: hosts the one player and answers the background's `ToPlayer`
messages. It has only the `runtime` API, so system voices go through the background
(`relaySpeaker`), and every report goes back by `runtime.sendMessage`.
*/
import {browser, type Browser} from 'wxt/browser';
import type {FromPlayer, ToPlayer} from '../messaging/protocol';
import {createPlayer} from './dispatch';
import {relaySpeaker} from './relaySpeaker';

export function startOffscreenPlayer(): void {
	const player = createPlayer(relaySpeaker(), (message: FromPlayer) => {
		// Reports wake the service worker if Chrome stopped it; a report it misses while starting is superseded by the next.
		browser.runtime.sendMessage(message).catch(() => undefined);
	});
	browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender) => {
		if (sender.id !== browser.runtime.id || typeof message !== 'object' || message === null || (message as {channel?: unknown}).channel !== 'player') {
			return undefined;
		}

		return Promise.resolve(player.handle(message as ToPlayer));
	});
}
