/**
Blobs read on a thread of their own (`blobReader.ts`), for a thread that is kept busy while the
read should go on: the model worker reads the model's Blob from IndexedDB while ONNX Runtime
starts on its thread.
*/
export type BlobRead = {id: number; blob: Blob};
export type BlobReadAnswer = {id: number; buffer: ArrayBuffer} | {id: number; error: string};

/** Reads Blobs on a worker started now, so that it is up by the time the first Blob is at hand. */
export function readOnOwnThread(): (blob: Blob) => Promise<ArrayBuffer> {
	// Vite bundles the reader as its own module, as it does the other workers.
	const worker = new Worker(new URL('blobReader.ts', import.meta.url), {type: 'module', name: 'kokoro-blob-reader'});
	const pending = new Map<number, {resolve(buffer: ArrayBuffer): void; reject(error: Error): void}>();
	let nextId = 1;
	worker.addEventListener('message', (event: MessageEvent<BlobReadAnswer>) => {
		const answer = event.data;
		const waiting = pending.get(answer.id);
		pending.delete(answer.id);
		if ('buffer' in answer) waiting?.resolve(answer.buffer);
		else waiting?.reject(new Error(`weights cache: a stored file could not be read (${answer.error})`));
	});
	worker.addEventListener('error', event => {
		for (const waiting of pending.values()) waiting.reject(new Error(`weights cache: the reader thread failed (${event.message})`));
		pending.clear();
	});
	return async blob => new Promise((resolve, reject) => {
		const id = nextId++;
		pending.set(id, {resolve, reject});
		worker.postMessage({id, blob} satisfies BlobRead);
	});
}
