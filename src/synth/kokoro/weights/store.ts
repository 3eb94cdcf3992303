/**
The IndexedDB cache (through `idb`). Four stores:
- `manifests`: `${LAYOUT_VERSION}:${base}` → the `WeightsManifest`, so a later start needs no
  network at all;
- `files`: `${LAYOUT_VERSION}:${base}:${path}` → how many bytes of the file are stored and whether
  the whole was checked against its sha256;
- `chunks`: [file key, byte offset] → the bytes from that offset, written as they arrive;
- `sealed`: file key → the whole checked file as one Blob, which replaces its chunks. Reading one
  Blob is several times faster than reading 23 chunks of 4 MiB (about 0.1–0.2 s against 0.3–1 s
  for the model in Chromium here), and every start with the server off pays that read.

A chunk and its file's byte count are written in one transaction, so after a crash the count
never claims bytes that are not there; sealing writes the Blob, drops the chunks and marks the
file checked in one transaction too. Names carry a version: a change of layout gets a new
database instead of a migration of 100 MB of blobs.
*/
import {openDB, type DBSchema, type IDBPDatabase} from 'idb';
import {mark} from '../marks';
import {LAYOUT_VERSION, type FileEntry, type WeightsManifest} from './manifest';

export const DB_NAME = 'kokoro-weights-v1';

export interface FileRecord extends FileEntry {
	/** Bytes stored so far, from offset 0 without gaps. */
	stored: number;
	/** The whole file hashed to `sha256`. */
	verified: boolean;
}

interface Schema extends DBSchema {
	manifests: {key: string; value: WeightsManifest};
	files: {key: string; value: FileRecord};
	chunks: {key: [string, number]; value: ArrayBuffer};
	sealed: {key: string; value: Blob};
}

export type WeightsDb = IDBPDatabase<Schema>;

let opened: Promise<WeightsDb> | undefined;

/** One connection per context; it closes itself if another context needs to upgrade or delete. */
export function openWeightsDb(): Promise<WeightsDb> {
	opened ??= openDB<Schema>(DB_NAME, 2, {
		upgrade(db, oldVersion) {
			if (oldVersion < 1) {
				db.createObjectStore('manifests');
				db.createObjectStore('files');
				db.createObjectStore('chunks');
			}

			// Version 2 adds sealed files; a version-1 cache keeps its chunks and is read as before.
			db.createObjectStore('sealed');
		},
		blocking() {
			void opened?.then((db) => db.close());
			opened = undefined;
		},
	});
	return opened;
}

export const manifestKey = (base: string) => `${LAYOUT_VERSION}:${base}`;
export const fileKey = (base: string, path: string) => `${LAYOUT_VERSION}:${base}:${path}`;
const chunksOf = (key: string) => IDBKeyRange.bound([key, 0], [key, Infinity]);

/** Forgets a file's bytes and starts its record afresh (a first download or a re-download). */
export async function resetFile(db: WeightsDb, key: string, entry: FileEntry): Promise<FileRecord> {
	const record: FileRecord = {...entry, stored: 0, verified: false};
	const tx = db.transaction(['files', 'chunks', 'sealed'], 'readwrite');
	await tx.objectStore('chunks').delete(chunksOf(key));
	await tx.objectStore('sealed').delete(key);
	await tx.objectStore('files').put(record, key);
	await tx.done;
	return record;
}

/** Stores `data` at `offset`, which must be where the file's stored bytes end. */
export async function appendChunk(db: WeightsDb, key: string, offset: number, data: Uint8Array): Promise<void> {
	const tx = db.transaction(['files', 'chunks'], 'readwrite');
	const files = tx.objectStore('files');
	const record = await files.get(key);
	if (!record || record.stored !== offset) {
		tx.abort();
		await tx.done.catch(() => undefined);
		throw new Error(`weights cache: ${key} has ${record?.stored ?? 'no'} bytes stored, not ${offset}`);
	}
	// A copy of exactly these bytes: `data` may be a view into a larger buffer.
	await tx.objectStore('chunks').put(data.slice().buffer, [key, offset]);
	await files.put({...record, stored: offset + data.byteLength}, key);
	await tx.done;
}

/** The stored bytes of a file, in order, as one buffer of `bytes` bytes; a sealed file's Blob is read by `readBlob`. */
export async function readFile(db: WeightsDb, key: string, bytes: number, readBlob = async (blob: Blob) => blob.arrayBuffer()): Promise<Uint8Array<ArrayBuffer>> {
	const sealed = await db.get('sealed', key);
	if (sealed) {
		mark(`weights.blob ${key}`);
		if (sealed.size !== bytes) throw new Error(`weights cache: ${key} holds ${sealed.size} bytes, not ${bytes}`);
		const out = new Uint8Array(await readBlob(sealed));
		mark(`weights.arrayBuffer ${key}`);
		return out;
	}

	const out = new Uint8Array(bytes);
	let cursor = await db.transaction('chunks').store.openCursor(chunksOf(key));
	while (cursor) {
		const offset = cursor.key[1];
		const chunk = new Uint8Array(cursor.value);
		if (offset + chunk.byteLength > bytes) throw new Error(`weights cache: ${key} holds more than ${bytes} bytes`);
		out.set(chunk, offset);
		cursor = await cursor.continue();
	}
	return out;
}

/** Marks a file checked and stores its `bytes` (just hashed) as one Blob in place of its chunks. */
export async function sealFile(db: WeightsDb, key: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
	const blob = new Blob([bytes]);
	const tx = db.transaction(['files', 'chunks', 'sealed'], 'readwrite');
	const files = tx.objectStore('files');
	const record = await files.get(key);
	if (record) {
		await tx.objectStore('sealed').put(blob, key);
		await tx.objectStore('chunks').delete(chunksOf(key));
		await files.put({...record, verified: true}, key);
	}
	await tx.done;
}

/** Every file record, for the byte count `storageUsed` reports. */
export async function allFiles(db: WeightsDb): Promise<FileRecord[]> {
	return db.getAll('files');
}

/** Empties every store: manifests, records and bytes. */
export async function clearAll(db: WeightsDb): Promise<void> {
	const tx = db.transaction(['manifests', 'files', 'chunks', 'sealed'], 'readwrite');
	await Promise.all([tx.objectStore('manifests').clear(), tx.objectStore('files').clear(), tx.objectStore('chunks').clear(), tx.objectStore('sealed').clear()]);
	await tx.done;
}
