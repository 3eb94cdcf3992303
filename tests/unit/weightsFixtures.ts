/** Fixtures of the weights tests: a small export folder behind a fresh file server, and an empty cache, per test. */
import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterEach, beforeEach} from 'vitest';
import {deleteWeights} from '../../src/synth/kokoro/weights';
import {type FileServer, serveFolder, sha256} from '../support/fileServer';

/** A small folder in the export layout: a random "model", three voices, a manifest with sha256s by node:crypto. */
export function makeExportFolder(modelBytes = 300_000): {root: string; files: Map<string, Buffer>} {
	const root = mkdtempSync(join(tmpdir(), 'weights-'));
	const files = new Map<string, Buffer>([['model.onnx', randomBytes(modelBytes)]]);
	for (const id of ['af_a', 'af_b', 'zf_c']) files.set(`voices/${id}.bin`, randomBytes(4096));
	const listed: Record<string, {bytes: number; sha256: string}> = {};
	for (const [path, bytes] of files) {
		mkdirSync(dirname(join(root, path)), {recursive: true});
		writeFileSync(join(root, path), bytes);
		listed[path] = {bytes: bytes.length, sha256: sha256(bytes)};
	}
	const manifest = {version: 1, model: 'model.onnx', sample_rate: 24000, voices: ['af_a', 'af_b', 'zf_c'], files: listed};
	writeFileSync(join(root, 'manifest.json'), JSON.stringify(manifest));
	return {root, files};
}

export const fast = {chunkBytes: 64 * 1024, retryDelayMs: 1};

/** Per test: an empty cache, and a fresh `makeExportFolder` behind a fresh server. */
export function useExportServer(): {folder: ReturnType<typeof makeExportFolder>; server: FileServer} {
	const context = {} as ReturnType<typeof useExportServer>;
	beforeEach(async () => {
		await deleteWeights();
		context.folder = makeExportFolder();
		context.server = await serveFolder(context.folder.root);
	});
	afterEach(() => context.server.close());
	return context;
}
