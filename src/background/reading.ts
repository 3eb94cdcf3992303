/**
The background's verbs: start reading a tab, follow the player's reports, and answer the
control messages. Stateless between events: the current job and status are read from
`storage.session` each time, so a stopped and restarted service worker carries on.
*/
import {browser} from 'wxt/browser';
import type {BackendId, Control, Extraction, FromPlayer, Job, ReadSource, Status} from '../messaging/protocol';
import {serverDiscovery} from '../route/discovery';
import {backendNames, chooseBackend} from '../route/router';
import {loadSettings, voicesInUse} from '../settings/schema';
import {showBadge} from './badge';
import {checksFor} from './checks';
import {askForDownload, likelyInBrowser} from './consent';
import {onEngineEvent} from './engineState';
import type {PlayerHost} from './playerHost';
import {restrictedByError, restrictedReason} from './restricted';
import {idleStatus, readingItem} from './session';
import {askContent, tellContent} from './tabs';
import {mark, marks} from '../synth/kokoro/marks';

export class Reader {
	readonly #host: PlayerHost;

	constructor(host: PlayerHost) {
		this.#host = host;
	}

	async read(source: ReadSource, tabId?: number): Promise<Status> {
		for (const key of Object.keys(marks)) delete marks[key];
		mark('bg.read');
		const tab = tabId === undefined ? (await browser.tabs.query({active: true, lastFocusedWindow: true}))[0] : await browser.tabs.get(tabId);
		if (!tab?.id) {
			return this.#fail(undefined, 'No tab to read.');
		}

		const restricted = restrictedReason(tab.url);
		if (restricted) {
			return this.#fail(tab.id, restricted);
		}

		await this.stop();
		// The player's document starts while the page is extracted and the server probed.
		const playerReady = this.#host.ensure().then(() => mark('bg.player-ready'));
		playerReady.catch(() => undefined);
		const settings = await loadSettings();
		if (await likelyInBrowser(settings)) {
			// Kokoro in the browser takes a second or two to load even from the cache: start it now, not after routing.
			void playerReady.then(async () => this.#host.send({channel: 'player', type: 'prepare-browser', modelBaseUrl: settings.modelBaseUrl, voices: voicesInUse(settings.voices)})).catch(() => undefined);
		}

		const jobId = crypto.randomUUID();
		let extraction: Extraction;
		try {
			extraction = await askContent<Extraction>(tab.id, {channel: 'content', type: 'extract', source, jobId});
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			return this.#fail(tab.id, restrictedByError(detail) ?? `This page cannot be read (${detail}). Browser pages, the add-on store and the PDF viewer are closed to extensions.`);
		}

		if (!extraction.ok) {
			return this.#fail(tab.id, extraction.message);
		}

		const decision = await chooseBackend(settings.backend, checksFor(settings));
		await askForDownload(settings, decision.backend);
		if (!decision.backend) {
			return this.#fail(tab.id, decision.reason);
		}

		mark('bg.play');
		const job: Job = {id: jobId, tabId: tab.id, sentences: extraction.sentences, index: 0, backend: decision.backend, voices: settings.voices, speed: settings.speed, serverUrl: settings.serverUrl, modelBaseUrl: settings.modelBaseUrl};
		return this.#play(job, decision.reason);
	}

	async control(message: Exclude<Control, {type: 'read' | 'status' | 'backend-info' | 'preview' | 'download-voices'}>): Promise<Status> {
		const reading = await readingItem.getValue();
		const job = reading?.job;
		switch (message.type) {
			case 'toggle': {
				if (!job || reading.status.state === 'idle') {
					return this.read('auto');
				}

				if (reading.status.state === 'error') {
					// Try again from the sentence that failed, with whatever backend answers now.
					return this.#resume(job, reading.status.sentence?.index ?? 0);
				}

				if (!await this.#host.alive()) {
					// Chrome closed the offscreen document (30 s without sound while paused): start again where it was.
					return this.#resume(job, reading.status.sentence?.index ?? 0);
				}

				return await this.#host.send({channel: 'player', type: 'toggle'}) as Status;
			}

			case 'stop': {
				return this.stop();
			}

			case 'next':
			case 'previous': {
				if (!job || reading.status.state === 'idle' || !await this.#host.alive()) {
					return reading?.status ?? idleStatus;
				}

				return await this.#host.send({channel: 'player', type: 'seek', delta: message.type === 'next' ? 1 : -1}) as Status;
			}
		}
	}

	async status(): Promise<Status & {reason?: string}> {
		const reading = await readingItem.getValue();
		// After a failure the background's message (what failed, what was tried, what to do) says more than the player's.
		if (reading?.job && reading.status.state !== 'error' && await this.#host.alive()) {
			const live = await this.#host.send({channel: 'player', type: 'status'}) as Status;
			if (live.state === 'error') {
				// The player's failure reaches the background as `backend-failed`, which then picks the next
				// engine or writes the fuller message; until it has, the reading is between voices, not failed.
				const {error: _raw, ...between} = live;
				return {...between, state: 'loading', reason: reading.reason};
			}

			return {...live, reason: reading.reason};
		}

		if (reading?.job && (reading.status.state === 'playing' || reading.status.state === 'loading')) {
			// The player's document is gone (closed by the browser): nothing sounds, and play resumes from the stored sentence.
			return {...reading.status, state: 'paused', reason: reading.reason};
		}

		return reading ? {...reading.status, reason: reading.reason} : idleStatus;
	}

	async stop(): Promise<Status> {
		const reading = await readingItem.getValue();
		if (await this.#host.alive()) {
			await this.#host.send({channel: 'player', type: 'stop'});
		}

		if (reading?.job) {
			tellContent(reading.job.tabId, {channel: 'content', type: 'clear'});
		}

		await readingItem.setValue(null);
		await showBadge(idleStatus);
		return idleStatus;
	}

	/** Reports from the player: persist, badge, highlight; and move to the next backend when one fails. */
	async onPlayerEvent(message: FromPlayer): Promise<void> {
		if (message.type === 'word') {
			tellContent(message.tabId, {channel: 'content', type: 'highlight', jobId: message.jobId, index: message.index, word: {start: message.start, end: message.end}});
			return;
		}

		if (message.type === 'progress') {
			const reading = await readingItem.getValue();
			// A player's failure is reported again as `backend-failed`, from which the background writes the fuller message.
			if (!reading?.job || reading.job.id !== message.jobId || message.status.state === 'error') {
				return;
			}

			const before = reading.status;
			await readingItem.setValue({...reading, status: message.status});
			await showBadge(message.status);
			const {sentence, state} = message.status;
			const moved = sentence !== null && sentence.index !== before.sentence?.index;
			const sounds = state === 'playing' && before.state !== 'playing';
			if (state === 'idle') {
				tellContent(message.tabId, {channel: 'content', type: 'clear', jobId: message.jobId});
			} else if (sentence && (moved || sounds)) {
				tellContent(message.tabId, {channel: 'content', type: 'highlight', jobId: message.jobId, index: sentence.index, follow: state === 'playing'});
			}

			return;
		}

		if (message.type === 'backend-failed') {
			await this.#fallBack(message.jobId, message.backend, message.index, message.reason);
			return;
		}

		if (message.type === 'engine') {
			await onEngineEvent(message.event);
		}
	}

	async #fallBack(jobId: string, failed: BackendId, index: number, reason: string): Promise<void> {
		const reading = await readingItem.getValue();
		const job = reading?.job;
		if (!job || job.id !== jobId) {
			return;
		}

		const settings = await loadSettings();
		if (failed === 'server') {
			serverDiscovery(job.serverUrl).markDown(reason);
		}

		const decision = await chooseBackend(settings.backend, checksFor(settings), [failed]);
		await askForDownload(settings, decision.backend);
		if (!decision.backend) {
			await this.#fail(job.tabId, `${backendNames[failed]} stopped working (${reason}). ${decision.reason}. Press play to try again.`, job, index);
			return;
		}

		tellContent(job.tabId, {channel: 'content', type: 'notice', kind: 'info', text: `${backendNames[failed]} stopped working; continuing with ${backendNames[decision.backend]}.`});
		await this.#play({...job, backend: decision.backend, index}, decision.reason);
	}

	async #resume(job: Job, index: number): Promise<Status> {
		const settings = await loadSettings();
		const decision = await chooseBackend(settings.backend, checksFor(settings));
		if (!decision.backend) {
			return this.#fail(job.tabId, decision.reason, job, index);
		}

		return this.#play({...job, index, backend: decision.backend, speed: settings.speed, voices: settings.voices, modelBaseUrl: settings.modelBaseUrl}, decision.reason);
	}

	async #play(job: Job, reason: string): Promise<Status> {
		const status: Status = {state: 'loading', backend: job.backend, sentence: {index: job.index, count: job.sentences.length, text: job.sentences[job.index]?.text ?? ''}, played_s: 0};
		await readingItem.setValue({job, status, reason});
		await showBadge(status);
		tellContent(job.tabId, {channel: 'content', type: 'highlight', jobId: job.id, index: job.index});
		await this.#host.send({channel: 'player', type: 'play', job});
		return {...status, reason};
	}

	/** Every failure ends here: a message in the page (when there is one), the badge, and `status.error`. */
	async #fail(tabId: number | undefined, message: string, job?: Job, index = 0): Promise<Status> {
		const status: Status = {state: 'error', backend: null, sentence: job ? {index, count: job.sentences.length, text: job.sentences[index]?.text ?? ''} : null, played_s: 0, error: message};
		// Kept even without a job (nothing selected, restricted page), so `status` can tell what went wrong.
		await readingItem.setValue({job: job ? {...job, index} : null, status, reason: message});
		await showBadge(status);
		if (tabId !== undefined) {
			tellContent(tabId, {channel: 'content', type: 'notice', kind: 'error', text: message});
		}

		return status;
	}
}

