import {AbortedError} from '../errors/AbortedError.js';
import {NetworkError} from '../errors/NetworkError.js';
import {ServerError} from '../errors/ServerError.js';
import {TimeoutError} from '../errors/TimeoutError.js';
import type {FetchLike} from '../types/options.js';
import {linkedController} from './abort.js';
import {targetAddressSpace} from './url.js';

export type RequestOptions = {
	method: 'GET' | 'POST';
	/** Sent as JSON. */
	json?: unknown;
	/** Limit until the response headers arrive. The body is not covered: a streamed body is watched chunk by chunk by its reader. */
	timeoutMs: number;
	signal?: AbortSignal;
};

/** `RequestInit` plus Chrome's Local Network Access option, which lib.dom does not know yet. */
type LnaRequestInit = RequestInit & {targetAddressSpace?: 'loopback' | 'local'};

/**
One fetch with the failure modes mapped to typed errors: caller abort → AbortedError, timeout → TimeoutError, no answer → NetworkError, 4xx/5xx → ServerError (with the server's JSON error body).

Returns the response while its body is unread, so callers can stream it; `signal` still aborts the body read.
*/
export async function request(fetchFn: FetchLike, url: string, options: RequestOptions): Promise<Response> {
	const {controller, dispose} = linkedController(options.signal);
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		controller.abort();
	}, options.timeoutMs);

	const init: LnaRequestInit = {
		method: options.method,
		mode: 'cors',
		// No cookies: the server needs none, and credentials would force stricter CORS.
		credentials: 'omit',
		cache: 'no-store',
		signal: controller.signal,
	};
	// Browsers without Local Network Access ignore the unknown member; Chrome 142+ uses it to show its prompt instead of failing. Only set for loopback/private hosts: Chrome rejects a value that does not match the real address space.
	const space = targetAddressSpace(url);
	if (space) {
		init.targetAddressSpace = space;
	}

	if (options.json !== undefined) {
		init.headers = {'content-type': 'application/json'};
		init.body = JSON.stringify(options.json);
	}

	let response: Response;
	try {
		response = await fetchFn(url, init);
	} catch (error) {
		dispose();
		if (timedOut) {
			throw new TimeoutError(options.method, url, options.timeoutMs);
		}

		if (options.signal?.aborted) {
			throw new AbortedError('The call was stopped', {cause: error});
		}

		throw new NetworkError(options.method, url, error);
	} finally {
		clearTimeout(timer);
	}

	// On success the link to the caller's signal stays while the body streams, so stop() can cut it; the signal is per call, so nothing outlives the call.
	if (!response.ok) {
		dispose();
		throw await serverError(response, options.method, url);
	}

	return response;
}

async function serverError(response: Response, method: string, url: string): Promise<ServerError> {
	let code = response.statusText || 'error';
	let serverMessage = `HTTP ${response.status}`;
	try {
		const body: unknown = await response.json();
		const error = (body as {error?: {code?: unknown; message?: unknown}} | null)?.error;
		if (typeof error?.code === 'string') {
			code = error.code;
		}

		if (typeof error?.message === 'string') {
			serverMessage = error.message;
		}
	} catch {
		// Not JSON (a proxy's HTML page, an empty 404): keep the status-derived text.
	}

	return new ServerError({status: response.status, code, serverMessage, method, url, retryAfterMs: retryAfterMs(response.headers.get('retry-after'))});
}

/** `Retry-After` as ms from now: delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
	if (value === null) {
		return undefined;
	}

	const text = value.trim();
	if (/^\d+$/.test(text)) {
		return Number(text) * 1000;
	}

	// HTTP dates are always in GMT; without it `Date.parse` would take "-5" for a year.
	const date = /\bGMT$/.test(text) ? Date.parse(text) : Number.NaN;
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
