/**
Kokoro v1.0's English and Mandarin voices: the list the options page shows when no server
answers `/voices` (the in-browser engine and the server use the same voice packs).
*/
import type {Lang} from '../segment/sentences';

export type Voice = {id: string; language: string; gender: 'female' | 'male'};

const english = ['af_alloy', 'af_aoede', 'af_bella', 'af_heart', 'af_jessica', 'af_kore', 'af_nicole', 'af_nova', 'af_river', 'af_sarah', 'af_sky', 'am_adam', 'am_echo', 'am_eric', 'am_fenrir', 'am_liam', 'am_michael', 'am_onyx', 'am_puck', 'am_santa', 'bf_alice', 'bf_emma', 'bf_isabella', 'bf_lily', 'bm_daniel', 'bm_fable', 'bm_george', 'bm_lewis'];
const mandarin = ['zf_xiaobei', 'zf_xiaoni', 'zf_xiaoxiao', 'zf_xiaoyi', 'zm_yunjian', 'zm_yunxi', 'zm_yunxia', 'zm_yunyang'];

/** Kokoro's naming: first letter the language (a US, b UK, z Mandarin), second the gender. */
function describe(id: string): Voice {
	const language = id.startsWith('a') ? 'en-US' : id.startsWith('b') ? 'en-GB' : 'zh';
	return {id, language, gender: id[1] === 'm' ? 'male' : 'female'};
}

export const bundledVoices: Record<Lang, Voice[]> = {en: english.map(describe), zh: mandarin.map(describe)};

/** The server's `/voices` answer, grouped by the language our sentences are read in. */
export function groupVoices(voices: Voice[]): Record<Lang, Voice[]> {
	return {
		en: voices.filter(voice => voice.language.startsWith('en')),
		zh: voices.filter(voice => voice.language.startsWith('zh') || voice.language.startsWith('cmn')),
	};
}

/** "Heart (US, female)" from "af_heart". */
export function voiceLabel(voice: Voice): string {
	const name = voice.id.slice(3).replace(/^\w/, letter => letter.toUpperCase());
	const accent = voice.language === 'en-GB' ? 'UK' : voice.language === 'en-US' ? 'US' : 'Mandarin';
	return `${name} (${accent}, ${voice.gender})`;
}
