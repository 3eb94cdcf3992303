import {TtsError} from './TtsError.js';

/**
The server answered, but with a 4xx/5xx status. `code` and `serverMessage` come from its JSON body `{"error":{"code","message"}}`; when the body is not that shape they fall back to the HTTP status text.
*/
export class ServerError extends TtsError {
	readonly status: number;
	readonly code: string;
	readonly serverMessage: string;
	readonly method: string;
	readonly url: string;
	/** When the server said to come back (its `Retry-After`, as ms from now): a 503 `busy` or `loading`. Undefined when it did not say, or when CORS hid the header from a page. */
	readonly retryAfterMs: number | undefined;

	constructor(init: {status: number; code: string; serverMessage: string; method: string; url: string; retryAfterMs?: number}) {
		super(`Server answered ${init.status} ${init.code}: ${init.serverMessage} (${init.method} ${init.url})`, {engine: 'server'});
		this.name = 'ServerError';
		this.status = init.status;
		this.code = init.code;
		this.serverMessage = init.serverMessage;
		this.method = init.method;
		this.url = init.url;
		this.retryAfterMs = init.retryAfterMs;
	}

	/** True when the server refused for now (503 `busy` or `loading`, 429): it works, and names when to come back in `retryAfterMs`. */
	get isBusy(): boolean {
		return this.status === 503 || this.status === 429;
	}

	/**
	True when the request itself was wrong (bad text, unknown voice, too long). Such errors are thrown to the caller instead of silently trying another engine, because the next engine would be asked the same wrong thing.
	*/
	get isClientError(): boolean {
		return this.status === 400 || this.status === 413 || this.status === 415 || this.status === 422;
	}
}
