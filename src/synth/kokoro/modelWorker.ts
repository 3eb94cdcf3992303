/**
The model worker, started by the inference worker: the weights (IndexedDB, else downloaded and
checked) and the Kokoro session on onnxruntime-web. Why a thread of its own: `modelProtocol.ts`.
One session at a time: a load for another `baseUrl` releases the previous one.
*/
import {KokoroModel, warmUpRuntime} from './model';
import {mark, marks} from './marks';
import type {FromModel, ModelLoad, ModelLoaded, ToModel} from './modelProtocol';
import {ensureWeights} from './weights';
import {readOnOwnThread} from './weights/blobReads';

marks['model.origin'] = performance.timeOrigin;
mark('model.evaluated');

/** ONNX Runtime's wasm from the extension's own copy; more than one thread needs cross-origin isolation (SharedArrayBuffer). */
const runtime = {wasmPaths: new URL('/ort/', self.location.href).href, threads: crossOriginIsolated ? Math.max(1, navigator.hardwareConcurrency || 1) : 1};
// This worker exists because a load was asked for: ONNX Runtime compiles its wasm and starts its
// threads now, before the load message is even read, while IndexedDB reads the weights.
mark('warm.start');
const warm = warmUpRuntime(runtime).then(() => mark('warm.end'));
// That start holds this thread, so the stored model is read on another (blobReads.ts): it is at
// hand when the runtime is up, not ~0.1 s after.
const readBlob = readOnOwnThread();
warm.catch(() => undefined);
let current: {baseUrl: string; model: Promise<KokoroModel>} | undefined;

const post = (message: FromModel, transfer: Transferable[] = []) => {
	self.postMessage(message, {transfer});
};

self.addEventListener('message', (event: MessageEvent<ToModel>) => {
	const message = event.data;
	switch (message.type) {
		case 'load': {
			load(message.load).then(
				loaded => post({type: 'loaded', id: message.id, loaded}, [...new Set([...loaded.voices.values()].map(pack => pack.buffer as ArrayBuffer))]),
				(error: unknown) => post({type: 'failed', id: message.id, error: errorText(error)}),
			);
			break;
		}

		case 'run': {
			(async () => {
				const model = await current?.model;
				if (!model) throw new Error('the model is not loaded');
				return model.run(message.ids, message.style, message.speed);
			})().then(
				output => post({type: 'ran', id: message.id, output}, [output.audio.buffer]),
				(error: unknown) => post({type: 'failed', id: message.id, error: errorText(error)}),
			);
			break;
		}
	}
});

async function load({baseUrl, voices}: ModelLoad): Promise<ModelLoaded> {
	const t0 = performance.now();
	mark('weights.start');
	const weights = await ensureWeights({baseUrl, voices, readBlob, onProgress: progress => post({type: 'progress', progress})});
	const t1 = performance.now();
	mark('weights.end');
	if (current?.baseUrl !== baseUrl) {
		const previous = current?.model;
		const next = {baseUrl, model: (async () => {
			await previous?.then(async model => model.release(), () => undefined);
			await warm;
			mark('session.start');
			const model = await KokoroModel.load(weights.model, runtime);
			mark('session.end');
			return model;
		})()};
		// A session that failed is not kept: the next load tries again.
		next.model.catch(() => {
			if (current === next) current = undefined;
		});
		current = next;
	}

	const model = await current.model;
	return {voices: weights.voices, source: weights.source, hasDurations: model.hasDurations, threads: runtime.threads, weightsMs: t1 - t0, sessionMs: performance.now() - t1, marks};
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
