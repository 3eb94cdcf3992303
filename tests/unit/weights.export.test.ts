// @vitest-environment node
/**
The real thing: the folder `tts-server export-web-assets` writes, served over HTTP, read by
`ensureWeights` with the real model (~90 MB) and voices. Needs the release binary and `make setup`'s
assets; skipped, visibly, without them.
*/
import 'fake-indexeddb/auto';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import pins from '../../server/scripts/assets.json';
import {deleteWeights, ensureWeights} from '../../src/synth/kokoro/weights';
import {serveFolder, sha256, weightRequests, type FileServer} from '../support/fileServer';

const binary = resolve(process.env.TTS_SERVER_BIN ?? 'server/target/release/tts-server');
let dir: string;
let server: FileServer;

beforeAll(async () => {
	if (!existsSync(binary)) return;
	dir = mkdtempSync(join(tmpdir(), 'export-'));
	execFileSync(binary, ['export-web-assets', dir], {stdio: 'pipe'});
	server = await serveFolder(dir);
	await deleteWeights();
}, 120_000);
afterAll(async () => {
	await server?.close();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

test.skipIf(!existsSync(binary))('the exported model and two voices: cut mid-model, resumed, checked, then served from the cache alone', async () => {
	// Cut 3 MB into the first 4 MiB range.
	server.cutAfter.set('model.onnx', 3_000_000);
	const options = {baseUrl: server.url, voices: ['af_heart', 'zf_xiaobei'], retryDelayMs: 1};
	const weights = await ensureWeights(options);

	// Checked against the server's own pins, not against our hashing.
	expect(sha256(weights.model)).toBe(pins['model-timestamped'].files['kokoro-v1.0.int8.timestamped.onnx']);
	const voice = weights.voices.get('zf_xiaobei')!;
	expect(sha256(new Uint8Array(voice.buffer, voice.byteOffset, voice.byteLength))).toBe(pins.voices.files['zf_xiaobei.bin']);
	expect(weights.voices.get('af_heart')!.length).toBe(510 * 256);

	const model = server.log.filter((entry) => entry.path === 'model.onnx');
	expect(model[0]).toMatchObject({start: 0, sent: 3_000_000});
	expect(model[1]).toMatchObject({start: 3_000_000, status: 206});
	// Only what was asked for: no other voice, no text data.
	expect(new Set(weightRequests(server.log).map((entry) => entry.path))).toEqual(new Set(['model.onnx', 'voices/af_heart.bin', 'voices/zf_xiaobei.bin']));
	expect(server.log.every((entry) => !entry.path.startsWith('text/'))).toBe(true);

	server.log.length = 0;
	const again = await ensureWeights(options);
	expect(server.log).toEqual([]);
	expect(again.model.byteLength).toBe(weights.model.byteLength);
}, 120_000);
