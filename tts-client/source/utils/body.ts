import {AbortedError} from '../errors/AbortedError.js';
import {NetworkError} from '../errors/NetworkError.js';
import {TimeoutError} from '../errors/TimeoutError.js';

/**
Reads a response body chunk by chunk. Each read may wait at most `idleTimeoutMs`: a server that sent headers and then stalled (or a proxy holding the connection) must not hang the call. A reset connection (server killed mid-stream) becomes a `NetworkError` so the caller falls back.
*/
export async function readBody(response: Response, options: {method: string; url: string; idleTimeoutMs: number; signal: AbortSignal; onChunk(chunk: Uint8Array): void}): Promise<void> {
	const {method, url, idleTimeoutMs, signal} = options;
	if (!response.body) {
		// Test doubles and old engines without streams: one chunk.
		options.onChunk(new Uint8Array(await response.arrayBuffer()));
		return;
	}

	const reader = response.body.getReader();
	try {
		for (;;) {
			let timer: ReturnType<typeof setTimeout> | undefined;
			let onAbort: (() => void) | undefined;
			let result: ReadableStreamReadResult<Uint8Array>;
			try {
				// eslint-disable-next-line no-await-in-loop
				result = await Promise.race([
					reader.read(),
					new Promise<never>((_resolve, reject) => {
						timer = setTimeout(() => {
							reject(new TimeoutError(method, url, idleTimeoutMs));
						}, idleTimeoutMs);
						onAbort = () => {
							reject(new AbortedError());
						};

						signal.addEventListener('abort', onAbort, {once: true});
						if (signal.aborted) {
							onAbort();
						}
					}),
				]);
			} catch (error) {
				if (error instanceof TimeoutError || error instanceof AbortedError) {
					throw error;
				}

				if (signal.aborted) {
					throw new AbortedError('The call was stopped', {cause: error});
				}

				throw new NetworkError(method, url, error);
			} finally {
				clearTimeout(timer);
				signal.removeEventListener('abort', onAbort!);
			}

			if (result.done) {
				return;
			}

			options.onChunk(result.value);
		}
	} finally {
		// Releases the connection on timeout/abort; harmless after a normal end.
		reader.cancel().catch(() => undefined);
	}
}

/** The whole body as bytes, with the same stall and abort handling as `readBody`. */
export async function readAll(response: Response, options: {method: string; url: string; idleTimeoutMs: number; signal: AbortSignal}): Promise<Uint8Array> {
	const chunks: Uint8Array[] = [];
	await readBody(response, {
		...options,
		onChunk(chunk) {
			chunks.push(chunk);
		},
	});
	return concatBytes(chunks);
}

/** The chunks as one array (the one chunk itself when there is only one). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
	if (chunks.length === 1) {
		return chunks[0]!;
	}

	const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.length;
	}

	return bytes;
}
