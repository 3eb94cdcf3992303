/**
What a weights folder holds: the model and the voice packs, each with its size and sha256.

Two layouts are read. A folder written by `tts-server export-web-assets` has a `manifest.json`
(`model.onnx`, `voices/<id>.bin`, every file's `bytes` and `sha256`). A base URL without one (404)
is taken to be Hugging Face's `onnx-community/Kokoro-82M-v1.0-ONNX` layout, described in
`hub.ts`.
*/
import {UnknownChecksumError, WeightsError, WeightsHttpError} from './errors';
import {hubManifest} from './hub';

/** The export layout this module reads; `tts-server` writes the same number (`export.rs`). */
export const LAYOUT_VERSION = 1;

/** One file of a weights folder. */
export interface FileEntry {
	/** Path under the base URL, e.g. `voices/af_heart.bin`. */
	path: string;
	/** Size in bytes. */
	bytes: number;
	/** Lower-case hex sha256 of the whole file. */
	sha256: string;
}

/** A weights folder as this module uses it, whichever layout it came from. */
export interface WeightsManifest {
	version: typeof LAYOUT_VERSION;
	/** `export`: a `manifest.json` was read; `hub`: Hugging Face's layout, described in code. */
	source: 'export' | 'hub';
	/** The base URL without a trailing slash. */
	baseUrl: string;
	model: FileEntry;
	/** Voice id → its pack (510 × 256 little-endian float32). */
	voices: Record<string, FileEntry>;
}

const sha256Hex = /^[0-9a-f]{64}$/;

/** `baseUrl` without trailing slashes, so `…/x` and `…/x/` share one cache entry. */
export function normalizeBase(baseUrl: string): string {
	return baseUrl.replace(/\/+$/, '');
}

/**
Reads `${baseUrl}/manifest.json`, or describes Hugging Face's layout when there is none (404).
Network only: the cached copy is `ensureWeights`'s business.
*/
export async function loadManifest(baseUrl: string, signal?: AbortSignal): Promise<WeightsManifest> {
	const base = normalizeBase(baseUrl);
	const url = `${base}/manifest.json`;
	let response: Response;
	try {
		response = await fetch(url, {signal, cache: 'no-store'});
	} catch (error) {
		if (signal?.aborted) throw signal.reason;
		throw new WeightsHttpError(url, undefined, `no answer (${String(error)})`, {cause: error});
	}
	if (response.status === 404) return hubManifest(base, signal);
	if (!response.ok) throw new WeightsHttpError(url, response.status, `HTTP ${response.status}`);
	let json: unknown;
	try {
		json = await response.json();
	} catch (error) {
		throw new WeightsError(`${url} is not JSON (${String(error)})`);
	}
	return parseExportManifest(json, base, url);
}

interface ExportJson {
	version?: unknown;
	model?: unknown;
	voices?: unknown;
	files?: Record<string, {bytes?: unknown; sha256?: unknown}>;
}

/** Checks an export's `manifest.json` and turns it into a `WeightsManifest`. */
export function parseExportManifest(json: unknown, base: string, url: string): WeightsManifest {
	const raw = (json ?? {}) as ExportJson;
	if (raw.version === undefined) {
		throw new UnknownChecksumError(url, 'this manifest.json has no version and no checksums (written by an older tts-server); export the folder again');
	}
	if (raw.version !== LAYOUT_VERSION) {
		throw new WeightsError(`${url} has layout version ${String(raw.version)}; this version of the extension reads version ${LAYOUT_VERSION}`);
	}
	if (typeof raw.model !== 'string' || !Array.isArray(raw.voices) || typeof raw.files !== 'object' || raw.files === null) {
		throw new WeightsError(`${url} is not a tts-server export manifest (model, voices or files missing)`);
	}
	const files = raw.files;
	const entry = (path: string): FileEntry => {
		const info = files[path];
		if (!info || typeof info.bytes !== 'number') throw new WeightsError(`${url} does not list ${path}`);
		if (typeof info.sha256 !== 'string' || !sha256Hex.test(info.sha256)) {
			throw new UnknownChecksumError(`${base}/${path}`, `${url} gives no valid sha256 for it`);
		}
		return {path, bytes: info.bytes, sha256: info.sha256};
	};
	const voices: Record<string, FileEntry> = {};
	for (const id of raw.voices) {
		if (typeof id === 'string') voices[id] = entry(`voices/${id}.bin`);
	}
	return {version: LAYOUT_VERSION, source: 'export', baseUrl: base, model: entry(raw.model), voices};
}
