// @vitest-environment node
/** Checksums: a corrupt file is downloaded once more; twice corrupt, or no checksum at all, is a clear error. */
import 'fake-indexeddb/auto';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, test} from 'vitest';
import {CorruptWeightsError, ensureWeights, storageUsed, UnknownChecksumError, type WeightsProgress} from '../../src/synth/kokoro/weights';
import {sha256} from '../support/fileServer';
import {fast, useExportServer} from './weightsFixtures';

const t = useExportServer();

const starts = (path: string) => t.server.log.filter((entry) => entry.path === path).map((entry) => entry.start);

test('a corrupt download is detected, thrown away and downloaded once more', async () => {
	t.server.corrupt.set('model.onnx', 1);
	const reports: WeightsProgress[] = [];
	const weights = await ensureWeights({baseUrl: t.server.url, voices: ['af_a'], ...fast, onProgress: (p) => reports.push(p)});
	expect(Buffer.from(weights.model).equals(t.folder.files.get('model.onnx')!)).toBe(true);
	// Two whole passes over the file: the second from byte 0, not resumed from the bad bytes.
	expect(starts('model.onnx')).toEqual([0, 65536, 131072, 196608, 262144, 0, 65536, 131072, 196608, 262144]);
	// The thrown-away copy counts as work done: overall progress never goes back.
	const total = 2 * 300_000 + 4096;
	expect(reports.at(-1)).toMatchObject({done: total, total});
	expect(reports.every((p, i) => i === 0 || p.done >= reports[i - 1]!.done)).toBe(true);
});

test('a file corrupt twice is an error that names the URL and both checksums, and nothing bad is kept', async () => {
	t.server.corrupt.set('voices/af_b.bin', 2);
	const bad = Buffer.from(t.folder.files.get('voices/af_b.bin')!);
	bad[0]! ^= 0xff;
	const error = await ensureWeights({baseUrl: t.server.url, voices: ['af_b'], ...fast}).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(CorruptWeightsError);
	const expected = sha256(t.folder.files.get('voices/af_b.bin')!);
	expect((error as Error).message).toBe(
		`the voice file af_b from ${t.server.url}/voices/af_b.bin is corrupt (sha256 ${sha256(bad)}, expected ${expected}); it was downloaded twice, so the server's copy is probably damaged`,
	);
	// The model (fine) is kept; the bad voice's bytes are gone.
	expect((await storageUsed()).weightsBytes).toBe(300_000);
	// Once the server is mended, the next call fetches only the voice, from its start.
	t.server.log.length = 0;
	await ensureWeights({baseUrl: t.server.url, voices: ['af_b'], ...fast});
	expect(t.server.log.map((entry) => [entry.path, entry.start])).toEqual([['voices/af_b.bin', 0]]);
});

test('the model error says "model file"', async () => {
	t.server.corrupt.set('model.onnx', 2);
	await expect(ensureWeights({baseUrl: t.server.url, voices: [], ...fast})).rejects.toThrow(new RegExp(`^the model file from ${t.server.url}/model.onnx is corrupt \\(sha256 [0-9a-f]{64}, expected ${sha256(t.folder.files.get('model.onnx')!)}\\)`));
});

test('a manifest from before checksums is refused with a way out, not trusted', async () => {
	const path = join(t.folder.root, 'manifest.json');
	const manifest = JSON.parse(readFileSync(path, 'utf8'));
	delete manifest.version;
	for (const file of Object.values(manifest.files) as Array<{sha256?: string}>) delete file.sha256;
	writeFileSync(path, JSON.stringify(manifest));
	const error = await ensureWeights({baseUrl: t.server.url, voices: [], ...fast}).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(UnknownChecksumError);
	expect(String(error)).toMatch(/no version and no checksums .* export the folder again/);
	expect(t.server.log.map((entry) => entry.path)).toEqual(['manifest.json']);
});

test('a file listed without a sha256 is refused', async () => {
	const path = join(t.folder.root, 'manifest.json');
	const manifest = JSON.parse(readFileSync(path, 'utf8'));
	manifest.files['voices/zf_c.bin'].sha256 = 'not-a-checksum';
	writeFileSync(path, JSON.stringify(manifest));
	await expect(ensureWeights({baseUrl: t.server.url, voices: ['zf_c'], ...fast})).rejects.toThrow(`no sha256 is known for ${t.server.url}/voices/zf_c.bin`);
});

test('a newer layout is refused by name', async () => {
	const path = join(t.folder.root, 'manifest.json');
	writeFileSync(path, JSON.stringify({...JSON.parse(readFileSync(path, 'utf8')), version: 2}));
	await expect(ensureWeights({baseUrl: t.server.url, voices: [], ...fast})).rejects.toThrow(/has layout version 2; this version of the extension reads version 1/);
});
