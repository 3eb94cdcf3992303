// @vitest-environment node
/** The IndexedDB cache: a second start is served without a single request; delete empties it. */
import 'fake-indexeddb/auto';
import {expect, test} from 'vitest';
import {deleteWeights, ensureWeights, storageUsed, type WeightsProgress} from '../../src/synth/kokoro/weights';
import {openWeightsDb} from '../../src/synth/kokoro/weights/store';
import {serveFolder} from '../support/fileServer';
import {fast, makeExportFolder, useExportServer} from './weightsFixtures';

const t = useExportServer();

test('a second call is served from IndexedDB with zero requests, manifest included', async () => {
	const options = {baseUrl: t.server.url, voices: ['af_a', 'zf_c'], ...fast};
	const first = await ensureWeights(options);
	expect(t.server.log.length).toBeGreaterThan(0);
	t.server.log.length = 0;
	const reports: WeightsProgress[] = [];
	const second = await ensureWeights({...options, baseUrl: `${t.server.url}/`, onProgress: (p) => reports.push(p)});
	expect(t.server.log).toEqual([]);
	expect(Buffer.from(second.model).equals(Buffer.from(first.model))).toBe(true);
	expect(second.voices.get('zf_c')).toEqual(first.voices.get('zf_c'));
	// Cached files still report, so a progress bar ends full.
	expect(reports.map((p) => p.file)).toEqual(['model.onnx', 'voices/af_a.bin', 'voices/zf_c.bin']);
	expect(reports.at(-1)).toMatchObject({done: 300_000 + 8192, total: 300_000 + 8192});
});

test('a checked file is sealed: one Blob replaces its chunks, and the next start reads the same bytes from it', async () => {
	const options = {baseUrl: t.server.url, voices: ['af_a'], ...fast};
	const first = await ensureWeights(options);
	const db = await openWeightsDb();
	// The model came in five ranges; none of them is left beside the Blob.
	expect(await db.count('chunks')).toBe(0);
	const sealed = await db.getAll('sealed');
	expect(sealed.map((blob) => blob.size).sort((a, b) => a - b)).toEqual([4096, 300_000]);
	const second = await ensureWeights(options);
	expect(Buffer.from(second.model).equals(Buffer.from(first.model))).toBe(true);
	expect(second.voices.get('af_a')).toEqual(first.voices.get('af_a'));
});

test('a sealed file is read by the given readBlob, where one is given (the model worker reads on another thread)', async () => {
	const options = {baseUrl: t.server.url, voices: ['af_a'], ...fast};
	const first = await ensureWeights(options);
	const read: number[] = [];
	const second = await ensureWeights({...options, async readBlob(blob: Blob) {
		read.push(blob.size);
		return blob.arrayBuffer();
	}});
	expect(read).toEqual([300_000, 4096]);
	expect(Buffer.from(second.model).equals(Buffer.from(first.model))).toBe(true);
});

test('a voice added later is the only request: no manifest, no model', async () => {
	await ensureWeights({baseUrl: t.server.url, voices: ['af_a'], ...fast});
	t.server.log.length = 0;
	const weights = await ensureWeights({baseUrl: t.server.url, voices: ['af_a', 'af_b'], ...fast});
	expect(t.server.log.map((entry) => entry.path)).toEqual(['voices/af_b.bin']);
	expect([...weights.voices.keys()]).toEqual(['af_a', 'af_b']);
});

test('storageUsed counts our bytes, and deleteWeights empties the cache', async () => {
	expect((await storageUsed()).weightsBytes).toBe(0);
	await ensureWeights({baseUrl: t.server.url, voices: ['af_a', 'af_b'], ...fast});
	expect((await storageUsed()).weightsBytes).toBe(300_000 + 2 * 4096);
	await deleteWeights();
	expect((await storageUsed()).weightsBytes).toBe(0);
	t.server.log.length = 0;
	await ensureWeights({baseUrl: t.server.url, voices: ['af_a'], ...fast});
	expect(t.server.log.map((entry) => entry.path)).toEqual(['manifest.json', ...Array(5).fill('model.onnx'), 'voices/af_a.bin']);
});

test('two base URLs are cached apart', async () => {
	const other = await serveFolder(makeExportFolder(1000).root);
	try {
		const a = await ensureWeights({baseUrl: t.server.url, voices: [], ...fast});
		const b = await ensureWeights({baseUrl: other.url, voices: [], ...fast});
		expect([a.model.length, b.model.length]).toEqual([300_000, 1000]);
		expect(other.log.length).toBe(2);
	} finally {
		await other.close();
	}
});

test('two calls at once download each file once: the second waits and reads the cache', async () => {
	const options = {baseUrl: t.server.url, voices: ['af_a'], ...fast};
	const [a, b] = await Promise.all([ensureWeights(options), ensureWeights(options)]);
	expect(Buffer.from(a.model).equals(Buffer.from(b.model))).toBe(true);
	expect(t.server.log.filter((entry) => entry.path === 'model.onnx')).toHaveLength(5);
	expect(t.server.log.filter((entry) => entry.path === 'manifest.json')).toHaveLength(1);
});
