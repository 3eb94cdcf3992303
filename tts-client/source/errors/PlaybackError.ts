import {TtsError} from './TtsError.js';

/** Audio could not be played through Web Audio: no AudioContext in this environment, or the context stayed suspended by the autoplay policy (call `speak()` from a click). */
export class PlaybackError extends TtsError {
	constructor(message: string, options: {cause?: unknown; engine?: string} = {}) {
		super(message, options);
		this.name = 'PlaybackError';
	}
}
