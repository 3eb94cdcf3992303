/**
The Kokoro ONNX model on onnxruntime-web's WebAssembly backend, inside the inference worker.

Input and output names are read from the session, as the server does, so both public exports
work: kokoro-onnx's (`tokens` → `audio`, plus `durations` in the timestamped model that
`tts-server export-web-assets` writes) and onnx-community's (`input_ids` → `waveform`).
*/
import * as ort from 'onnxruntime-web/wasm';

export type ModelOptions = {
	/** Folder URL holding `ort-wasm-simd-threaded.{mjs,wasm}` (the extension's own copy: MV3 forbids remote code). */
	wasmPaths: string;
	/** Inference threads; more than 1 needs a cross-origin-isolated context (SharedArrayBuffer). */
	threads: number;
};

export type ModelOutput = {
	audio: Float32Array;
	/** Frames (600 samples at 24 kHz) per input token, pads included; absent when the model has no `durations` output. */
	durations?: number[];
};

/**
The smallest model (one Identity node, 68 bytes, written with the onnx Python package): creating a
session from it makes ONNX Runtime compile its 15 MB wasm and start its threads, about a second on
a small machine, which can then overlap reading the real model from IndexedDB.
*/
const warmUpModel = Uint8Array.from(atob('CAg6OgoQCgF4EgF5IghJZGVudGl0eRIEd2FybVoPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEA0='), char => char.charCodeAt(0));

function configure(options: ModelOptions): void {
	ort.env.wasm.wasmPaths = options.wasmPaths;
	ort.env.wasm.numThreads = options.threads;
	// The worker already keeps inference off every thread that plays or answers messages.
	ort.env.wasm.proxy = false;
}

/** Starts ONNX Runtime (wasm compile, thread pool) before the model's bytes are at hand. */
export async function warmUpRuntime(options: ModelOptions): Promise<void> {
	configure(options);
	const session = await ort.InferenceSession.create(warmUpModel, {executionProviders: ['wasm']});
	await session.release();
}

export class KokoroModel {
	readonly #session: ort.InferenceSession;
	readonly #names: {tokens: string; style: string; speed: string; audio: string; durations?: string};
	readonly #speedType: 'float32' | 'int32';

	private constructor(session: ort.InferenceSession) {
		this.#session = session;
		const pick = (names: readonly string[], wanted: string[], what: string) => {
			const name = wanted.find(candidate => names.includes(candidate));
			if (!name) {
				throw new Error(`the model has no ${what} (it has ${names.join(', ')}): not a Kokoro v1.0 export`);
			}

			return name;
		};

		const {inputNames, outputNames} = session;
		this.#names = {
			tokens: pick(inputNames, ['tokens', 'input_ids'], 'token input'),
			style: pick(inputNames, ['style'], 'style input'),
			speed: pick(inputNames, ['speed'], 'speed input'),
			audio: pick(outputNames, ['audio', 'waveform'], 'audio output'),
			...(outputNames.includes('durations') ? {durations: 'durations'} : {}),
		};
		// Some exports take the speed as int32; sending float32 there fails the run.
		const speedMeta = session.inputMetadata.find(meta => meta.name === this.#names.speed);
		this.#speedType = speedMeta?.isTensor && speedMeta.type === 'int32' ? 'int32' : 'float32';
	}

	static async load(bytes: Uint8Array, options: ModelOptions): Promise<KokoroModel> {
		configure(options);
		const session = await ort.InferenceSession.create(bytes, {
			executionProviders: ['wasm'],
			// The graph passes change nothing here: with 'all' the audio and word durations are bit for bit
			// those of 'disabled', and a run takes the same CPU time, but creating the session took
			// 0.4 s more CPU (1.5-1.7 s against 1.1-1.2 s, onnxruntime-web 1.31 in node, one thread;
			// BENCHMARKS.md). A cached start pays that before its first sentence.
			graphOptimizationLevel: 'disabled',
			// Every sentence has a different length: memory patterns planned for one shape only waste memory on the next.
			enableMemPattern: false,
		});
		return new KokoroModel(session);
	}

	get hasDurations(): boolean {
		return this.#names.durations !== undefined;
	}

	/** @param ids Token ids framed by the pad 0s (the G2P's `prepare`). */
	async run(ids: BigInt64Array, style: Float32Array, speed: number): Promise<ModelOutput> {
		const tokens = new ort.Tensor('int64', ids, [1, ids.length]);
		const feeds: Record<string, ort.Tensor> = {
			[this.#names.tokens]: tokens,
			[this.#names.style]: new ort.Tensor('float32', style, [1, style.length]),
			[this.#names.speed]: this.#speedType === 'int32'
				? new ort.Tensor('int32', Int32Array.of(Math.round(speed)), [1])
				: new ort.Tensor('float32', Float32Array.of(speed), [1]),
		};
		const outputs = await this.#session.run(feeds);
		try {
			const audio = outputs[this.#names.audio]!.data as Float32Array;
			const durationsName = this.#names.durations;
			const durations = durationsName ? Array.from(outputs[durationsName]!.data as BigInt64Array, Number) : undefined;
			// Copied out: the tensors' buffers belong to the runtime and are released below.
			return {audio: audio.slice(), ...(durations ? {durations} : {})};
		} finally {
			for (const tensor of Object.values(outputs)) {
				tensor.dispose();
			}
		}
	}

	async release(): Promise<void> {
		await this.#session.release();
	}
}
