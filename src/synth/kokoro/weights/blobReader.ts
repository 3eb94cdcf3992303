/**
A worker that reads Blobs into ArrayBuffers, for the model worker: Chromium hands a Blob stored in
IndexedDB to the reading thread in pieces, and the model worker's thread is held by ONNX Runtime's
start at that moment, so the model's 92 MB came in only after it (`readOnOwnThread`).
*/
import type {BlobRead, BlobReadAnswer} from './blobReads';

self.addEventListener('message', (event: MessageEvent<BlobRead>) => {
	const {id, blob} = event.data;
	blob.arrayBuffer().then(
		buffer => {
			self.postMessage({id, buffer} satisfies BlobReadAnswer, {transfer: [buffer]});
		},
		(error: unknown) => {
			self.postMessage({id, error: error instanceof Error ? error.message : String(error)} satisfies BlobReadAnswer);
		},
	);
});
