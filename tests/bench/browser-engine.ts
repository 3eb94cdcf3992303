/**
In-browser Kokoro figures for BENCHMARKS.md (`make bench-browser`), in headless Debian Chromium:

1. Runtimes side by side on the same token ids, voice and model file (renamed inputs for the
   Hugging Face layout, nothing else changed), in one page: onnxruntime-web used directly (the
   extension's code), Transformers.js 4, and the npm peer kokoro-js (Transformers.js 3). Real-time
   factor on a short and a ~300-character English and Chinese text, the same thread count for all.
2. The built extension with no server: cold start (download from a local server, then first
   audio), cached start (browser restarted) to first audio for one sentence, peak memory of the
   extension's renderer process (offscreen document, inference worker and its threads).
3. Bundle: what the in-browser engine adds to the extension.
*/
import {spawnSync} from 'node:child_process';
import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {cpus, homedir, loadavg, tmpdir} from 'node:os';
import {extname, join, resolve} from 'node:path';
import {gzipSync} from 'node:zlib';
import {chromium} from 'playwright-core';
import {build} from 'vite';
import {pacing, planParts} from '../../src/player/parts.ts';
import {launchWithExtension, send, setSettings} from '../e2e/support/browser.ts';
import {timeSeeks, waitFor} from '../e2e/support/reading.ts';
import {serverBinary, startPages} from '../e2e/support/servers.ts';

const root = resolve(import.meta.dirname, '../..');
const runs = Number(process.env.RUNS ?? 3);
/** Which parts to run (all by default): `PARTS=extension` re-measures only the extension's start. */
const parts = new Set((process.env.PARTS ?? 'runtimes,extension,bundle').split(','));
const ttsHome = process.env.TTS_HOME ?? join(homedir(), '.cache/tts-server');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rows: string[] = [];
const report = (line: string) => {
	rows.push(line);
	console.log(line);
};

const texts: Array<{name: string; text: string; lang: 'en-us' | 'zh'}> = [
	{name: 'English, one sentence', lang: 'en-us', text: 'The old lighthouse keeper climbed the spiral stairs every evening at dusk.'},
	{name: 'English, 300 characters', lang: 'en-us', text: 'From the top he could see the fishing boats returning to the harbour. He had done this for thirty years, and he still loved the quiet moment just before the great lamp came on. On stormy nights the waves broke against the rocks below, and ships far out at sea would see the beam.'},
	{name: 'Chinese, one sentence', lang: 'zh', text: '老看守人每天傍晚都会爬上灯塔的螺旋楼梯。'},
	{name: 'Chinese, 300 characters', lang: 'zh', text: '从塔顶他能看到渔船返回港口。他已经这样做了三十年，仍然喜欢大灯亮起之前那安静的一刻。暴风雨的夜里，海浪拍打着下面的岩石，远处的船只会看到光束扫过水面。早晨他把一切都写进一本厚厚的皮面日志里。没有人读过它，但他一直在写。港口的人们说，只要灯还亮着，他们就知道回家的路。冬天的风很冷，楼梯很长，但他从来没有错过一个晚上。有一年，一场大雾持续了整整一个星期，他几乎没有睡觉，一直守着那盏灯。后来，一位年轻的船长专门来感谢他，说正是那道光让他的船避开了礁石。老人只是笑了笑，给他倒了一杯热茶。'},
];

const work = mkdtempSync(join(tmpdir(), 'kokoro-bench-browser-'));
try {
	report(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load average at start ${loadavg().map(value => value.toFixed(2)).join(' ')}`);

	// ---- assets: our export (the runtimes' part also writes the same model in Hugging Face's layout) ----
	const web = join(work, 'web');
	const exported = spawnSync(serverBinary, ['export-web-assets', web], {encoding: 'utf8'});
	if (exported.status !== 0) {
		throw new Error(`export-web-assets: ${exported.stderr}`);
	}

	// ---- 1. runtimes side by side ----
	if (parts.has('runtimes')) {
		await runtimes(web);
	}

	// ---- 2. the extension, no server ----
	if (parts.has('extension')) {
		await extension(web);
	}

	// ---- 3. bundle ----
	if (parts.has('bundle')) {
		const chromeDir = join(root, '.output/chrome-mv3');
		for (const dir of ['ort', 'g2p']) {
			const size = bundleSize(join(chromeDir, dir));
			report(`bundle .output/chrome-mv3/${dir}: ${(size.bytes / 1e6).toFixed(2)} MB (${(size.gzip / 1e6).toFixed(2)} MB gzipped)`);
		}

		const total = bundleSize(chromeDir);
		report(`bundle .output/chrome-mv3 in all: ${(total.bytes / 1e6).toFixed(2)} MB (${(total.gzip / 1e6).toFixed(2)} MB gzipped)`);
	}
} finally {
	rmSync(work, {recursive: true, force: true});
	console.log(`\n${rows.map(row => `- ${row}`).join('\n')}`);
}

async function runtimes(web: string): Promise<void> {
	const hf = join(work, 'hf/kokoro');
	const onnxTools = join(ttsHome, 'tools/onnx-1.23.2');
	const renamed = spawnSync('python3', [join(import.meta.dirname, 'peers/hf_layout.py'), join(web, 'model.onnx'), hf], {encoding: 'utf8', env: {...process.env, PYTHONPATH: onnxTools}});
	if (renamed.status !== 0) {
		throw new Error(`hf_layout.py: ${renamed.stderr}`);
	}

	const dist = join(work, 'peers');
	await build({
		root: join(import.meta.dirname, 'peers'),
		logLevel: 'warn',
		build: {outDir: dist, emptyOutDir: true, target: 'esnext', chunkSizeWarningLimit: 100_000},
		worker: {format: 'es'},
		resolve: {alias: {
			// The page imports Transformers.js 3 by its folder (for TypeScript); the browser needs its web build, the one kokoro-js itself resolves to.
			'../../../node_modules/kokoro-js/node_modules/@huggingface/transformers': join(root, 'node_modules/kokoro-js/node_modules/@huggingface/transformers/dist/transformers.web.js'),
			'onnxruntime-web/wasm': join(root, 'node_modules/onnxruntime-web/dist/ort.wasm.min.mjs'),
		}},
	});
	const site = await serve({
		'/': dist,
		'/web/': web,
		'/hf/': join(work, 'hf'),
		'/g2p/': join(root, 'src/g2p/pkg/data'),
		'/g2pwasm/': join(root, 'src/g2p/pkg'),
		'/ort/': join(root, 'node_modules/onnxruntime-web/dist'),
		'/ort4/': join(root, 'node_modules/@huggingface/transformers/node_modules/onnxruntime-web/dist'),
		'/ort3/': join(root, 'node_modules/kokoro-js/node_modules/onnxruntime-web/dist'),
	});
	const browser = await chromium.launch({executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']});
	try {
		const page = await browser.newPage();
		page.on('pageerror', error => console.error('page error:', error.message));
		// kokoro-js fetches its voice packs from Hugging Face: answered with the same files.
		await page.route('https://huggingface.co/**', async route => {
			const name = new URL(route.request().url()).pathname.split('/').pop()!;
			await route.fulfill({body: readFileSync(join(web, 'voices', name)), contentType: 'application/octet-stream'});
		});
		await page.goto(`${site.url}/index.html`);
		const {isolated, cores} = await page.evaluate(() => (window as never as {bench: {isolated: boolean; cores: number}}).bench);
		report(`Runtimes page: crossOriginIsolated ${isolated}, ${cores} cores, ${cores} threads for every runtime`);
		const prepared = await page.evaluate(async texts => (window as any).bench.prepare(texts, 'af_heart'), texts.map(({text, lang}) => ({text, lang})));
		texts.forEach((text, index) => {
			report(`G2P (wasm) ${text.name}: ${prepared[index].ms.toFixed(1)} ms`);
		});
		const results = new Map<string, Array<{ms: number; rtf: number}>>();
		for (const runtime of ['ours', 'transformers', 'kokoro-js'] as const) {
			const loadMs = await page.evaluate(async ({runtime, cores}) => (window as any).bench.load(runtime, cores), {runtime, cores});
			report(`${runtime}: model load ${loadMs.toFixed(0)} ms`);
			await page.evaluate(async runtime => (window as any).bench.run(runtime, 0), runtime);
			const perText = [];
			for (const [index, text] of texts.entries()) {
				const times: Array<{ms: number; audioS: number}> = [];
				for (let run = 0; run < (index % 2 === 1 ? Math.max(1, runs - 1) : runs); run++) {
					times.push(await page.evaluate(async ({runtime, index}) => (window as any).bench.run(runtime, index), {runtime, index}));
				}

				const ms = median(times.map(time => time.ms));
				const rtf = ms / 1000 / times[0]!.audioS;
				perText.push({ms, rtf});
				report(`${runtime} ${text.name}: ${ms.toFixed(0)} ms for ${times[0]!.audioS.toFixed(2)} s of audio, RTF ${rtf.toFixed(2)}`);
			}

			results.set(runtime, perText);
		}

		for (const [index, text] of texts.entries()) {
			const ours = results.get('ours')![index]!.ms;
			report(`ratio ${text.name}: kokoro-js / ours ${(results.get('kokoro-js')![index]!.ms / ours).toFixed(2)}, Transformers.js / ours ${(results.get('transformers')![index]!.ms / ours).toFixed(2)}`);
		}
	} finally {
		await browser.close();
		await site.close();
	}
}

async function extension(web: string): Promise<void> {
	const files = await serve({'/': web});
	const pages = await startPages(join(root, 'tests/e2e/pages'));
	// One sentence per language (`LANGS=en` for English only), the same sentence: the Mandarin start
	// parses Mandarin's G2P data too.
	const sentences: Record<string, {lang: string; title: string; text: string}> = {
		en: {lang: 'en', title: 'One sentence', text: 'The old lighthouse keeper climbed the spiral stairs every evening at dusk, as he had done for thirty years.'},
		zh: {lang: 'zh', title: '一句话', text: '老灯塔看守人每天黄昏都会爬上螺旋楼梯，三十年来一直如此。'},
	};
	const langs = (process.env.LANGS ?? 'en,zh').split(',');
	for (const lang of langs) {
		const {title, text} = sentences[lang]!;
		writeFileSync(join(root, `tests/e2e/pages/.bench-one-sentence-${lang}.html`), `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body><article><p>${text}</p></article></body></html>`);
	}

	/** The joins a start of each sentence makes: one per cut (parts.ts). */
	const joinsOf = Object.fromEntries(langs.map(lang => [lang, planParts(sentences[lang]!.text, true, undefined, pacing.browser).length - 1]));
	try {
		const firstAudio = async (dir: string, profile?: string, lang = langs[0]!) => {
			const extension = await launchWithExtension({extension: dir, ...profile ? {profile} : {}});
			await setSettings(extension.control, {serverUrl: 'http://127.0.0.1:9', modelBaseUrl: files.url, backend: 'browser'});
			const tab = await extension.context.newPage();
			const url = `${pages.url}/.bench-one-sentence-${lang}.html`;
			await tab.goto(url);
			const tabId = await extension.control.evaluate(async url => (await chrome.tabs.query({url}))[0]!.id!, url);
			const started = Date.now();
			await send(extension.control, {type: 'read', source: 'page', tabId});
			// Polled every 100 ms (faster polling takes CPU from the start it times); sound began `played_s` before the poll saw it.
			const heard = await waitFor(extension.control, 'first audio', current => current.state === 'error' ? (() => {
				throw new Error(current.error);
			})() : current.played_s > 0 && current, 600_000, 100);
			const ms = Math.round(Date.now() - started - (heard.played_s * 1000));
			const load = loadavg()[0]!.toFixed(2);
			const peak = rendererPeakMiB();
			const engine = await extension.control.evaluate(async () => (await chrome.storage.session.get('engine')).engine) as {timings?: {marks?: Record<string, number>}} | undefined;
			const background = await extension.worker.evaluate(() => (globalThis as {kokoroMarks?: Record<string, number>}).kokoroMarks ?? {});
			const {marks = {}, ...timings} = engine?.timings ?? {};
			console.log(`  first audio after ${ms} ms (load ${load}); engine: ${JSON.stringify({...engine, timings})}`);
			const timeline = Object.entries({...background, ...marks, 'first audio': started + ms} as Record<string, number>).sort(([, a], [, b]) => a - b);
			console.log(`  timeline (ms from the click): ${timeline.map(([name, at]) => `${name} ${Math.round(at - started)}`).join(' | ')}`);
			// The cuts of the first sentence (parts.ts) as heard: silence the player added at each join.
			const heardOut = await waitFor(extension.control, 'the sentence heard to its end', current => current.state === 'error' ? (() => {
				throw new Error(current.error);
			})() : ((current.joins_ms?.length ?? 0) >= joinsOf[lang]! || current.state === 'idle') && current, 60_000, 250);
			console.log(`  joins (ms of silence the player added at the sentence's cuts): ${(heardOut.joins_ms ?? []).map(Math.round).join(', ')}`);
			await send(extension.control, {type: 'stop'});
			return {extension, ms, peak, joins: heardOut.joins_ms ?? []};
		};

		// A/B: `VARIANTS=dirA,dirB` alternates built extensions run by run (each its own profile and cache).
		const variants = (process.env.VARIANTS ?? join(root, '.output/chrome-mv3')).split(',');
		const label = (dir: string) => variants.length > 1 ? `${dir}: ` : '';
		const states = [];
		for (const dir of variants) {
			const cold = await firstAudio(dir);
			report(`${label(dir)}extension cold start (download ${(dirBytes(web, ['model.onnx', 'voices/af_heart.bin', 'voices/zf_xiaobei.bin']) / 1e6).toFixed(1)} MB from a local server, load, first audio): ${cold.ms} ms`);
			await cold.extension.close({keepProfile: true});
			states.push({dir, profile: cold.extension.profile, cached: Object.fromEntries(langs.map(lang => [lang, [] as number[]])), peak: cold.peak});
		}

		for (let run = 0; run < runs; run++) {
			for (const lang of langs) {
				for (const state of states) {
					const warm = await firstAudio(state.dir, state.profile, lang);
					state.cached[lang]!.push(warm.ms);
					state.peak = Math.max(state.peak, warm.peak);
					await warm.extension.close({keepProfile: true});
				}
			}
		}

		// "next" and "previous" in a reading with the weights cached: the sentence moved to waits for
		// the inference running (it cannot be stopped), then for its first part.
		for (const state of states) {
			const extension = await launchWithExtension({extension: state.dir, profile: state.profile});
			await setSettings(extension.control, {serverUrl: 'http://127.0.0.1:9', modelBaseUrl: files.url, backend: 'browser'});
			const tab = await extension.context.newPage();
			const url = `${pages.url}/article.html`;
			await tab.goto(url);
			const tabId = await extension.control.evaluate(async url => (await chrome.tabs.query({url}))[0]!.id!, url);
			await send(extension.control, {type: 'read', source: 'page', tabId});
			const moves = [['next', 1500], ['next', 4000], ['previous', 1500]] as const;
			const times = await timeSeeks(extension.control, moves, Math.min(runs, 3), 60_000);
			await send(extension.control, {type: 'stop'});
			await extension.close({keepProfile: true});
			for (const [move, [verb, into]] of moves.entries()) {
				report(`${label(state.dir)}"${verb}" ${into / 1000} s into a sentence, to the sound of the one it moves to, pages/article.html: median ${Math.round(median(times[move]!))} ms (runs: ${times[move]!.map(value => value.toFixed(0)).join(', ')})`);
			}
		}

		for (const state of states) {
			rmSync(state.profile, {recursive: true, force: true});
			for (const lang of langs) {
				report(`${label(state.dir)}extension cached start (browser restarted) to first audio, one ${lang} sentence: median ${median(state.cached[lang]!)} ms (${state.cached[lang]!.join(', ')})`);
			}

			report(`${label(state.dir)}peak memory of the extension's renderer process (offscreen document + worker + ORT threads), VmHWM: ${state.peak.toFixed(0)} MiB`);
		}
	} finally {
		for (const lang of langs) {
			rmSync(join(root, `tests/e2e/pages/.bench-one-sentence-${lang}.html`), {force: true});
		}

		await files.close();
		await pages.close();
	}
}

/** A static server for folders, cross-origin isolated (COOP/COEP) so the runtimes may use threads. */
async function serve(mounts: Record<string, string>): Promise<{url: string; close(): Promise<void>}> {
	const types: Record<string, string> = {'.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json'};
	const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
	const server = createServer((incoming, outgoing) => {
		const path = decodeURIComponent(new URL(incoming.url ?? '/', 'http://x').pathname);
		const prefix = prefixes.find(candidate => path.startsWith(candidate))!;
		const file = resolve(mounts[prefix]!, `.${path.slice(prefix.length - 1)}`);
		try {
			const body = readFileSync(file);
			outgoing.writeHead(200, {'content-type': types[extname(file)] ?? 'application/octet-stream', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'cross-origin'}).end(body);
		} catch {
			outgoing.writeHead(404).end();
		}
	});
	await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
	const {port} = server.address() as AddressInfo;
	return {url: `http://127.0.0.1:${port}`, close: async () => new Promise(done => {
		server.closeAllConnections();
		server.close(() => done());
	})};
}

/** The highest VmHWM among Chromium's extension renderer processes (where the offscreen document and its workers run). */
function rendererPeakMiB(): number {
	let peak = 0;
	for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
		try {
			const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			if (cmdline.includes('--type=renderer') && cmdline.includes('--extension-process')) {
				const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
				peak = Math.max(peak, Number(hwm?.[1] ?? 0) / 1024);
			}
		} catch {
			// The process ended meanwhile.
		}
	}

	return peak;
}

function dirBytes(dir: string, files: string[]): number {
	return files.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
}

function bundleSize(dir: string): {bytes: number; gzip: number} {
	let bytes = 0;
	let gzip = 0;
	for (const entry of readdirSync(dir, {recursive: true, withFileTypes: true})) {
		if (entry.isFile()) {
			const data = readFileSync(join(entry.parentPath, entry.name));
			bytes += data.length;
			gzip += gzipSync(data).length;
		}
	}

	return {bytes, gzip};
}
