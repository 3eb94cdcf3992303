/** What the options page needs: how much is stored, a way to delete it, and persistence. */
import {normalizeBase} from './manifest';
import {allFiles, clearAll, fileKey, manifestKey, openWeightsDb} from './store';

/** Storage figures for the options page. */
export interface StorageUse {
	/** Bytes of weights this module has stored (complete or partial files). */
	weightsBytes: number;
	/** The origin's whole usage and quota, from `navigator.storage.estimate()` where it exists. */
	usage?: number;
	quota?: number;
}

/** Bytes of weights stored, with the browser's estimate for the whole origin where available. */
export async function storageUsed(): Promise<StorageUse> {
	const files = await allFiles(await openWeightsDb());
	const weightsBytes = files.reduce((sum, file) => sum + file.stored, 0);
	const estimate = await storageManager()?.estimate?.();
	return {weightsBytes, usage: estimate?.usage, quota: estimate?.quota};
}

/**
Whether `ensureWeights({baseUrl, voices})` would find everything checked in the cache (no network
at all). The background asks this before it routes a job to the browser engine without the
user's consent to a download.
*/
export async function weightsCached(baseUrl: string, voices: readonly string[]): Promise<boolean> {
	const base = normalizeBase(baseUrl);
	const db = await openWeightsDb();
	const manifest = await db.get('manifests', manifestKey(base));
	if (!manifest) return false;
	for (const entry of [manifest.model, ...voices.map((id) => manifest.voices[id])]) {
		if (!entry) return false;
		const record = await db.get('files', fileKey(base, entry.path));
		if (!record?.verified || record.sha256 !== entry.sha256) return false;
	}
	return true;
}

/**
Deletes every downloaded weight and cached manifest, of every base URL; the next `ensureWeights`
downloads afresh. Abort a running `ensureWeights` first: its next chunk would find its file gone
and fail.
*/
export async function deleteWeights(): Promise<void> {
	await clearAll(await openWeightsDb());
}

let persistence: Promise<boolean | undefined> | undefined;

/**
Asks once per context that the origin's storage be persistent, so the browser does not evict
100 MB of weights under storage pressure. `ensureWeights` calls it before a download, but
`persist()` exists in documents only, not in workers (there the answer is `undefined`): a page
that hosts the worker should call it too.
*/
export function requestPersistence(): Promise<boolean | undefined> {
	persistence ??= (async () => {
		const manager = storageManager();
		if (typeof manager?.persist !== 'function') return undefined;
		return manager.persist().catch(() => false);
	})();
	return persistence;
}

function storageManager(): Partial<StorageManager> | undefined {
	return (globalThis.navigator as Navigator | undefined)?.storage;
}
