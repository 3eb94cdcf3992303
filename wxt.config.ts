import {existsSync, readdirSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {defineConfig} from 'wxt';

/** The server the extension talks to out of the box; users may point `settings.serverUrl` elsewhere (then the options page asks for that host). */
const defaultServerHosts = ['http://127.0.0.1/*', 'http://localhost/*'];

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Every file under `dir`, as [absolute path, path relative to `dir`]. */
function filesUnder(dir: string): Array<[string, string]> {
	return readdirSync(dir, {recursive: true, withFileTypes: true})
		.filter(entry => entry.isFile())
		.map(entry => join(entry.parentPath, entry.name))
		.map(path => [path, relative(dir, path)]);
}

/**
Files Kokoro in the browser loads at run time, copied into the extension as they are: ONNX
Runtime's wasm and its loader (MV3 forbids remote code; `wasmPaths` points here), and the G2P's
wasm and data (lexicons, dictionaries) that `make build-g2p` writes.
*/
function inBrowserEngineFiles(): Array<{absoluteSrc: string; relativeDest: string}> {
	const ort = here('node_modules/onnxruntime-web/dist');
	const g2p = here('src/g2p/pkg');
	const g2pData = join(g2p, 'data');
	if (!existsSync(g2pData)) {
		throw new Error('src/g2p/pkg/data is missing: run `make build-g2p` (the in-browser G2P and its data) before building the extension');
	}

	return [
		...['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'].map(name => ({absoluteSrc: join(ort, name), relativeDest: `ort/${name}`})),
		{absoluteSrc: join(g2p, 'tts_wasm_bg.wasm'), relativeDest: 'g2p/tts_wasm_bg.wasm'},
		...filesUnder(g2pData).map(([absoluteSrc, path]) => ({absoluteSrc, relativeDest: `g2p/${path}`})),
	];
}

export default defineConfig({
	// `browser` comes from webextension-polyfill (promises and one API shape in Chrome and Firefox).
	modules: ['@wxt-dev/webextension-polyfill'],
	// Explicit imports everywhere: a reader sees where each name comes from.
	imports: false,
	// Icons and static files live in assets/ (the design card's top level); WXT copies them as they are.
	publicDir: 'assets',
	alias: {
		// One implementation of discovery, server calls and PCM handling, shared with the page library.
		'@tts-client': here('tts-client/source'),
	},
	hooks: {
		'build:publicAssets'(_wxt, files) {
			files.push(...inBrowserEngineFiles());
		},
	},
	vite: () => ({
		// The inference worker imports ES modules (onnxruntime-web, the G2P's wasm-bindgen glue).
		worker: {format: 'es'},
		resolve: {
			alias: {
				// The build of ONNX Runtime that loads its wasm from `wasmPaths` (our copy under /ort/), rather
				// than the "bundle" build that embeds its loader and would start its threads from our worker's own file.
				// (Here and not in `alias`, which also feeds TypeScript: the types stay the package's.)
				'onnxruntime-web/wasm': here('node_modules/onnxruntime-web/dist/ort.wasm.min.mjs'),
			},
		},
	}),
	manifest: ({browser}) => ({
		name: 'Kokoro Read Aloud',
		description: 'Reads pages and selections aloud with Kokoro voices, on your own machine.',
		permissions: [
			'contextMenus',
			'storage',
			// Injecting the content script into a tab that was open before install, after a user gesture.
			'scripting',
			'activeTab',
			...(browser === 'firefox' ? [] : ['offscreen', 'tts']),
		],
		host_permissions: defaultServerHosts,
		// A server URL on another host is asked for when the user sets it (MV2 has no optional_host_permissions).
		...(browser === 'firefox'
			? {optional_permissions: ['http://*/*', 'https://*/*']}
			: {optional_host_permissions: ['http://*/*', 'https://*/*']}),
		action: {default_title: 'Read aloud (play/pause)'},
		// WebAssembly (ONNX Runtime, the G2P) needs 'wasm-unsafe-eval'; scripts come from the extension only.
		content_security_policy: browser === 'firefox'
			? "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'"
			: {extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'"},
		// Cross-origin isolation makes extension pages and their workers `crossOriginIsolated`, which
		// ONNX Runtime needs for threads (SharedArrayBuffer). Chrome only; Firefox runs one thread.
		...(browser === 'firefox'
			? {}
			: {cross_origin_embedder_policy: {value: 'require-corp'}, cross_origin_opener_policy: {value: 'same-origin'}}),
		commands: {
			'toggle-reading': {suggested_key: {default: 'Alt+Shift+R'}, description: 'Play or pause reading'},
			'stop-reading': {suggested_key: {default: 'Alt+Shift+S'}, description: 'Stop reading'},
			'next-sentence': {suggested_key: {default: 'Alt+Shift+Period'}, description: 'Next sentence'},
			'previous-sentence': {suggested_key: {default: 'Alt+Shift+Comma'}, description: 'Previous sentence'},
		},
		...(browser === 'firefox'
			? {browser_specific_settings: {gecko: {id: 'read-aloud@kokoro.local', strict_min_version: '128.0', data_collection_permissions: {required: ['none']}}}}
			: {}),
	}),
});
