/**
One file, downloaded in HTTP Range requests of `chunkBytes` and stored as it arrives, so a dropped
connection, or a browser closed mid-file, continues from the last byte stored. A server that
ignores Range (200 with the whole file) still works: the bytes we already have are skipped.
*/
import {concatBytes, readBody} from '@tts-client/utils/body';
import {WeightsError, WeightsHttpError} from './errors';
import {backoffMs, sleep} from './retry';
import {appendChunk, type FileRecord, type WeightsDb} from './store';

export interface DownloadOptions {
	chunkBytes: number;
	/** Attempts after a failure that stored nothing new, before giving up. */
	retries: number;
	retryDelayMs: number;
	/** A read that waits longer than this counts as a dropped connection. */
	stallMs: number;
	signal?: AbortSignal;
	/** The file's bytes received so far (stored, or about to be). */
	onBytes(done: number): void;
}

/** Brings the stored bytes of `record` (kept under `key`) up to its full size. */
export async function downloadFile(db: WeightsDb, key: string, url: string, record: FileRecord, options: DownloadOptions): Promise<void> {
	const state = {stored: record.stored};
	let failures = 0;
	while (state.stored < record.bytes) {
		const before = state.stored;
		let failure: unknown;
		try {
			await rangeAttempt(db, key, url, record.bytes, state, options);
		} catch (error) {
			if (options.signal?.aborted) throw options.signal.reason;
			if (!retryable(error)) throw error;
			failure = error;
		}
		if (failure === undefined && state.stored > before) {
			failures = 0;
			continue;
		}
		// Progress earns a fresh set of retries: only a server that gives nothing is given up on.
		failures = state.stored > before ? 1 : failures + 1;
		if (failures > options.retries) throw giveUp(url, failure, failures);
		await sleep(backoffMs(failures, options.retryDelayMs), options.signal);
	}
}

/** One request from `state.stored`; `state.stored` advances with every chunk stored, even if it then fails. */
async function rangeAttempt(db: WeightsDb, key: string, url: string, total: number, state: {stored: number}, options: DownloadOptions): Promise<void> {
	// Our own controller: the caller's signal aborts it, and so does a server that sends no headers in time.
	const controller = new AbortController();
	const onAbort = () => controller.abort(options.signal?.reason);
	options.signal?.addEventListener('abort', onAbort, {once: true});
	const timer = setTimeout(() => controller.abort(new WeightsHttpError(url, undefined, `no answer in ${options.stallMs} ms`)), options.stallMs);
	try {
		const end = Math.min(state.stored + options.chunkBytes, total) - 1;
		// no-store: the HTTP cache would keep a second copy of 100 MB, and may mishandle ranges.
		const response = await fetch(url, {headers: {Range: `bytes=${state.stored}-${end}`}, signal: controller.signal, cache: 'no-store'});
		clearTimeout(timer);
		const skip = await bodyStart(url, response, state.stored);
		await storeBody(response, {skip, total, db, key, state, options: {...options, signal: controller.signal}});
	} finally {
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', onAbort);
	}
}

/** How many leading body bytes we already have: 0 for a 206 that starts where asked, all for a 200. */
async function bodyStart(url: string, response: Response, from: number): Promise<number> {
	if (response.status === 200) return from;
	if (response.status !== 206) {
		await response.body?.cancel();
		throw new WeightsHttpError(url, response.status, `HTTP ${response.status}`);
	}
	const range = response.headers.get('content-range');
	if (Number(/^bytes (\d+)-/.exec(range ?? '')?.[1]) !== from) {
		await response.body?.cancel();
		throw new WeightsError(`${url} answered a request for bytes from ${from} with ${range ?? 'no Content-Range'}`);
	}
	return 0;
}

interface BodyTarget {
	skip: number;
	total: number;
	db: WeightsDb;
	key: string;
	state: {stored: number};
	options: DownloadOptions;
}

/**
Streams the body into chunks of `chunkBytes` through the page library's `readBody`, whose idle
timeout turns a stalled connection into an error we retry from the last byte stored. What arrived
before a failure is stored too.
*/
async function storeBody(response: Response, target: BodyTarget): Promise<void> {
	const {db, key, state, total, options} = target;
	let skip = target.skip;
	let received = state.stored;
	let pending: Uint8Array[] = [];
	let pendingBytes = 0;
	// Writes run in order behind the reads; `readBody` hands chunks over synchronously.
	let writes = Promise.resolve();
	const flush = () => {
		if (pendingBytes === 0) return;
		const data = concatBytes(pending);
		const offset = received - pendingBytes;
		pending = [];
		pendingBytes = 0;
		writes = writes.then(async () => {
			await appendChunk(db, key, offset, data);
			state.stored = offset + data.byteLength;
		});
		// Handled at the end; this only keeps a failed write from being reported as unhandled meanwhile.
		writes.catch(() => undefined);
	};
	const onChunk = (chunk: Uint8Array) => {
		let bytes = chunk;
		if (skip > 0) {
			const n = Math.min(skip, bytes.byteLength);
			bytes = bytes.subarray(n);
			skip -= n;
		}
		// More than the manifest's size: keep what fits; the sha256 check judges the file.
		bytes = bytes.subarray(0, total - received);
		if (bytes.byteLength === 0) return;
		pending.push(bytes);
		pendingBytes += bytes.byteLength;
		received += bytes.byteLength;
		options.onBytes(received);
		if (pendingBytes >= options.chunkBytes) flush();
	};
	const signal = options.signal ?? new AbortController().signal;
	try {
		await readBody(response, {method: 'GET', url: response.url, idleTimeoutMs: options.stallMs, signal, onChunk});
	} finally {
		flush();
		await writes;
	}
}

/** Network failures and 408/429/5xx are worth another try; other answers will not change. */
function retryable(error: unknown): boolean {
	if (error instanceof WeightsHttpError) return error.status === undefined || error.status === 408 || error.status === 429 || error.status >= 500;
	return !(error instanceof WeightsError);
}

function giveUp(url: string, failure: unknown, attempts: number): WeightsError {
	if (failure instanceof WeightsHttpError) return failure;
	const detail = failure === undefined ? 'the server sent no bytes' : `the connection failed (${String(failure)})`;
	return new WeightsHttpError(url, undefined, `${detail}, ${attempts} times in a row`, {cause: failure});
}
