/**
The benchmark page (built by Vite, served with COOP/COEP so every engine may use threads): the
same token ids, voice and model through three runtimes, in one Chromium page.

- `ours`: onnxruntime-web used directly, the extension's own `KokoroModel` (the worker's code);
- `transformers`: Transformers.js 4 (`StyleTextToSpeech2Model`), the design card's runtime;
- `kokoro-js`: the npm peer (Transformers.js 3 inside), through its `generate_from_ids`.

Ids come from the project's G2P compiled to wasm, so all three speak the same phonemes. The page
only exposes functions; tests/bench/browser-engine.ts drives and times them.
*/
import * as transformers from '@huggingface/transformers';
import {KokoroTTS} from 'kokoro-js';
// The copy of Transformers.js that kokoro-js itself imports (version 3), for its model class and tensors.
import * as transformers3 from '../../../node_modules/kokoro-js/node_modules/@huggingface/transformers';
import {type G2pChunk, loadG2p, G2P_FILES} from '../../../src/g2p';
import {KokoroModel} from '../../../src/synth/kokoro/model';

type Engine = {synthesize(chunk: G2pChunk, style: Float32Array): Promise<number>};
type Runtime = 'ours' | 'transformers' | 'kokoro-js';

const origin = location.origin;
let chunks: G2pChunk[][] = [];
let voice: Float32Array;
const engines = new Map<Runtime, Engine>();

/** Phonemizes the texts with our G2P; returns the ms it took per text and the phonemes. */
async function prepare(texts: Array<{text: string; lang: 'en-us' | 'zh'}>, voiceId: string): Promise<Array<{ms: number; phonemes: string}>> {
	const files = Object.fromEntries(await Promise.all(G2P_FILES.map(async ({path}) => [path, new Uint8Array(await (await fetch(`/g2p/${path}`)).arrayBuffer())] as const)));
	const g2p = loadG2p(await WebAssembly.compileStreaming(fetch('/g2pwasm/tts_wasm_bg.wasm')), files);
	voice = new Float32Array(await (await fetch(`/web/voices/${voiceId}.bin`)).arrayBuffer());
	const out = [];
	chunks = [];
	for (const {text, lang} of texts) {
		const started = performance.now();
		const prepared = g2p.prepare(text, lang);
		out.push({ms: performance.now() - started, phonemes: prepared.map(chunk => chunk.phonemes).join(' ')});
		chunks.push(prepared);
	}

	return out;
}

/** Loads a runtime; returns the ms from nothing to a session ready to run. */
async function load(runtime: Runtime, threads: number | undefined): Promise<number> {
	const started = performance.now();
	engines.set(runtime, await create(runtime, threads));
	return performance.now() - started;
}

async function create(runtime: Runtime, threads: number | undefined): Promise<Engine> {
	switch (runtime) {
		case 'ours': {
			const bytes = new Uint8Array(await (await fetch('/web/model.onnx')).arrayBuffer());
			const model = await KokoroModel.load(bytes, {wasmPaths: `${origin}/ort/`, threads: threads ?? 1});
			return {async synthesize(chunk, style) {
				return (await model.run(chunk.ids, style, 1)).audio.length;
			}};
		}

		case 'transformers': {
			configure(transformers.env, '/ort4/', threads);
			const model = await transformers.StyleTextToSpeech2Model.from_pretrained('kokoro', {dtype: 'q8', device: 'wasm'});
			return {async synthesize(chunk, style) {
				const inputs = {input_ids: new transformers.Tensor('int64', chunk.ids, [1, chunk.ids.length]), style: new transformers.Tensor('float32', style, [1, 256]), speed: new transformers.Tensor('float32', [1], [1])};
				const {waveform} = await model(inputs) as {waveform: {data: Float32Array}};
				return waveform.data.length;
			}};
		}

		case 'kokoro-js': {
			configure(transformers3.env, '/ort3/', threads);
			const model = await transformers3.StyleTextToSpeech2Model.from_pretrained('kokoro', {dtype: 'q8', device: 'wasm'});
			// Its tokenizer is not needed: generate_from_ids takes the ids (and picks the style row itself, from the voice pack it fetches).
			const tts = new KokoroTTS(model as never, null as never);
			return {async synthesize(chunk) {
				const audio = await tts.generate_from_ids(new transformers3.Tensor('int64', chunk.ids, [1, chunk.ids.length]) as never, {voice: 'af_heart'});
				return audio.audio.length;
			}};
		}
	}
}

/** Models from this page's /hf/ folder (Hugging Face's layout), ONNX Runtime's wasm from the copy each Transformers.js was built with. */
type Env = Pick<typeof transformers.env, 'allowLocalModels' | 'remoteHost' | 'remotePathTemplate' | 'useBrowserCache' | 'backends'>;

function configure(env: Env, ortPath: string, threads: number | undefined): void {
	env.allowLocalModels = false;
	env.remoteHost = `${origin}/hf/`;
	env.remotePathTemplate = '{model}/';
	env.useBrowserCache = false;
	const wasm = env.backends.onnx.wasm!;
	wasm.wasmPaths = `${origin}${ortPath}`;
	if (threads !== undefined) {
		wasm.numThreads = threads;
	}
}

/** Synthesizes text `index` once; returns ms and seconds of audio. */
async function run(runtime: Runtime, index: number): Promise<{ms: number; audioS: number}> {
	const engine = engines.get(runtime)!;
	const started = performance.now();
	let samples = 0;
	for (const chunk of chunks[index]!) {
		const style = voice.subarray(chunk.styleRow * 256, (chunk.styleRow + 1) * 256);
		samples += await engine.synthesize(chunk, style);
	}

	return {ms: performance.now() - started, audioS: samples / 24_000};
}

Object.assign(window, {bench: {prepare, load, run, isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency}});
