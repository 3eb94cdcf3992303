import {TtsError} from './TtsError.js';

/** A response said it was audio but could not be decoded (not RIFF/WAVE, unsupported sample format, truncated). */
export class AudioFormatError extends TtsError {
	constructor(message: string, options: {engine?: string} = {}) {
		super(message, options);
		this.name = 'AudioFormatError';
	}
}
