// Builds dist/tts-client.js (one minified ES module, no dependencies) and dist/types/*.d.ts, then prints the bundle size raw and gzipped, and writes it to dist/size.json so reports can quote it.
import {execFileSync} from 'node:child_process';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';
import {build} from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, {recursive: true, force: true});
mkdirSync(dist, {recursive: true});

await build({
	entryPoints: [join(root, 'source/index.ts')],
	outfile: join(dist, 'tts-client.js'),
	bundle: true,
	format: 'esm',
	platform: 'browser',
	// Chrome/Edge 111, Firefox 111, Safari 16.4: class private fields, `??=`, Array#at; older browsers are out of scope.
	target: ['es2022'],
	minify: true,
	sourcemap: 'linked',
	legalComments: 'none',
	logLevel: 'warning',
});

execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'tsconfig.build.json')], {stdio: 'inherit'});

const bundle = readFileSync(join(dist, 'tts-client.js'));
const size = {raw: bundle.length, gzip: gzipSync(bundle, {level: 9}).length};
writeFileSync(join(dist, 'size.json'), `${JSON.stringify(size)}\n`);
console.log(`dist/tts-client.js: ${size.raw} bytes, ${size.gzip} bytes gzipped`);
