// @vitest-environment node
/**
Hugging Face's layout (no manifest.json): the model's sha256 from `X-Linked-ETag` on the resolve
URL's redirect, or from the Hub API; voices checked against server/scripts/assets.json. Served by a
local imitation of the Hub; the voice is the real file from $TTS_HOME when it is there.
*/
import 'fake-indexeddb/auto';
import {randomBytes} from 'node:crypto';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {deleteWeights, ensureWeights, UnknownChecksumError} from '../../src/synth/kokoro/weights';
import {serveFolder, sha256, type FileServer} from '../support/fileServer';
import {fast} from './weightsFixtures';

const realVoice = join(process.env.TTS_HOME ?? join(homedir(), '.cache/tts-server'), 'voices/af_heart.bin');
const model = randomBytes(200_000);
const repo = 'o/r/resolve/main';
let server: FileServer;

beforeEach(async () => {
	await deleteWeights();
	const root = mkdtempSync(join(tmpdir(), 'hub-'));
	mkdirSync(join(root, 'blobs'));
	writeFileSync(join(root, 'blobs/model'), model);
	if (existsSync(realVoice)) {
		mkdirSync(join(root, repo, 'voices'), {recursive: true});
		copyFileSync(realVoice, join(root, repo, 'voices/af_heart.bin'));
	}
	server = await serveFolder(root);
});
afterEach(() => server.close());

const base = () => `${server.url}/${repo}`;
const modelPath = `${repo}/onnx/model_quantized.onnx`;

test.skipIf(!existsSync(realVoice))('the model checked by X-Linked-ETag, the voice by the pinned sha256; then all from the cache', async () => {
	server.linked.set(modelPath, {to: 'blobs/model', sha256: sha256(model), bytes: model.length});
	const weights = await ensureWeights({baseUrl: base(), voices: ['af_heart'], ...fast});
	expect(weights.source).toBe('hub');
	expect(Buffer.from(weights.model).equals(model)).toBe(true);
	expect(weights.voices.get('af_heart')!.length).toBe(510 * 256);
	expect(server.log.find((entry) => entry.method === 'HEAD')?.path).toBe(modelPath);
	server.log.length = 0;
	await ensureWeights({baseUrl: base(), voices: ['af_heart'], ...fast});
	expect(server.log).toEqual([]);
});

test('without X-Linked-ETag, the Hub API gives the sha256', async () => {
	server.linked.set(modelPath, {to: 'blobs/model', bytes: model.length});
	server.json.set('api/models/o/r/tree/main/onnx', [
		{type: 'file', path: 'onnx/model.onnx', lfs: {oid: '0'.repeat(64), size: 1}},
		{type: 'file', path: 'onnx/model_quantized.onnx', lfs: {oid: sha256(model), size: model.length}},
	]);
	const weights = await ensureWeights({baseUrl: base(), voices: [], ...fast});
	expect(Buffer.from(weights.model).equals(model)).toBe(true);
});

test('a model served with a sha256 it does not match is refused after one more try', async () => {
	server.linked.set(modelPath, {to: 'blobs/model', sha256: 'a'.repeat(64), bytes: model.length});
	await expect(ensureWeights({baseUrl: base(), voices: [], ...fast})).rejects.toThrow(`the model file from ${base()}/onnx/model_quantized.onnx is corrupt (sha256 ${sha256(model)}, expected ${'a'.repeat(64)})`);
});

test('no checksum anywhere: refused, said, and nothing downloaded', async () => {
	server.linked.set(modelPath, {to: 'blobs/model', bytes: model.length});
	const error = await ensureWeights({baseUrl: base(), voices: [], ...fast}).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(UnknownChecksumError);
	expect(String(error)).toContain(`no sha256 is known for ${base()}/onnx/model_quantized.onnx`);
	expect(server.log.filter((entry) => entry.method === 'GET' && entry.path.includes('blobs'))).toEqual([]);
});

test('a voice outside the 54 pinned ones is refused by name', async () => {
	server.linked.set(modelPath, {to: 'blobs/model', sha256: sha256(model), bytes: model.length});
	await expect(ensureWeights({baseUrl: base(), voices: ['xx_new'], ...fast})).rejects.toThrow(/xx_new is not among the 54 voices/);
});
