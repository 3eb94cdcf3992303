import {TtsError} from './TtsError.js';

/** The call was cancelled by `stop()` or by the caller's `signal`. `speak()` resolves with `stopped: true` instead; only `synthesize()` rejects with this. */
export class AbortedError extends TtsError {
	constructor(message = 'The call was stopped', options: {cause?: unknown} = {}) {
		super(message, options);
		this.name = 'AbortedError';
	}
}
