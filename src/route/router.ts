/**
Picks the backend for a job. Pure apart from the availability checks it is given, so the
decisions (server up, down, flapping, forced) are tested without a browser.

Auto order: the local server (fastest, word timings), then Kokoro in the browser, then the
system's voices. A forced backend is used or reported, never silently replaced: a user who chose
"local server" wants to know it is not running.
*/
import type {BackendChoice} from '../settings/schema';
import type {BackendId} from '../messaging/protocol';

export type Check = {ok: true; detail: string} | {ok: false; reason: string};
export type Checks = Record<BackendId, () => Promise<Check>>;
export type Decision = {backend: BackendId; reason: string} | {backend: null; reason: string};

export const autoOrder: readonly BackendId[] = ['server', 'browser', 'system'];

export const backendNames: Record<BackendId, string> = {
	server: 'local server',
	browser: 'Kokoro in the browser',
	system: 'system voices',
};

/**
@param exclude Backends that just failed for this job (the server stopping mid-read): skipped even when forced.
*/
export async function chooseBackend(choice: BackendChoice, checks: Checks, exclude: readonly BackendId[] = []): Promise<Decision> {
	const order = choice === 'auto' ? autoOrder : [choice];
	const skipped: string[] = [];
	for (const backend of order) {
		if (exclude.includes(backend)) {
			skipped.push(`${backendNames[backend]} failed`);
			continue;
		}

		// Checked one at a time, in order: a later check (e.g. listing system voices) is not paid when the server answers.
		const check = await checks[backend]();
		if (check.ok) {
			const why = skipped.length > 0 ? `${skipped.join('; ')}: using ${check.detail}` : check.detail;
			return {backend, reason: why};
		}

		skipped.push(check.reason);
	}

	const forced = choice === 'auto' ? '' : ` (backend set to "${backendNames[choice]}" in options)`;
	return {backend: null, reason: `No voice available${forced}: ${skipped.join('; ')}`};
}
