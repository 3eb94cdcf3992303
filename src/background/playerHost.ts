/**
Where the player lives. Chrome: exactly one offscreen document (MV3 service workers cannot play
audio), created on demand; Chrome closes it after 30 s without sound, and the next command
recreates it from `storage.session`. Firefox: no offscreen documents, but its background is a
page with a DOM, so the player runs right here.
*/
import {browser, type Browser} from 'wxt/browser';
import type {FromPlayer, ToPlayer} from '../messaging/protocol';
import {createPlayer, type PlayerHandle} from '../player/dispatch';
import {webSpeechSpeaker} from '../synth/system';

export type PlayerHost = {
	/** Delivers a message, creating the player first if needed. */
	send(message: ToPlayer): Promise<unknown>;
	/** Whether a player exists now (without creating one). */
	alive(): Promise<boolean>;
};

const offscreenUrl = '/offscreen.html';

export function offscreenHost(): PlayerHost {
	let creating: Promise<void> | undefined;
	const alive = async () => {
		const contexts = await browser.runtime.getContexts({contextTypes: ['OFFSCREEN_DOCUMENT']});
		return contexts.length > 0;
	};

	const ensure = async () => {
		if (await alive()) {
			return;
		}

		// Two commands in quick succession must not race to create two documents (Chrome allows one).
		creating ??= browser.offscreen.createDocument({
			url: browser.runtime.getURL(offscreenUrl),
			reasons: ['AUDIO_PLAYBACK'],
			justification: 'Plays the speech of the page being read aloud.',
		}).finally(() => {
			creating = undefined;
		});
		await creating;
	};

	return {
		async send(message) {
			await ensure();
			return browser.runtime.sendMessage(message);
		},
		alive,
	};
}

export function inPageHost(onEvent: (message: FromPlayer) => void): PlayerHost {
	let player: PlayerHandle | undefined;
	return {
		async send(message) {
			player ??= createPlayer(webSpeechSpeaker(), onEvent);
			return player.handle(message);
		},
		async alive() {
			return player !== undefined;
		},
	};
}
