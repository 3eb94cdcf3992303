/** What the e2e tests observe: the extension's `status`, and what the page highlights. */
import type {Page} from 'playwright-core';
import {send} from './browser.ts';

export type Status = {
	state: 'idle' | 'loading' | 'playing' | 'paused' | 'error';
	backend: 'server' | 'browser' | 'system' | null;
	sentence: {index: number; count: number; text: string} | null;
	played_s: number;
	error?: string;
	reason?: string;
	/** Silence added at recent joins (ms), where the player measures it. */
	joins_ms?: number[];
};

/** pages/article.html as the extension reads it: the headline, then each sentence in order. */
export const article = [
	'The lighthouse keeper',
	'The old lighthouse keeper climbed the spiral stairs every evening at dusk.',
	'From the top he could see the fishing boats returning to the harbour.',
	'He had done this for thirty years.',
	'He still loved the quiet moment just before the great lamp came on.',
	'On stormy nights the waves broke against the rocks below.',
	'Ships far out at sea would see the beam sweep across the water.',
	'In the morning he wrote everything down in a thick leather logbook.',
	'Nobody ever read it, but he kept writing.',
];

export async function status(control: Page): Promise<Status> {
	return send<Status>(control, {type: 'status'});
}

/** Polls `check` every `intervalMs` until it returns a value (not undefined/false), or fails with the last status seen. */
export async function waitFor<T>(control: Page, what: string, check: (status: Status) => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000, intervalMs = 100): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: Status | undefined;
	while (Date.now() < deadline) {
		last = await status(control);
		const value = await check(last);
		if (value !== undefined && value !== false) {
			return value;
		}

		await new Promise(resolve => setTimeout(resolve, intervalMs));
	}

	throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(last)}`);
}

/** The text the page highlights as the current sentence (CSS Custom Highlight API registry, shared by all worlds of a document). */
export async function highlighted(page: Page, name: 'sentence' | 'word' = 'sentence'): Promise<string | null> {
	return page.evaluate(name => {
		const highlight = CSS.highlights.get(`kokoro-read-aloud-${name}`);
		const range = highlight ? [...highlight][0] : undefined;
		return range ? (range as Range).toString() : null;
	}, name);
}

/** The notice the content script shows in the page, if any (its shadow root is closed, so read what it announces). */
export async function notices(page: Page): Promise<number> {
	return page.locator('kokoro-read-aloud-notice').count();
}

export const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
"next" and "previous" in a reading under way, `into` ms into whatever plays: ms from each control
message to the sound of the sentence it moves to, per move, `runs` rounds (benchmarks).
*/
export async function timeSeeks(control: Page, moves: ReadonlyArray<readonly ['next' | 'previous', number]>, runs: number, timeoutMs = 30_000): Promise<number[][]> {
	const times = moves.map(() => [] as number[]);
	for (let run = 0; run < runs; run++) {
		for (const [move, [verb, into]] of moves.entries()) {
			await waitFor(control, 'sound', current => current.state === 'playing' && current.played_s > 0 && current, timeoutMs);
			await sleep(into);
			const asked = performance.now();
			const moved = await send<Status>(control, {type: verb});
			const target = moved.sentence!.index;
			const from = moved.played_s;
			// Sound began `played_s - from` before the poll that saw it.
			const heard = await waitFor(control, `sound of sentence ${target + 1}`, current => current.state === 'playing' && current.sentence?.index === target && current.played_s > from && current, timeoutMs, 50);
			times[move]!.push(performance.now() - asked - ((heard.played_s - from) * 1000));
		}
	}

	return times;
}

