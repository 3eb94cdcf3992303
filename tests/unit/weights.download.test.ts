// @vitest-environment node
/** Downloads against a real local HTTP server: ranges, resume after a cut, no Range support, abort, progress. */
import 'fake-indexeddb/auto';
import {describe, expect, test, vi} from 'vitest';
import {ensureWeights, WeightsHttpError, type WeightsProgress} from '../../src/synth/kokoro/weights';
import {weightRequests} from '../support/fileServer';
import {fast, useExportServer} from './weightsFixtures';

const t = useExportServer();

const modelRequests = () => t.server.log.filter((entry) => entry.path === 'model.onnx');

describe('ensureWeights downloads', () => {
	test('the model in ranges of chunkBytes, and the bytes are the file', async () => {
		const weights = await ensureWeights({baseUrl: t.server.url, voices: ['af_a'], ...fast});
		expect(Buffer.from(weights.model).equals(t.folder.files.get('model.onnx')!)).toBe(true);
		expect(modelRequests().map((entry) => entry.start)).toEqual([0, 65536, 131072, 196608, 262144]);
		expect(modelRequests().every((entry) => entry.status === 206)).toBe(true);
		const voice = weights.voices.get('af_a')!;
		expect(Buffer.from(voice.buffer, voice.byteOffset, voice.byteLength).equals(t.folder.files.get('voices/af_a.bin')!)).toBe(true);
	});

	test('a connection cut mid-file resumes at the first byte not received', async () => {
		t.server.cutAfter.set('model.onnx', 100_000);
		const weights = await ensureWeights({baseUrl: t.server.url, voices: [], ...fast, chunkBytes: 1 << 20});
		const [first, second, ...rest] = modelRequests();
		expect(first).toMatchObject({start: 0, sent: 100_000});
		expect(second).toMatchObject({start: 100_000, status: 206, sent: 200_000});
		expect(rest).toEqual([]);
		expect(Buffer.from(weights.model).equals(t.folder.files.get('model.onnx')!)).toBe(true);
	});

	test('a call that gave up is continued by the next one, as after a closed browser', async () => {
		t.server.cutAfter.set('model.onnx', 150_000);
		await expect(ensureWeights({baseUrl: t.server.url, voices: [], ...fast, chunkBytes: 1 << 20, retries: 0})).rejects.toThrow(WeightsHttpError);
		// A fresh module instance: only what IndexedDB kept carries over.
		vi.resetModules();
		const fresh = await import('../../src/synth/kokoro/weights');
		const weights = await fresh.ensureWeights({baseUrl: t.server.url, voices: [], ...fast, chunkBytes: 1 << 20});
		expect(modelRequests().map((entry) => [entry.start, entry.sent])).toEqual([
			[0, 150_000],
			[150_000, 150_000],
		]);
		expect(Buffer.from(weights.model).equals(t.folder.files.get('model.onnx')!)).toBe(true);
	});

	test('a connection that stalls mid-body is dropped after stallMs and resumed', async () => {
		t.server.stallAfter.set('model.onnx', 100_000);
		const weights = await ensureWeights({baseUrl: t.server.url, voices: [], ...fast, chunkBytes: 1 << 20, stallMs: 200});
		expect(modelRequests().map((entry) => [entry.start, entry.sent])).toEqual([
			[0, 100_000],
			[100_000, 200_000],
		]);
		expect(Buffer.from(weights.model).equals(t.folder.files.get('model.onnx')!)).toBe(true);
	});

	test('a request that never gets headers is given up after stallMs and retried', async () => {
		t.server.hang.add('model.onnx');
		const weights = await ensureWeights({baseUrl: t.server.url, voices: [], ...fast, chunkBytes: 1 << 20, stallMs: 200});
		expect(modelRequests().map((entry) => entry.start)).toEqual([0, 0]);
		expect(weights.model.byteLength).toBe(300_000);
	});

	test('an abort stops the download, keeps what arrived, and the next call continues from there', async () => {
		const controller = new AbortController();
		let received = 0;
		const onProgress = (progress: WeightsProgress) => {
			received = progress.fileDone;
			if (received >= 100_000) controller.abort(new Error('stop'));
		};
		const options = {baseUrl: t.server.url, voices: [], ...fast, chunkBytes: 1 << 20};
		await expect(ensureWeights({...options, signal: controller.signal, onProgress})).rejects.toThrow('stop');
		expect(received).toBeGreaterThanOrEqual(100_000);
		expect(received).toBeLessThan(300_000);
		t.server.log.length = 0;
		const weights = await ensureWeights(options);
		expect(modelRequests().map((entry) => entry.start)).toEqual([received]);
		expect(Buffer.from(weights.model).equals(t.folder.files.get('model.onnx')!)).toBe(true);
	});

	test('a server that ignores Range (200, whole file) still works, even after a cut', async () => {
		t.server.ranges = false;
		t.server.cutAfter.set('model.onnx', 120_000);
		const weights = await ensureWeights({baseUrl: t.server.url, voices: ['zf_c'], ...fast});
		expect(modelRequests().map((entry) => entry.status)).toEqual([200, 200]);
		expect(Buffer.from(weights.model).equals(t.folder.files.get('model.onnx')!)).toBe(true);
		expect(weights.voices.get('zf_c')!.length).toBe(1024);
	});

	test('a failing request is retried a few times with backoff', async () => {
		t.server.fail.set('model.onnx', {status: 503, times: 2});
		const started = performance.now();
		const weights = await ensureWeights({baseUrl: t.server.url, voices: [], ...fast, retries: 2, retryDelayMs: 40});
		// 40 ms, then 80 ms.
		expect(performance.now() - started).toBeGreaterThanOrEqual(115);
		expect(modelRequests().map((entry) => entry.status)).toEqual([503, 503, 206, 206, 206, 206, 206]);
		expect(Buffer.from(weights.model).equals(t.folder.files.get('model.onnx')!)).toBe(true);
	});

	test('a server that keeps failing is given up on, with the URL and status in the message', async () => {
		t.server.fail.set('model.onnx', {status: 503, times: 10});
		const error = await ensureWeights({baseUrl: t.server.url, voices: [], ...fast, retries: 2}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(WeightsHttpError);
		expect(String(error)).toContain(`cannot download ${t.server.url}/model.onnx: HTTP 503`);
		expect(modelRequests()).toHaveLength(3);
	});

	test('a 404 is not retried', async () => {
		t.server.fail.set('model.onnx', {status: 404, times: 10});
		await expect(ensureWeights({baseUrl: t.server.url, voices: [], ...fast})).rejects.toThrow(/model.onnx: HTTP 404/);
		expect(modelRequests()).toHaveLength(1);
	});

	test('a server that does not answer is named', async () => {
		await t.server.close();
		await expect(ensureWeights({baseUrl: t.server.url, voices: [], ...fast})).rejects.toThrow(`cannot download ${t.server.url}/manifest.json: no answer`);
	});

	test('only the voices asked for are fetched', async () => {
		const weights = await ensureWeights({baseUrl: t.server.url, voices: ['af_b', 'af_b'], ...fast});
		expect([...weights.voices.keys()]).toEqual(['af_b']);
		expect(weightRequests(t.server.log).map((entry) => entry.path)).toEqual(expect.arrayContaining(['model.onnx', 'voices/af_b.bin']));
		expect(weightRequests(t.server.log).some((entry) => entry.path.includes('af_a') || entry.path.includes('zf_c'))).toBe(false);
	});

	test('an unknown voice is named in the error, before any download', async () => {
		await expect(ensureWeights({baseUrl: t.server.url, voices: ['xx_nobody'], ...fast})).rejects.toThrow(/xx_nobody is not among the 3 voices/);
		expect(weightRequests(t.server.log)).toEqual([]);
	});

	test('progress is monotonic, per file and overall, and ends at the total', async () => {
		t.server.cutAfter.set('model.onnx', 70_000);
		const reports: WeightsProgress[] = [];
		await ensureWeights({baseUrl: t.server.url, voices: ['af_a', 'zf_c'], ...fast, onProgress: (p) => reports.push(p)});
		const total = 300_000 + 2 * 4096;
		expect(reports.at(-1)).toMatchObject({done: total, total, file: 'voices/zf_c.bin', fileDone: 4096});
		for (let i = 1; i < reports.length; i++) {
			const [before, now] = [reports[i - 1]!, reports[i]!];
			expect(now.done).toBeGreaterThanOrEqual(before.done);
			if (now.file === before.file) expect(now.fileDone).toBeGreaterThanOrEqual(before.fileDone);
		}
		expect(reports.filter((p) => p.file === 'model.onnx').length).toBeGreaterThan(5);
	});
});
