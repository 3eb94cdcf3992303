/**
Hugging Face's `onnx-community/Kokoro-82M-v1.0-ONNX` layout, used when a base URL has no
`manifest.json`: the model is `onnx/model_quantized.onnx` (q8, ~92 MB), the voices are
`voices/<id>.bin`.

Checksums:
- Voices: the same 54 files the server pins in `server/scripts/assets.json` ("voices"), imported
  from there so there is one list.
- Model: not pinned here (a new commit on `main` would change it). Hugging Face sends the sha256 of
  an LFS file in the `X-Linked-ETag` header (and its size in `X-Linked-Size`) of the redirect a
  resolve URL answers with. Browsers hide a cross-origin redirect's headers (`redirect: 'manual'`
  gives an opaque response), so where the header cannot be read we ask the Hub API for the same
  value: `GET /api/models/<repo>/tree/<revision>/<folder>` lists each file's `lfs.oid` (its
  sha256) and `lfs.size`. When neither answers, the checksum is unknown and we say so
  (`UnknownChecksumError`) rather than use an unchecked model.
*/
import {voices as pinnedVoices} from '../../../../server/scripts/assets.json';
import {UnknownChecksumError, WeightsHttpError} from './errors';
import type {FileEntry, WeightsManifest} from './manifest';

/** The public default base URL for `settings.modelBaseUrl`. */
export const HUB_BASE_URL = 'https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main';

const MODEL_PATH = 'onnx/model_quantized.onnx';
/** 510 style rows × 256 float32: every v1.0 voice pack has this size. */
const VOICE_BYTES = 510 * 256 * 4;
const sha256Hex = /^[0-9a-f]{64}$/;

/** The hub layout under `base`, with the model's checksum looked up (see the file's comment). */
export async function hubManifest(base: string, signal?: AbortSignal): Promise<WeightsManifest> {
	const voices: Record<string, FileEntry> = {};
	for (const [name, sha256] of Object.entries(pinnedVoices.files)) {
		const id = name.replace(/\.bin$/, '');
		voices[id] = {path: `voices/${name}`, bytes: VOICE_BYTES, sha256};
	}
	const model = await linkedFile(base, MODEL_PATH, signal);
	return {version: 1, source: 'hub', baseUrl: base, model, voices};
}

/** Size and sha256 of an LFS file: `X-Linked-ETag` where readable, else the Hub API. */
async function linkedFile(base: string, path: string, signal?: AbortSignal): Promise<FileEntry> {
	const url = `${base}/${path}`;
	const head = await request(url, {method: 'HEAD', redirect: 'manual', signal});
	if (head.status >= 400) throw new WeightsHttpError(url, head.status, `HTTP ${head.status}`);
	const etag = head.headers.get('x-linked-etag')?.replace(/^W\//, '').replaceAll('"', '');
	const size = Number(head.headers.get('x-linked-size'));
	if (etag && sha256Hex.test(etag) && size > 0) return {path, bytes: size, sha256: etag};
	const fromApi = await treeEntry(base, path, signal);
	if (fromApi) return fromApi;
	throw new UnknownChecksumError(url, 'the server sent no X-Linked-ETag with a sha256 and is not a Hugging Face resolve URL whose Hub API lists it');
}

/** `lfs.oid`/`lfs.size` from the Hub API, for a base of the form `https://<host>/<owner>/<repo>/resolve/<rev>`. */
async function treeEntry(base: string, path: string, signal?: AbortSignal): Promise<FileEntry | undefined> {
	const match = /^(https?:\/\/[^/]+)\/([^/]+\/[^/]+)\/resolve\/([^/]+)$/.exec(base);
	if (!match) return undefined;
	const [, origin, repo, revision] = match;
	const folder = path.slice(0, path.lastIndexOf('/'));
	const api = `${origin}/api/models/${repo}/tree/${revision}/${folder}`;
	const response = await request(api, {signal});
	if (!response.ok) return undefined;
	const list = (await response.json().catch(() => [])) as Array<{path?: string; lfs?: {oid?: string; size?: number}}>;
	const found = Array.isArray(list) ? list.find((entry) => entry.path === path) : undefined;
	const {oid, size} = found?.lfs ?? {};
	if (typeof oid !== 'string' || !sha256Hex.test(oid) || typeof size !== 'number') return undefined;
	return {path, bytes: size, sha256: oid};
}

async function request(url: string, init: RequestInit): Promise<Response> {
	try {
		return await fetch(url, init);
	} catch (error) {
		if (init.signal?.aborted) throw init.signal.reason;
		throw new WeightsHttpError(url, undefined, `no answer (${String(error)})`, {cause: error});
	}
}

