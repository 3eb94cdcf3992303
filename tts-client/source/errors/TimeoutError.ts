import {TtsError} from './TtsError.js';

/** A request (or a gap between two chunks of a streamed body) took longer than allowed. */
export class TimeoutError extends TtsError {
	readonly method: string;
	readonly url: string;
	readonly timeoutMs: number;

	constructor(method: string, url: string, timeoutMs: number) {
		super(`No answer within ${timeoutMs} ms (${method} ${url})`, {engine: 'server'});
		this.name = 'TimeoutError';
		this.method = method;
		this.url = url;
		this.timeoutMs = timeoutMs;
	}
}
