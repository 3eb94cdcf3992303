import type {Engine} from '../engines/Engine.js';
import type {KokoroWorkerLike} from '../engines/kokoroWorker.js';
import type {EngineId} from './result.js';

/** A `fetch`-compatible function. Only what the client uses is required, so test doubles stay small. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The part of `AudioContext` the player uses; pass your own context (or a test double) through `audioContext`. */
export type AudioContextLike = Pick<BaseAudioContext, 'currentTime' | 'state' | 'createBuffer' | 'createBufferSource' | 'destination'> & {
	resume(): Promise<void>;
};

/** Where the in-page Kokoro worker comes from and what it loads. */
export type KokoroOptions = {
	/**
	Starts the inference worker. Called on the first call that reaches `browser-kokoro` (or `preload()`), and again if the worker died. It must be a module worker running the built `kokoro-worker.js`, whose origin also serves `/assets/`, `/ort/` and `/g2p/`.

	@example
	```
	() => new Worker('/kokoro/kokoro-worker.js', {type: 'module'})
	```
	*/
	worker: () => KokoroWorkerLike;

	/**
	Folder URL of the weights (model and voice packs), resolved against the page: `tts-server export-web-assets DIR` output served by your site (word timings included), or a Hugging Face folder in onnx-community's layout (served with CORS; no word timings). Fetched once, then read from IndexedDB.

	@default 'https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main'
	*/
	modelBaseUrl?: string;

	/**
	Voice packs to fetch when the model loads (about 0.5 MB each). A call naming another voice fetches that one too, once.

	@default [defaultVoice]
	*/
	voices?: string[];
};

export type TtsOptions = {
	/**
	Where tts-server listens. Use `127.0.0.1` rather than `localhost`: it needs no name lookup, cannot resolve to `::1` when the server only bound IPv4, and is what Chrome's Local Network Access and Safari treat best.

	@default 'http://127.0.0.1:9527'
	*/
	serverUrl?: string;

	/**
	Engines to try, best first. An engine that cannot run is skipped and its reason recorded (see `NoEngineError.attempts` and the `enginechange` event). Custom engines implementing `Engine` may be mixed in.

	@default ['server', 'browser-kokoro', 'web-speech']
	@example
	```
	// Never fall back to the robotic system voice:
	createTTS({engines: ['server', 'browser-kokoro']});
	```
	*/
	engines?: ReadonlyArray<EngineId | Engine>;

	/**
	How long the `GET /health` probe may take. A local server answers in a few ms; a missing one is refused at once, so this only bounds odd cases (a firewall dropping packets).

	@default 300
	*/
	probeTimeoutMs?: number;

	/**
	After the server was found missing or failed mid-call, calls use the next engine and the server is probed again at most this often. When a probe succeeds, calls return to the server.

	@default 5000
	*/
	reprobeMs?: number;

	/**
	How long a synthesis request may wait for the response headers, and then for each next chunk of a streamed body, before the server is considered stuck and the call falls back.

	@default 15000
	*/
	requestTimeoutMs?: number;

	/**
	How long a probe may wait while the browser shows its Local Network Access prompt (the user is reading it). Only used when the permission state is `prompt` and the call followed a user gesture.

	@default 30000
	*/
	permissionPromptTimeoutMs?: number;

	/**
	How to run Kokoro in the page (the `browser-kokoro` engine). Without it that engine is skipped with the reason "no Kokoro worker configured": this library cannot start the worker by itself, because the worker (onnxruntime-web, the G2P, the weights cache) is a separate file your site hosts. See the README's "Kokoro in the page".

	@default undefined
	@example
	```
	createTTS({
		kokoro: {
			worker: () => new Worker('/kokoro/kokoro-worker.js', {type: 'module'}),
			modelBaseUrl: '/kokoro/weights',
		},
	});
	```
	*/
	kokoro?: KokoroOptions;

	/**
	Voice used when a call does not name one (Kokoro voice id).

	@default 'af_heart'
	*/
	defaultVoice?: string;

	/**
	How long the Web Speech engine waits for the browser to list its voices (Chrome fills the list asynchronously). When the list is still empty after that, the engine is skipped instead of waiting forever.

	@default 1000
	*/
	voicesTimeoutMs?: number;

	/**
	The `fetch` to use. Defaults to the global one, looked up at call time.

	@default globalThis.fetch
	*/
	fetch?: FetchLike;

	/**
	The audio context `speak()` plays through. By default one is created on the first `speak()` (ideally from a click, so the autoplay policy lets it run) and reused.

	@default new AudioContext()
	*/
	audioContext?: AudioContextLike;

	/**
	Milliseconds clock used for probe caching and re-probe timing. Injectable for tests.

	@default performance.now
	*/
	now?: () => number;
};

export type SynthesizeOptions = {
	/** Kokoro voice id, e.g. `af_heart`, `bf_emma`, `zf_xiaobei`. @default options.defaultVoice */
	voice?: string;
	/** 1 is normal; the server accepts 0.5 to 2. @default 1 */
	speed?: number;
	/** Force a language (`en-us`, `en-gb`, `zh`); otherwise it follows the voice, and Han text is always Mandarin. */
	lang?: string;
	/** Ask for word timings (`result.words`). @default false */
	words?: boolean;
	/**
	The text is the first piece of a sentence that your next call goes on with (you cut a long sentence so that sound starts sooner): its last word is not read as the end of an utterance, which the model lengthens and follows with up to a second of silence that also costs synthesis time. @default false
	*/
	continues?: boolean;
	/** Cancels this call only. */
	signal?: AbortSignal;
};

export type SpeakOptions = Omit<SynthesizeOptions, 'words'>;
