import {EngineUnavailableError} from '../errors/EngineUnavailableError.js';
import type {SynthesisResult} from '../types/result.js';
import type {Availability, Engine} from './Engine.js';

/**
Placeholder for Kokoro running in the page (onnxruntime-web, WebGPU or WASM), which a later release adds behind this same id.

It never pretends to speak: it reports why it cannot run, and the client records that as the skip reason and moves on to the next engine.
*/
export class BrowserKokoroEngine implements Engine {
	readonly id = 'browser-kokoro';
	readonly #modelBaseUrl: string | undefined;

	constructor(options: {modelBaseUrl: string | undefined}) {
		this.#modelBaseUrl = options.modelBaseUrl;
	}

	async available(): Promise<Availability> {
		return {ok: false, reason: this.#reason()};
	}

	/** Declared so the client sees the capability the real engine will have; never reached, since `available()` says no. */
	async synthesize(): Promise<SynthesisResult> {
		throw new EngineUnavailableError(this.id, this.#reason());
	}

	#reason(): string {
		return this.#modelBaseUrl === undefined
			? 'no modelBaseUrl configured'
			: `in-browser Kokoro is not implemented in this build (modelBaseUrl ${this.#modelBaseUrl} is ignored)`;
	}
}
