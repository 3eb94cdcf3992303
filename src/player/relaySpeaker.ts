/**
System voices for a player without the `tts` API (Chrome's offscreen document): each sentence is
handed to the background, which speaks it with `chrome.tts` and relays the word events back.
*/
import {browser} from 'wxt/browser';
import type {FromPlayer, SystemSpoken} from '../messaging/protocol';
import type {Speaker} from './output';

export function relaySpeaker(): Speaker & {onWord(start: number, end: number): void} {
	let wordListener: ((start: number, end: number) => void) | undefined;
	const send = (message: FromPlayer) => browser.runtime.sendMessage(message);
	return {
		async speak({text, lang, rate, onWord}) {
			wordListener = onWord;
			const answer = await send({channel: 'background', type: 'system-speak', text, lang, rate}) as SystemSpoken | undefined;
			if (!answer || 'error' in answer) {
				throw new Error(answer?.error ?? 'the background did not answer');
			}

			return answer.ended;
		},
		pause() {
			void send({channel: 'background', type: 'system-control', action: 'pause'});
		},
		resume() {
			void send({channel: 'background', type: 'system-control', action: 'resume'});
		},
		stop() {
			wordListener = undefined;
			void send({channel: 'background', type: 'system-control', action: 'stop'});
		},
		onWord(start, end) {
			wordListener?.(start, end);
		},
	};
}
