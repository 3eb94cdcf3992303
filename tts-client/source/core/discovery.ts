import type {Availability, EngineContext} from '../engines/Engine.js';
import {TtsError} from '../errors/TtsError.js';
import type {HealthInfo, TtsEventMap} from '../types/events.js';
import type {FetchLike} from '../types/options.js';
import {raceAbort} from '../utils/abort.js';
import {type LnaStatus, type PermissionsLike, queryLocalNetworkAccess} from '../utils/lna.js';
import {request} from '../utils/request.js';
import {pageNeedsLocalNetworkAccess, targetAddressSpace} from '../utils/url.js';

export type DiscoveryOptions = {
	serverUrl: string;
	probeTimeoutMs: number;
	reprobeMs: number;
	permissionPromptTimeoutMs: number;
	fetch: FetchLike;
	now: () => number;
	emit: <K extends keyof TtsEventMap>(type: K, detail: TtsEventMap[K]) => void;
};

/** What is known about the server. `down` is remembered so calls do not pay a probe each, until `reprobeMs` has passed. */
export type ServerState =
	| {kind: 'unknown'}
	| {kind: 'up'; health: HealthInfo; at: number}
	| {kind: 'down'; reason: string; at: number; error?: Error; byPermission?: boolean};

type Globals = {
	navigator?: {permissions?: PermissionsLike};
	location?: {protocol: string; hostname: string};
};

/**
Finds out whether tts-server is usable, cheaply and politely.

- One `GET /health` at a time; concurrent calls share it.
- "up" is trusted until a call fails (`markDown`), "down" until `reprobeMs` has passed, so a page without the server pays one refused connection every few seconds at most, never one per call.
- When the page is on a less private address space than the server (a public site calling 127.0.0.1), Chrome's Local Network Access applies: with the permission at `prompt` the probe waits for a user gesture, because a probe on page load would put a prompt in front of users who did not ask for speech.
*/
export class ServerDiscovery {
	readonly #options: DiscoveryOptions;
	#state: ServerState = {kind: 'unknown'};
	#probing: Promise<Availability> | undefined;
	#lna: Promise<LnaStatus> | undefined;

	constructor(options: DiscoveryOptions) {
		this.#options = options;
	}

	get state(): ServerState {
		return this.#state;
	}

	async check(context: EngineContext): Promise<Availability> {
		const state = this.#state;
		if (state.kind === 'up') {
			return {ok: true};
		}

		if (state.kind === 'down' && this.#options.now() - state.at < this.#options.reprobeMs) {
			return {ok: false, reason: state.reason, error: state.error};
		}

		let timeoutMs = this.#options.probeTimeoutMs;
		const space = targetAddressSpace(this.#options.serverUrl);
		if (space && pageNeedsLocalNetworkAccess(this.#options.serverUrl, (globalThis as Globals).location)) {
			const gate = await raceAbort(this.#permission(space), context.signal);
			const detail = {state: gate.state, permission: gate.permission};
			if (gate.state === 'denied') {
				this.#options.emit('localnetworkaccess', {...detail, action: 'blocked'});
				const reason = `Local Network Access to ${this.#options.serverUrl} is denied for this site (the user can allow it in site settings)`;
				this.#state = {kind: 'down', reason, at: this.#options.now(), byPermission: true};
				return {ok: false, reason};
			}

			if (gate.state === 'prompt' && !context.userGesture) {
				// Not cached as down: the next call from a click should go ahead and let the browser ask.
				this.#options.emit('localnetworkaccess', {...detail, action: 'deferred'});
				return {ok: false, reason: 'Local Network Access permission not asked yet: call from a user gesture (click) to let the browser ask'};
			}

			this.#options.emit('localnetworkaccess', {...detail, action: 'probing'});
			if (gate.state === 'prompt') {
				// The fetch stays pending while the user reads the prompt; the short probe timeout would abort it under their cursor.
				timeoutMs = this.#options.permissionPromptTimeoutMs;
			}
		}

		this.#probing ??= this.#probe(timeoutMs).finally(() => {
			this.#probing = undefined;
		});
		return raceAbort(this.#probing, context.signal);
	}

	/** Forgets what the last probe found, so the next check probes again; a denied Local Network Access permission is kept. */
	refresh(): void {
		if (this.#state.kind === 'up' || (this.#state.kind === 'down' && !this.#state.byPermission)) {
			this.#state = {kind: 'unknown'};
		}
	}

	/** A call to the server failed in a way that says it is gone or broken: use other engines until the next re-probe. */
	markDown(reason: string, error?: Error): void {
		this.#state = {kind: 'down', reason, at: this.#options.now(), error};
	}

	async #probe(timeoutMs: number): Promise<Availability> {
		const url = `${this.#options.serverUrl}/health`;
		const started = this.#options.now();
		let availability: Availability;
		let health: HealthInfo | undefined;
		try {
			const response = await request(this.#options.fetch, url, {method: 'GET', timeoutMs});
			health = await readHealth(response, timeoutMs);
			if (health.status === 'ok') {
				this.#state = {kind: 'up', health, at: this.#options.now()};
				availability = {ok: true};
			} else {
				// "loading": alive but the model is not in memory yet; re-probe later like any other miss.
				const reason = `server at ${this.#options.serverUrl} is not ready (status "${health.status}")`;
				this.markDown(reason);
				availability = {ok: false, reason};
			}
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			const asError = error instanceof Error ? error : new TtsError(reason);
			this.markDown(reason, asError);
			availability = {ok: false, reason, error: asError};
		}

		this.#options.emit('probe', {
			url,
			ok: availability.ok,
			ms: this.#options.now() - started,
			...(availability.ok ? {} : {reason: availability.reason}),
			...(health ? {health} : {}),
		});
		return availability;
	}

	async #permission(space: 'loopback' | 'local'): Promise<LnaStatus> {
		this.#lna ??= queryLocalNetworkAccess((globalThis as Globals).navigator?.permissions, space).then(status => {
			// The status object is live; listen once so a grant in site settings (or in the prompt) takes effect without waiting for reprobeMs.
			status.status?.addEventListener?.('change', () => {
				const state = status.status!.state;
				if (state === 'granted' || state === 'denied' || state === 'prompt') {
					this.#options.emit('localnetworkaccess', {state, permission: status.permission, action: 'changed'});
					if (state === 'granted' && this.#state.kind === 'down' && this.#state.byPermission) {
						this.#state = {kind: 'unknown'};
					}
				}
			});
			return status;
		});
		const status = await this.#lna;
		// Read the live state each time rather than the one at query time.
		const live = status.status?.state;
		return live === 'granted' || live === 'denied' || live === 'prompt' ? {...status, state: live} : status;
	}
}

async function readHealth(response: Response, timeoutMs: number): Promise<HealthInfo> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		const body: unknown = await Promise.race([
			response.json().catch(() => {
				throw new TtsError('GET /health did not answer JSON: is another program using the port?');
			}),
			new Promise<never>((_resolve, reject) => {
				timer = setTimeout(() => {
					reject(new TtsError(`GET /health body did not arrive within ${timeoutMs} ms`));
				}, timeoutMs);
			}),
		]);
		if (typeof body !== 'object' || body === null || typeof (body as {status?: unknown}).status !== 'string') {
			throw new TtsError('GET /health did not answer {"status": ...}: is another program using the port?');
		}

		return body as HealthInfo;
	} finally {
		clearTimeout(timer);
	}
}
