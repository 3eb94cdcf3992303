/**
The inference worker: the project's own G2P compiled to wasm here, and the Kokoro model on
onnxruntime-web with its weights (IndexedDB, else downloaded and checked) in a model worker of its
own (`modelWorker.ts`, started from here). Text in, samples and word times out,
the same phonemes, ids, style rows and word timing as the server (one Rust implementation).
*/
import type {EngineConfig, FromWorker, LoadTimings, ToWorker, WorkerWord} from '@tts-client/engines/kokoroProtocol';
import {loadG2p, type G2p, type G2pLang} from '../../g2p';
import {g2pFiles} from './g2pData';
import {ModelClient} from './modelClient';
import {codePointToUtf16} from './text';
import {mark, marks} from './marks';

marks['worker.origin'] = performance.timeOrigin;
mark('worker.evaluated');

const han = /\p{Script=Han}/u;

type Engine = {baseUrl: string; g2p: G2p; voices: Map<string, Float32Array>; detail: string; timings: LoadTimings};

let engine: Promise<Engine> | undefined;
let g2pState: Promise<{g2p: G2p; ms: number}> | undefined;
const model = new ModelClient(progress => {
	post({type: 'progress', progress});
});
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
			mark('worker.load-message');
			// Reported by load() itself, whichever message started it.
			load(message.config).catch(() => undefined);
			break;
		}

		case 'synthesize': {
			mark('worker.synthesize-message');
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

/**
The engine for `config`, with a G2P that reads `needs` too. The G2P holds only the languages asked
for (American English always, the English voices' dialects, Mandarin once a sentence has Han):
each language's data takes ~0.2–0.3 s of parsing and tens of MB of memory, and an English page
has no use for Mandarin's. A language added later does not wait for the model.
*/
function load(config: EngineConfig, needs: readonly G2pLang[] = []): Promise<Engine> {
	const english = config.voices.map(langOfVoice).filter(lang => lang !== 'zh');
	const g2pLoaded = g2pWith([...new Set<G2pLang>(['en-us', ...english, ...needs])]);
	const current = engine;
	engine = (async () => {
		const previous = await current?.catch(() => undefined);
		const same = previous?.baseUrl === config.baseUrl ? previous : undefined;
		if (same && config.voices.every(voice => same.voices.has(voice))) {
			return {...same, g2p: (await g2pLoaded).g2p};
		}

		// Cold start, in overlap on two threads: the model worker reads the weights and creates the
		// session while this one parses the G2P's data (synchronously); its fetch was asked for just
		// before, and the model's load message goes out before that fetch is answered, so the parse
		// holds nothing of it back.
		const modelLoaded = model.load({baseUrl: config.baseUrl, voices: config.voices});
		modelLoaded.catch(() => undefined);
		const {g2p, ms: g2pMs} = await g2pLoaded;
		const ready = await modelLoaded;
		const {threads} = ready;
		const words = ready.hasDurations ? 'word timings' : 'no word timings (this model has no durations output)';
		const loaded = {
			baseUrl: config.baseUrl,
			g2p,
			voices: new Map([...same?.voices ?? [], ...ready.voices]),
			timings: {weightsMs: ready.weightsMs, g2pMs, sessionMs: ready.sessionMs, threads, isolated: crossOriginIsolated, marks: {...marks, ...ready.marks}},
			detail: `${ready.source === 'export' ? 'exported' : 'Hugging Face'} model, ${threads} thread${threads === 1 ? '' : 's'}, ${words}`,
		};
		post({type: 'loaded', detail: loaded.detail, timings: loaded.timings});
		return loaded;
	})();
	engine.catch((error: unknown) => {
		post({type: 'load-failed', error: errorText(error)});
	});
	return engine;
}

/** The G2P with at least `languages`: the one loaded if it has them, else a new one with its languages and these. */
function g2pWith(languages: readonly G2pLang[]): Promise<{g2p: G2p; ms: number}> {
	const current = g2pState;
	g2pState = (async () => {
		const previous = await current?.catch(() => undefined);
		if (previous && languages.every(lang => previous.g2p.languages.includes(lang))) {
			return previous;
		}

		const {wasm, files} = await fetchG2p([...new Set([...previous?.g2p.languages ?? [], ...languages])]);
		mark('g2p.fetched');
		const parsing = performance.now();
		const g2p = loadG2p(wasm, files);
		const ms = performance.now() - parsing;
		mark('g2p.parsed');
		// Its memory goes back to the wasm heap once whoever took it has used it: every user calls it
		// synchronously after its await, which has run by the next task.
		setTimeout(() => previous?.g2p.free(), 0);
		return {g2p, ms};
	})();
	return g2pState;
}

/** The G2P's wasm and the data files of `languages` (each language's files are a few MB, and parsing them takes time and memory). */
async function fetchG2p(languages: readonly G2pLang[]): Promise<{wasm: WebAssembly.Module; files: Record<string, Uint8Array>}> {
	const [wasm, files] = await Promise.all([
		WebAssembly.compileStreaming(fetch(new URL('/g2p/tts_wasm_bg.wasm', self.location.href))),
		g2pFiles(languages, path => new URL(`/g2p/${path}`, self.location.href).href),
	]);
	return {wasm, files};
}

async function synthesize(request: Extract<ToWorker, {type: 'synthesize'}>): Promise<Extract<FromWorker, {type: 'clip'}>> {
	// Han text is read as Mandarin whatever the voice: an English-only G2P learns Mandarin when a page first needs it.
	const needs: G2pLang[] = [langOfVoice(request.voice), ...han.test(request.text) ? ['zh' as const] : []];
	const {g2p, voices, timings} = await load(request.config, needs);
	const pack = voices.get(request.voice);
	if (!pack) {
		throw new Error(`voice ${request.voice} is not loaded`);
	}

	const started = performance.now();
	mark('run.g2p');
	const chunks = g2p.prepare(request.text, langOfVoice(request.voice), {openEnd: request.continues});
	mark('run.model');
	const pieces: Float32Array[] = [];
	const words: WorkerWord[] = [];
	const toUtf16 = codePointToUtf16(request.text);
	let offset = 0;
	for (const chunk of chunks) {
		if (cancelled.has(request.id)) {
			throw new Error('cancelled');
		}

		// A copy of the row: a view would take its whole pack along to the model worker.
		const style = pack.slice(chunk.styleRow * 256, (chunk.styleRow + 1) * 256);
		// eslint-disable-next-line no-await-in-loop -- one model call at a time: they share the worker's threads.
		const {audio, durations} = await model.run(chunk.ids, style, request.speed);
		if (durations) {
			for (const word of chunk.wordTimes(Float32Array.from(durations), offset)) {
				words.push({start: word.start, end: word.end, charStart: toUtf16(word.char_start), charEnd: toUtf16(word.char_end)});
			}
		}

		// The server's 5 ms fades at chunk edges, so joins inside a long sentence never click.
		g2p.fadeEdges(audio);
		pieces.push(audio);
		offset += audio.length;
	}

	const samples = new Float32Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
	let at = 0;
	for (const piece of pieces) {
		samples.set(piece, at);
		at += piece.length;
	}

	const first = !marks['run.end'];
	mark('run.end');
	const clip = {type: 'clip', id: request.id, samples, sampleRate: g2p.sampleRate, words, inferenceMs: performance.now() - started} as const;
	// The benchmark's timeline: the load's marks (the model worker's among them) with the first sentence's.
	return first ? {...clip, marks: {...timings.marks, ...marks}} : clip;
}

/** As the server: a voice's first letter names its language (`a` American, `b` British English, `z` Mandarin); Han inside is read as Mandarin whatever the voice. */
function langOfVoice(voice: string): G2pLang {
	return voice.startsWith('z') ? 'zh' : (voice.startsWith('b') ? 'en-gb' : 'en-us');
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
