/**
The system's own voices, the last resort: nothing to download, no Kokoro. Two ways in:
`webSpeechSpeaker` uses `speechSynthesis` where the player's document has it (Firefox's
background page); `relaySpeaker` asks the background to use `chrome.tts`, because Chrome's
offscreen document has no `tts` API.
*/
import type {Lang} from '../segment/sentences';
import type {Speaker} from '../player/output';

const bcp47: Record<Lang, string> = {en: 'en-US', zh: 'zh-CN'};

export function webSpeechSpeaker(synthesis: SpeechSynthesis = speechSynthesis): Speaker {
	let current: SpeechSynthesisUtterance | undefined;
	return {
		speak({text, lang, rate, onWord}) {
			synthesis.cancel();
			return new Promise<boolean>((resolve, reject) => {
				const utterance = new SpeechSynthesisUtterance(text);
				utterance.lang = bcp47[lang];
				utterance.rate = rate;
				const voice = synthesis.getVoices().find(candidate => candidate.lang.replace('_', '-').startsWith(bcp47[lang].slice(0, 2)));
				if (voice) {
					utterance.voice = voice;
				}

				utterance.onboundary = event => {
					if (event.name === 'word') {
						onWord(event.charIndex, event.charIndex + (event.charLength || wordLength(text, event.charIndex)));
					}
				};
				utterance.onend = () => {
					resolve(current === utterance);
				};
				utterance.onerror = event => {
					if (event.error === 'canceled' || event.error === 'interrupted') {
						resolve(false);
					} else {
						reject(new Error(`system voice failed: ${event.error}`));
					}
				};
				current = utterance;
				synthesis.speak(utterance);
			});
		},
		pause() {
			synthesis.pause();
		},
		resume() {
			synthesis.resume();
		},
		stop() {
			current = undefined;
			synthesis.cancel();
		},
	};
}

/** Length of the word at `index`, for engines whose boundary events give no length. */
export function wordLength(text: string, index: number): number {
	const match = /^[\p{L}\p{N}'’-]+/u.exec(text.slice(index));
	return match ? match[0].length : 1;
}

export const systemLanguage = bcp47;
