#!/usr/bin/env node
// Copies the extension's built Kokoro inference worker, with the files it loads at run time, into
// a folder a web site can serve for tts-client's `browser-kokoro` engine:
//
//   DIR/kokoro-worker.js   the worker (the G2P's glue), one ES module
//   DIR/assets/modelWorker-HASH.js   the model worker it starts (onnxruntime-web's loader, the weights cache), asked for at /assets/ on its origin
//   DIR/assets/blobReader-HASH.js    the thread the model worker reads the cached weights on, at /assets/ too
//   DIR/ort/               ONNX Runtime's wasm and its loader; the worker asks for them at /ort/ on its origin
//   DIR/g2p/               the G2P's wasm and data (lexicons, dictionaries), asked for at /g2p/
//
// It copies what `npx wxt build` produced (.output/chrome-mv3) rather than building the worker a
// second way, so the page runs byte for byte the worker the extension tested.
//
// Usage: node scripts/export-kokoro-web.mjs [DIR]   (default .output/kokoro-web)
import {cpSync, existsSync, readdirSync, rmSync, statSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, '.output/chrome-mv3');
const out = process.argv[2] ?? join(root, '.output/kokoro-web');

// Vite names each worker after its source file (src/synth/kokoro/worker.ts, modelWorker.ts, weights/blobReader.ts) plus a content hash.
const builtWorker = prefix => {
	const found = existsSync(join(built, 'assets')) ? readdirSync(join(built, 'assets')).filter(name => new RegExp(`^${prefix}-[\\w-]+\\.js$`).test(name)) : [];
	if (found.length !== 1) {
		console.error(`expected one built ${prefix} in ${relative(root, built)}/assets, found ${found.length === 0 ? 'none' : found.join(', ')}: run \`npx wxt build\` (make build-extension) first`);
		process.exit(1);
	}

	return found[0];
};

const worker = builtWorker('worker');
const nested = ['modelWorker', 'blobReader'].map(builtWorker);
rmSync(out, {recursive: true, force: true});
cpSync(join(built, 'assets', worker), join(out, 'kokoro-worker.js'));
// The worker names its model worker, and that one its reader, by these paths from the root of its origin.
for (const name of nested) {
	cpSync(join(built, 'assets', name), join(out, 'assets', name));
}
for (const folder of ['ort', 'g2p']) {
	cpSync(join(built, folder), join(out, folder), {recursive: true});
}

const bytes = path => statSync(path).isDirectory() ? readdirSync(path).reduce((sum, name) => sum + bytes(join(path, name)), 0) : statSync(path).size;
for (const name of ['kokoro-worker.js', 'assets', 'ort', 'g2p']) {
	console.log(`${relative(root, join(out, name))}: ${(bytes(join(out, name)) / 1e6).toFixed(2)} MB`);
}
