/**
The typed messages between the extension's contexts, one union per channel, named by direction.

- `Control`: UI → background (context menu, toolbar, shortcuts, options page, tests). The shapes are
  a public interface (DESIGN.md): `read`, `toggle`, `stop`, `next`, `previous`, `status`.
- `ToContent` / `FromContent`: background ↔ the content script of the tab being read.
- `ToPlayer` / `FromPlayer`: background ↔ the player (offscreen document in Chrome, background
  page in Firefox).

Every message carries `channel` so each listener can ignore what is not meant for it: in Chrome
`runtime.sendMessage` reaches every extension page, not just the intended one.
*/
import type {Lang} from '../segment/sentences';
import type {EngineEvent} from '../synth/kokoro/client';

export type BackendId = 'server' | 'browser' | 'system';
/** What to read: the selection, the article, the article from the right-click point, or the selection if any else the article (toolbar). */
export type ReadSource = 'selection' | 'page' | 'here' | 'auto';
export type PlayerState = 'idle' | 'loading' | 'playing' | 'paused' | 'error';

/** What `{type: 'status'}` answers (DESIGN.md interface). */
export type Status = {
	state: PlayerState;
	backend: BackendId | null;
	sentence: {index: number; count: number; text: string} | null;
	played_s: number;
	error?: string;
	/** Why this backend speaks (the options page's line). */
	reason?: string;
	/** Silence the player added at recent joins between clips, in ms (benchmarks read it). */
	joins_ms?: number[];
};

// ---- UI → background ----
export type Control =
	| {channel?: 'control'; type: 'read'; source: 'selection' | 'page' | 'here'; tabId?: number}
	| {channel?: 'control'; type: 'toggle'}
	| {channel?: 'control'; type: 'stop'}
	| {channel?: 'control'; type: 'next'}
	| {channel?: 'control'; type: 'previous'}
	| {channel?: 'control'; type: 'status'}
	| {channel?: 'control'; type: 'backend-info'}
	| {channel?: 'control'; type: 'preview'; voice: string; lang: Lang}
	/** The options page's "Download Kokoro voices": fetch and load them now, so the next reading can use them. */
	| {channel?: 'control'; type: 'download-voices'};

/** Answer to `backend-info`: what auto would pick now, and why. */
export type BackendInfo = {backend: BackendId | null; reason: string; server: {url: string; up: boolean; version?: string; voices?: number}};

// ---- background ↔ content script ----
export type ToContent =
	| {channel: 'content'; type: 'extract'; source: ReadSource; jobId: string}
	/** `follow`: scroll the sentence into view. Sent once it sounds: a scroll animation while the first audio is being made takes CPU from the synthesis (about 0.4 CPU-seconds on a news page). */
	| {channel: 'content'; type: 'highlight'; jobId: string; index: number; follow?: boolean; word?: {start: number; end: number}}
	| {channel: 'content'; type: 'clear'; jobId?: string}
	| {channel: 'content'; type: 'notice'; text: string; kind: 'info' | 'error'};

/** One sentence as the player needs it; DOM ranges stay in the content script. */
export type JobSentence = {text: string; lang: Lang};

export type Extraction =
	| {ok: true; sentences: JobSentence[]; title: string}
	| {ok: false; error: 'nothing-selected' | 'no-text'; message: string};

// ---- background ↔ player ----
export type Job = {
	id: string;
	tabId: number;
	sentences: JobSentence[];
	/** Where to start (or resume). */
	index: number;
	backend: BackendId;
	voices: Record<Lang, string>;
	speed: number;
	serverUrl: string;
	/** Where Kokoro in the browser takes its weights from (`settings.modelBaseUrl`). */
	modelBaseUrl: string;
};

export type ToPlayer =
	| {channel: 'player'; type: 'play'; job: Job}
	| {channel: 'player'; type: 'toggle'}
	| {channel: 'player'; type: 'pause'}
	| {channel: 'player'; type: 'stop'}
	| {channel: 'player'; type: 'seek'; delta: 1 | -1}
	| {channel: 'player'; type: 'speed'; speed: number}
	| {channel: 'player'; type: 'status'}
	| {channel: 'player'; type: 'preview'; text: string; voice: string; lang: Lang; backend: BackendId; serverUrl: string; modelBaseUrl: string; speed: number}
	/** Download (if needed) and load Kokoro in the browser now, without reading: the user's "download" from the options page or a notice. */
	| {channel: 'player'; type: 'prepare-browser'; modelBaseUrl: string; voices: string[]}
	/** A word event of a system voice, relayed from `chrome.tts` in the background. */
	| {channel: 'player'; type: 'system-word'; start: number; end: number};

export type FromPlayer =
	| {channel: 'background'; type: 'progress'; jobId: string; tabId: number; status: Status}
	| {channel: 'background'; type: 'word'; jobId: string; tabId: number; index: number; start: number; end: number}
	| {channel: 'background'; type: 'backend-failed'; jobId: string; tabId: number; backend: BackendId; index: number; reason: string}
	| {channel: 'background'; type: 'system-speak'; text: string; lang: Lang; rate: number}
	| {channel: 'background'; type: 'system-control'; action: 'pause' | 'resume' | 'stop'}
	/** Kokoro in the browser: download progress, loaded, or why it could not load. */
	| {channel: 'background'; type: 'engine'; event: EngineEvent};

/** Answer to `system-speak`. */
export type SystemSpoken = {ended: boolean} | {error: string};
