#!/usr/bin/env node
// Copies the extension's built Kokoro inference worker, with the files it loads at run time, into
// a folder a web site can serve for tts-client's `browser-kokoro` engine:
//
//   DIR/kokoro-worker.js   the worker (onnxruntime-web's loader, the G2P's glue, the weights cache), one ES module
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

// Vite names the worker after its source file (src/synth/kokoro/worker.ts) plus a content hash.
const workers = existsSync(join(built, 'assets')) ? readdirSync(join(built, 'assets')).filter(name => /^worker-[\w-]+\.js$/.test(name)) : [];
if (workers.length !== 1) {
	console.error(`expected one built worker in ${relative(root, built)}/assets, found ${workers.length === 0 ? 'none' : workers.join(', ')}: run \`npx wxt build\` (make build-extension) first`);
	process.exit(1);
}

rmSync(out, {recursive: true, force: true});
cpSync(join(built, 'assets', workers[0]), join(out, 'kokoro-worker.js'));
for (const folder of ['ort', 'g2p']) {
	cpSync(join(built, folder), join(out, folder), {recursive: true});
}

const bytes = path => statSync(path).isDirectory() ? readdirSync(path).reduce((sum, name) => sum + bytes(join(path, name)), 0) : statSync(path).size;
for (const name of ['kokoro-worker.js', 'ort', 'g2p']) {
	console.log(`${relative(root, join(out, name))}: ${(bytes(join(out, name)) / 1e6).toFixed(2)} MB`);
}
