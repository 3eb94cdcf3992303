import type {KokoroEvent} from '../engines/kokoroProtocol.js';
import type {EngineAttempt, EngineName} from './result.js';

/**
State of Chrome's Local Network Access permission for reaching the server.
- `unsupported`: the browser has no such permission (older Chrome, Firefox, Safari), or none is needed because the page itself is on loopback.
*/
export type LocalNetworkAccessState = 'granted' | 'denied' | 'prompt' | 'unsupported';

export type LocalNetworkAccessDetail = {
	state: LocalNetworkAccessState;
	/** The permission name that answered (`loopback-network` in Chrome 145+, `local-network-access` in 142-144). */
	permission: string | undefined;
	/**
	What the client did about it:
	- `probing`: asked the server; with state `prompt` the browser is now showing its prompt.
	- `deferred`: state is `prompt` and the call did not follow a user gesture, so the server was not probed; another engine was used. Call again from a click to let the browser ask.
	- `blocked`: state is `denied`; the server engine is skipped until the user changes it in site settings.
	- `changed`: the user changed the permission (state is the new one).
	*/
	action: 'probing' | 'deferred' | 'blocked' | 'changed';
};

export type EngineChangeDetail = {
	engine: EngineName | null;
	previous: EngineName | null;
	/** Engines ahead of `engine` in the order that were skipped or failed on this call, with reasons. */
	skipped: readonly EngineAttempt[];
};

export type ProbeDetail = {
	url: string;
	ok: boolean;
	/** Wall time of the probe in ms. */
	ms: number;
	/** Why it is not usable, when `ok` is false. */
	reason?: string;
	/** The parsed /health body, when there was one. */
	health?: HealthInfo;
};

/** What GET /health answers. Only `status: "ok"` means the server can speak. */
export type HealthInfo = {
	status: string;
	version?: string;
	voices?: number;
	[key: string]: unknown;
};

/** Events emitted by the object `createTTS` returns, by type; the value is `CustomEvent.detail`. */
export type TtsEventMap = {
	/** The engine in use changed (including to null when none can run). */
	enginechange: EngineChangeDetail;
	/** Sound started: first audio buffer scheduled, or the utterance began. */
	start: {engine: EngineName; text: string};
	/** Sound ended, naturally or because it was stopped. */
	end: {engine: EngineName; text: string; stopped: boolean};
	/** A `speak()` or `synthesize()` call failed; the same error rejects the call. */
	error: {error: Error};
	/** Local Network Access permission state and what the client did about it. */
	localnetworkaccess: LocalNetworkAccessDetail;
	/** A /health probe finished. */
	probe: ProbeDetail;
	/** In-page Kokoro's loading: `progress` (bytes of the one-time weights download), `loaded` (ready; `detail` says which model and threads), `load-failed` (`error`). */
	kokoro: KokoroEvent;
};

export type TtsEventType = keyof TtsEventMap;
