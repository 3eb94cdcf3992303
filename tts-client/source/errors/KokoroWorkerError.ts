import {TtsError} from './TtsError.js';

/**
The Kokoro inference worker reported a failure (weights that would not download or failed their checksum, a voice that is not loaded, the model refusing a sentence) or stopped altogether (its script missing, a CSP refusal, a crash). The worker's own words are in the message.
*/
export class KokoroWorkerError extends TtsError {
	constructor(message: string, options: {cause?: unknown} = {}) {
		super(`Kokoro in the browser: ${message}`, {engine: 'browser-kokoro', cause: options.cause});
		this.name = 'KokoroWorkerError';
	}
}
