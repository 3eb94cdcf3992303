import {TtsError} from './TtsError.js';

/** The Web Speech API is present but has no voice at all, or none for the text's language. Thrown at once instead of queueing an utterance that would never start. */
export class NoVoiceError extends TtsError {
	/** The BCP 47 language that was looked for, or undefined when the browser has no voices at all. */
	readonly lang: string | undefined;

	constructor(lang: string | undefined, detail: string) {
		super(detail, {engine: 'web-speech'});
		this.name = 'NoVoiceError';
		this.lang = lang;
	}
}
