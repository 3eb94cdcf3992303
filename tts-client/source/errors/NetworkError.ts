import {TtsError} from './TtsError.js';

/** The request never got an HTTP answer: connection refused, reset mid-body, blocked by CORS or by Local Network Access. Browsers report all of these as the same `TypeError`, kept in `cause`. */
export class NetworkError extends TtsError {
	readonly method: string;
	readonly url: string;

	constructor(method: string, url: string, cause: unknown) {
		super(`Could not reach ${method} ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, {cause, engine: 'server'});
		this.name = 'NetworkError';
		this.method = method;
		this.url = url;
	}
}
