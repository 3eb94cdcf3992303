import type {AudioContextLike, SynthesizeOptions} from '../types/options.js';
import type {EngineName, SynthesisResult} from '../types/result.js';
import type {StreamPlayer} from '../utils/player.js';

/** Whether an engine can run now, and if not, why (shown to developers in `NoEngineError`). */
export type Availability = {ok: true} | {ok: false; reason: string; error?: Error};

/** Per-call facts an engine may need. */
export type EngineContext = {
	/** Aborted by `stop()`, a newer `speak()`, or the caller's own signal. */
	signal: AbortSignal;
	/** Whether the call began inside a user gesture (`navigator.userActivation.isActive`), read before any await. */
	userGesture: boolean;
};

export type SpeakContext = EngineContext & {
	/** Creates the Web Audio player for this call (and the shared AudioContext on first use). */
	player(): Promise<StreamPlayer>;
	/** Call once when sound starts; the client turns it into the `start` event. */
	started(): void;
};

/** Options after defaults were applied. */
export type ResolvedOptions = Omit<SynthesizeOptions, 'voice' | 'speed' | 'signal'> & {voice: string; speed: number};

/**
One way of turning text into speech. The client asks engines in order; the first whose `available()` is ok gets the call, and if it throws (other than for a caller mistake or an abort) the next one is tried.

An engine implements `synthesize` (return samples), `speak` (play it itself, e.g. streaming or the Web Speech API), or both. When it has only `synthesize`, `speak()` plays the samples through Web Audio.

@example
```
const silence: Engine = {
	id: 'silence',
	async available() { return {ok: true}; },
	async synthesize() { return {audio: new Float32Array(24000), sampleRate: 24000, engine: 'silence'}; },
};
createTTS({engines: ['server', silence]});
```
*/
export type Engine = {
	readonly id: EngineName;
	/** Cheap and cached where it can be: it runs before every call. Must not throw; report problems as `{ok: false, reason}`. */
	available(context: EngineContext): Promise<Availability>;
	synthesize?(text: string, options: ResolvedOptions, context: EngineContext): Promise<SynthesisResult>;
	speak?(text: string, options: ResolvedOptions, context: SpeakContext): Promise<void>;
};

export type {AudioContextLike};
