/**
The weights of the in-browser Kokoro engine: the ONNX model and the voice packs, downloaded in
resumable ranges, checked by sha256 and kept in IndexedDB.

Runs wherever `fetch`, `indexedDB` and `crypto.subtle` exist: a dedicated Worker, an offscreen
document, the Firefox background page, or node (tests). It uses no extension API.

Layout: `manifest` (the two folder layouts), `hub` (Hugging Face's, with its checksums),
`download` (ranges, retries), `store` (IndexedDB), `integrity` (sha256), `progress`, `storage`
(options page: bytes used, delete, persistence), `retry`, `errors`, `ensure` (the entry point),
`blobReads`/`blobReader` (a stored file read on a thread of its own, for the model worker).
*/
export {ensureWeights, type EnsureWeightsOptions, type Weights} from './ensure';
export {CorruptWeightsError, UnknownChecksumError, WeightsError, WeightsHttpError} from './errors';
export {HUB_BASE_URL} from './hub';
export {LAYOUT_VERSION, loadManifest, type FileEntry, type WeightsManifest} from './manifest';
export type {ProgressCallback, WeightsProgress} from './progress';
export {deleteWeights, requestPersistence, storageUsed, weightsCached, type StorageUse} from './storage';
