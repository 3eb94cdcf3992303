/**
The seam for Kokoro in the browser (issue 11: Transformers.js / onnxruntime-web in a worker of
the offscreen document, weights in IndexedDB, the Rust G2P compiled to wasm). Until it exists it
says so, and the router moves on to the next backend; it never pretends to speak.
*/
import type {Check} from '../route/router';

export async function browserEngineCheck(): Promise<Check> {
	return {ok: false, reason: 'Kokoro in the browser is not available in this version'};
}
