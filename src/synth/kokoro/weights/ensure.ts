/**
`ensureWeights`: the model and the voices asked for, from the cache when they are there, else
downloaded, checked and cached. A call that finds everything cached makes no network request,
not even for the manifest.
*/
import {CorruptWeightsError, WeightsError} from './errors';
import {downloadFile} from './download';
import {sha256Hex} from './integrity';
import {loadManifest, normalizeBase, type FileEntry, type WeightsManifest} from './manifest';
import {progressTracker, type FileProgress, type ProgressCallback} from './progress';
import {requestPersistence} from './storage';
import {mark} from '../marks';
import {DB_NAME, fileKey, manifestKey, openWeightsDb, readFile, resetFile, sealFile, type WeightsDb} from './store';

/** Options of `ensureWeights`. */
export interface EnsureWeightsOptions {
	/** `settings.modelBaseUrl`: a folder from `tts-server export-web-assets`, or Hugging Face's layout (`HUB_BASE_URL`). */
	baseUrl: string;
	/** Voice ids to load, e.g. `['af_heart', 'zf_xiaobei']`; only these are downloaded. */
	voices: readonly string[];
	/** Stops the download; what was stored stays, and the next call continues from there. */
	signal?: AbortSignal;
	/** Called as bytes arrive, and once per file when it is complete (cached files included). */
	onProgress?: ProgressCallback;
	/** Bytes per Range request and per stored chunk. @default 4 MiB */
	chunkBytes?: number;
	/** Retries of a request that failed without storing anything new. @default 4 */
	retries?: number;
	/** Delay before the first retry; each further retry waits twice as long. @default 500 */
	retryDelayMs?: number;
	/** A connection that sends nothing for this long is dropped and resumed. @default 30000 */
	stallMs?: number;
	/** Reads a stored file's Blob (`readOnOwnThread` in a worker whose thread is busy meanwhile). @default `blob.arrayBuffer()` */
	readBlob?: (blob: Blob) => Promise<ArrayBuffer>;
}

/** What the inference worker needs. */
export interface Weights {
	/** The ONNX model's bytes, for `InferenceSession.create`. */
	model: Uint8Array;
	/** Voice id → its style rows, 510 × 256 float32 (row `n − 1` for `n` phoneme tokens). */
	voices: Map<string, Float32Array>;
	/**
	Where the files came from. `export`: the model is the project's timestamped export (a
	`durations` output for word timing); `hub`: Hugging Face's q8 model (no durations). Check the
	session's output names rather than trust this alone.
	*/
	source: WeightsManifest['source'];
}

/**
Loads the model and `voices`, downloading and checking whatever the cache lacks.

Calls run one at a time, across contexts where the Web Locks API exists (workers, documents,
node), so two contexts never write the same file's chunks at once.

@throws {WeightsError} a message for the user: `CorruptWeightsError`, `UnknownChecksumError`,
`WeightsHttpError`, an unknown voice. An abort rejects with the signal's reason instead.
*/
export async function ensureWeights(options: EnsureWeightsOptions): Promise<Weights> {
	const locks = (globalThis.navigator as Navigator | undefined)?.locks;
	if (!locks) return ensureUnlocked(options);
	return await locks.request(DB_NAME, {signal: options.signal}, () => {
		mark('weights.locked');
		return ensureUnlocked(options);
	});
}

async function ensureUnlocked(options: EnsureWeightsOptions): Promise<Weights> {
	const base = normalizeBase(options.baseUrl);
	const db = await openWeightsDb();
	mark('weights.db-open');
	let manifest = await db.get('manifests', manifestKey(base));
	mark('weights.manifest');
	if (!manifest) {
		manifest = await loadManifest(base, options.signal);
		await db.put('manifests', manifest, manifestKey(base));
	}
	const voiceEntries = [...new Set(options.voices)].map((id) => [id, voiceEntry(manifest, id)] as const);
	const total = voiceEntries.reduce((sum, [, entry]) => sum + entry.bytes, manifest.model.bytes);
	const tracker = progressTracker(total, options.onProgress);
	const file = (entry: FileEntry, what: string) =>
		checkedFile(db, manifest, entry, what, tracker.file(entry.path, entry.bytes), options);

	const model = await file(manifest.model, 'model file');
	mark('weights.model');
	const voices = new Map<string, Float32Array>();
	for (const [id, entry] of voiceEntries) {
		const bytes = await file(entry, `voice file ${id}`);
		// A checked file can still be no voice pack (a wrong export): say so instead of a RangeError.
		if (bytes.byteLength % (256 * 4) !== 0) throw new WeightsError(`${manifest.baseUrl}/${entry.path} has ${bytes.byteLength} bytes, not rows of 256 float32: not a Kokoro voice pack`);
		voices.set(id, new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
	}
	return {model, voices, source: manifest.source};
}

function voiceEntry(manifest: WeightsManifest, id: string): FileEntry {
	const entry = manifest.voices[id];
	if (!entry) throw new WeightsError(`the voice ${id} is not among the ${Object.keys(manifest.voices).length} voices at ${manifest.baseUrl}`);
	return entry;
}

/** One file's bytes, checked against its sha256: re-downloaded once on a mismatch, an error on the second. */
async function checkedFile(db: WeightsDb, manifest: WeightsManifest, entry: FileEntry, what: string, progress: FileProgress, options: EnsureWeightsOptions): Promise<Uint8Array> {
	const key = fileKey(manifest.baseUrl, entry.path);
	const url = `${manifest.baseUrl}/${entry.path}`;
	let record = await db.get('files', key);
	mark(`weights.record ${entry.path}`);
	if (record?.verified && record.sha256 === entry.sha256) {
		const bytes = await readFile(db, key, entry.bytes, options.readBlob);
		mark(`weights.read ${entry.path}`);
		progress.complete();
		return bytes;
	}
	// A record for other bytes (the manifest changed) is worth nothing.
	if (!record || record.sha256 !== entry.sha256 || record.bytes !== entry.bytes) record = await resetFile(db, key, entry);
	void requestPersistence();
	for (let attempt = 1; ; attempt++) {
		progress.bytes(record.stored);
		await downloadFile(db, key, url, record, {
			chunkBytes: options.chunkBytes ?? 4 * 1024 * 1024,
			retries: options.retries ?? 4,
			retryDelayMs: options.retryDelayMs ?? 500,
			stallMs: options.stallMs ?? 30_000,
			signal: options.signal,
			onBytes: progress.bytes,
		});
		const bytes = await readFile(db, key, entry.bytes);
		const actual = await sha256Hex(bytes);
		if (actual === entry.sha256) {
			await sealFile(db, key, bytes);
			progress.complete();
			return bytes;
		}
		record = await resetFile(db, key, entry);
		if (attempt === 2) throw new CorruptWeightsError(url, actual, entry.sha256, what);
		progress.restart();
	}
}
