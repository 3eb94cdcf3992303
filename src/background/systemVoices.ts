/**
System voices through `chrome.tts` (Chrome: only the background may use it). Firefox has no
`tts` API; its player speaks with `speechSynthesis` in the background page instead.
*/
import {browser} from 'wxt/browser';
import type {Check} from '../route/router';
import type {Lang} from '../segment/sentences';
import {systemLanguage, wordLength} from '../synth/system';

export async function systemVoicesCheck(): Promise<Check> {
	const voices = hasTts()
		? await browser.tts.getVoices()
		: globalThis.speechSynthesis?.getVoices().map(voice => ({lang: voice.lang})) ?? [];
	if (voices.length === 0) {
		return {ok: false, reason: 'no system voices are installed'};
	}

	return {ok: true, detail: `system voices (${voices.length})`};
}

export function ttsSpeak(text: string, lang: Lang, rate: number, onWord: (start: number, end: number) => void): Promise<boolean> {
	return new Promise((resolve, reject) => {
		browser.tts.speak(text, {
			lang: systemLanguage[lang],
			rate,
			enqueue: false,
			onEvent(event) {
				switch (event.type) {
					case 'word': {
						const start = event.charIndex ?? 0;
						onWord(start, start + (event.length ?? wordLength(text, start)));
						break;
					}

					case 'end': {
						resolve(true);
						break;
					}

					case 'interrupted':
					case 'cancelled': {
						resolve(false);
						break;
					}

					case 'error': {
						reject(new Error(event.errorMessage ?? 'system voice failed'));
						break;
					}

					default:
				}
			},
		});
	});
}

export function ttsControl(action: 'pause' | 'resume' | 'stop'): void {
	if (action === 'pause') {
		browser.tts.pause();
	} else if (action === 'resume') {
		browser.tts.resume();
	} else {
		browser.tts.stop();
	}
}

/** Chrome has `tts`; Firefox does not (its player uses `speechSynthesis`). */
export function hasTts(): boolean {
	return typeof (browser as {tts?: unknown}).tts === 'object';
}
