import {TtsError} from './TtsError.js';

/** The browser's speech synthesis reported an error (`not-allowed` without a user gesture, `synthesis-failed`, ...) or never started. `code` is the `SpeechSynthesisErrorEvent.error` value, or `start-timeout`. */
export class WebSpeechError extends TtsError {
	readonly code: string;

	constructor(code: string, message: string) {
		super(`Web Speech failed (${code}): ${message}`, {engine: 'web-speech'});
		this.name = 'WebSpeechError';
		this.code = code;
	}
}
