/**
The inference worker: weights (IndexedDB, else downloaded and checked), the project's own G2P
compiled to wasm, and the Kokoro model on onnxruntime-web. Text in, samples and word times out,
the same phonemes, ids, style rows and word timing as the server (one Rust implementation).
*/
import type {EngineConfig, FromWorker, LoadTimings, ToWorker, WorkerWord} from '@tts-client/engines/kokoroProtocol';
import {loadG2p, type G2p, type G2pLang} from '../../g2p';
import {g2pFiles} from './g2pData';
import {KokoroModel} from './model';
import {codePointToUtf16} from './text';
import {ensureWeights} from './weights';

const sampleRate = 24_000;

type Engine = {baseUrl: string; g2p: G2p; model: KokoroModel; voices: Map<string, Float32Array>; detail: string; timings: LoadTimings};

let engine: Promise<Engine> | undefined;
const cancelled = new Set<number>();
/** Sentences run one after another: the player asks for two ahead, and they would only share the same threads. */
let queue: Promise<unknown> = Promise.resolve();

const post = (message: FromWorker, transfer: Transferable[] = []) => {
	self.postMessage(message, {transfer});
};

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
	const message = event.data;
	switch (message.type) {
		case 'load': {
			load(message.config).then(
				({detail, timings}) => post({type: 'loaded', detail, timings}),
				(error: unknown) => post({type: 'load-failed', error: errorText(error)}),
			);
			break;
		}

		case 'synthesize': {
			const done = queue.then(async () => synthesize(message));
			queue = done.catch(() => undefined);
			done.then(
				clip => post(clip, [clip.samples.buffer]),
				(error: unknown) => post({type: 'failed', id: message.id, error: errorText(error)}),
			).finally(() => cancelled.delete(message.id));
			break;
		}

		case 'cancel': {
			cancelled.add(message.id);
			break;
		}
	}
});

function load(config: EngineConfig): Promise<Engine> {
	const current = engine;
	engine = (async () => {
		const previous = await current?.catch(() => undefined);
		const same = previous?.baseUrl === config.baseUrl ? previous : undefined;
		if (same && config.voices.every(voice => same.voices.has(voice))) {
			return same;
		}

		// Only what is missing is fetched: a voice added since keeps the model and G2P already loaded.
		const t0 = performance.now();
		const weights = await ensureWeights({baseUrl: config.baseUrl, voices: config.voices, onProgress: progress => post({type: 'progress', progress})});
		const t1 = performance.now();
		const g2p = previous?.g2p ?? await loadG2pData();
		const t2 = performance.now();
		const threads = crossOriginIsolated ? Math.max(1, navigator.hardwareConcurrency || 1) : 1;
		if (previous && !same) {
			await previous.model.release();
		}

		const model = same?.model ?? await KokoroModel.load(weights.model, {wasmPaths: new URL('/ort/', self.location.href).href, threads});
		const t3 = performance.now();
		const words = model.hasDurations ? 'word timings' : 'no word timings (this model has no durations output)';
		return {
			baseUrl: config.baseUrl,
			g2p,
			model,
			voices: new Map([...same?.voices ?? [], ...weights.voices]),
			timings: {weightsMs: t1 - t0, g2pMs: t2 - t1, sessionMs: t3 - t2, threads, isolated: crossOriginIsolated},
			detail: `${weights.source === 'export' ? 'exported' : 'Hugging Face'} model, ${threads} thread${threads === 1 ? '' : 's'}, ${words}`,
		};
	})();
	return engine;
}

async function loadG2pData(): Promise<G2p> {
	const [wasm, files] = await Promise.all([
		WebAssembly.compileStreaming(fetch(new URL('/g2p/tts_wasm_bg.wasm', self.location.href))),
		g2pFiles(path => new URL(`/g2p/${path}`, self.location.href).href),
	]);
	return loadG2p(wasm, files);
}

async function synthesize(request: Extract<ToWorker, {type: 'synthesize'}>): Promise<Extract<FromWorker, {type: 'clip'}>> {
	const {g2p, model, voices} = await load(request.config);
	const pack = voices.get(request.voice);
	if (!pack) {
		throw new Error(`voice ${request.voice} is not loaded`);
	}

	const started = performance.now();
	const chunks = g2p.prepare(request.text, langOfVoice(request.voice));
	const pieces: Float32Array[] = [];
	const words: WorkerWord[] = [];
	const toUtf16 = codePointToUtf16(request.text);
	let offset = 0;
	for (const chunk of chunks) {
		if (cancelled.has(request.id)) {
			throw new Error('cancelled');
		}

		const style = pack.subarray(chunk.styleRow * 256, (chunk.styleRow + 1) * 256);
		// eslint-disable-next-line no-await-in-loop -- one model call at a time: they share the worker's threads.
		const {audio, durations} = await model.run(chunk.ids, style, request.speed);
		if (durations) {
			for (const word of chunk.wordTimes(Float32Array.from(durations), offset)) {
				words.push({start: word.start, end: word.end, charStart: toUtf16(word.char_start), charEnd: toUtf16(word.char_end)});
			}
		}

		pieces.push(audio);
		offset += audio.length;
	}

	const samples = new Float32Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
	let at = 0;
	for (const piece of pieces) {
		samples.set(piece, at);
		at += piece.length;
	}

	return {type: 'clip', id: request.id, samples, sampleRate, words, inferenceMs: performance.now() - started};
}

/** As the server: a voice's first letter names its language (`a` American, `b` British English, `z` Mandarin); Han inside is read as Mandarin whatever the voice. */
function langOfVoice(voice: string): G2pLang {
	return voice.startsWith('z') ? 'zh' : (voice.startsWith('b') ? 'en-gb' : 'en-us');
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
