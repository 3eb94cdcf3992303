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
	/** Creates the player if needed, without a message: started early, it overlaps the document's start-up with extraction. */
	ensure(): Promise<void>;
};

const offscreenUrl = '/offscreen.html';

export function offscreenHost(): PlayerHost {
	let creating: Promise<void> | undefined;
	const alive = async () => {
		const contexts = await browser.runtime.getContexts({contextTypes: ['OFFSCREEN_DOCUMENT']});
		return contexts.length > 0;
	};

	const ensure = async () => {
		// A document being created already counts as alive, but cannot answer until its script has run.
		if (creating) {
			await creating;
			return;
		}

		if (await alive()) {
			return;
		}

		// Two commands in quick succession must not race to create two documents (Chrome allows one).
		creating ??= browser.offscreen.createDocument({
			url: browser.runtime.getURL(offscreenUrl),
			// AUDIO_PLAYBACK alone lets Chromium close the document after 30 s in which it hears no
			// sound: a long pause, a slow first synthesis, a machine without audio output (headless
			// Chromium closed it mid-read here). WORKERS is also what the in-browser engine's inference
			// worker needs (issue 11); with it the document lives until the reading is stopped.
			reasons: ['AUDIO_PLAYBACK', 'WORKERS'],
			justification: 'Plays the speech of the page being read aloud, and runs its synthesis off the main thread.',
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
		ensure,
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
		async ensure() {
			player ??= createPlayer(webSpeechSpeaker(), onEvent);
		},
	};
}
