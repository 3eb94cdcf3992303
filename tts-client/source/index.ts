/**
tts-client: local-first text-to-speech for web pages.

Layout:
- `core/Tts.ts`: `createTTS` and the `TTS` object (engine order, fallback, events, stop).
- `core/discovery.ts`: finds tts-server (`GET /health`), caches the answer, re-probes, honours Local Network Access.
- `engines/`: `server` (HTTP, streaming playback), `browser-kokoro` (Kokoro in a worker the page hosts, through `kokoroWorker` and the message types in `kokoroProtocol`, which the extension shares), `web-speech` (`speechSynthesis`), behind the `Engine` type.
- `errors/`: `TtsError` and its subclasses, one per file.
- `types/`: options (with defaults), results, events.
- `utils/`: single-purpose helpers (WAV/PCM decoding, Web Audio player, requests with timeouts, language and voice choice).
*/
export {createTTS, TTS} from './core/Tts.js';

export {TtsError} from './errors/TtsError.js';
export {ServerError} from './errors/ServerError.js';
export {NetworkError} from './errors/NetworkError.js';
export {TimeoutError} from './errors/TimeoutError.js';
export {NoEngineError} from './errors/NoEngineError.js';
export {EngineUnavailableError} from './errors/EngineUnavailableError.js';
export {EngineCapabilityError} from './errors/EngineCapabilityError.js';
export {NoVoiceError} from './errors/NoVoiceError.js';
export {WebSpeechError} from './errors/WebSpeechError.js';
export {PlaybackError} from './errors/PlaybackError.js';
export {AudioFormatError} from './errors/AudioFormatError.js';
export {AbortedError} from './errors/AbortedError.js';
export {KokoroWorkerError} from './errors/KokoroWorkerError.js';
export {isTtsError, isServerError, isNoEngineError} from './utils/type-guards.js';
export {decodeWav, encodeWav} from './utils/wav.js';

export type {
	TtsOptions,
	SynthesizeOptions,
	SpeakOptions,
	FetchLike,
	AudioContextLike,
	KokoroOptions,
} from './types/options.js';
export type {KokoroWorkerLike} from './engines/kokoroWorker.js';
export type {KokoroEvent, WeightsProgress, LoadTimings} from './engines/kokoroProtocol.js';
export type {
	EngineId,
	EngineName,
	SynthesisResult,
	SpeakResult,
	WordTiming,
	EngineAttempt,
} from './types/result.js';
export type {
	TtsEventMap,
	TtsEventType,
	EngineChangeDetail,
	LocalNetworkAccessDetail,
	LocalNetworkAccessState,
	ProbeDetail,
	HealthInfo,
} from './types/events.js';
export type {
	Engine,
	Availability,
	EngineContext,
	SpeakContext,
	ResolvedOptions,
} from './engines/Engine.js';
export type {StreamPlayer} from './utils/player.js';
