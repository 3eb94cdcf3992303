import {AbortedError} from '../errors/AbortedError.js';

/** True for anything an aborted signal makes async APIs throw (DOMException AbortError, our AbortedError). */
export function isAbortError(error: unknown): boolean {
	return error instanceof AbortedError || (typeof error === 'object' && error !== null && (error as {name?: unknown}).name === 'AbortError');
}

export function throwIfAborted(signal: AbortSignal): void {
	if (signal.aborted) {
		throw new AbortedError();
	}
}

/**
Settles with `promise`, or rejects with `AbortedError` as soon as `signal` aborts. Used around work we cannot cancel ourselves (a shared probe, `permissions.query`), so `stop()` never waits on it.
*/
export async function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	throwIfAborted(signal);
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => {
			reject(new AbortedError());
		};

		signal.addEventListener('abort', onAbort, {once: true});
	});
	try {
		return await Promise.race([promise, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort!);
	}
}

/** A controller that aborts when any of `signals` does. `AbortSignal.any` would do, but Safari < 17.4 lacks it. */
export function linkedController(...signals: Array<AbortSignal | undefined>): {controller: AbortController; dispose(): void} {
	const controller = new AbortController();
	const cleanups: Array<() => void> = [];
	for (const signal of signals) {
		if (!signal) {
			continue;
		}

		if (signal.aborted) {
			controller.abort(signal.reason);
			break;
		}

		const onAbort = () => {
			controller.abort(signal.reason);
		};

		signal.addEventListener('abort', onAbort, {once: true});
		cleanups.push(() => {
			signal.removeEventListener('abort', onAbort);
		});
	}

	return {
		controller,
		dispose() {
			for (const cleanup of cleanups) {
				cleanup();
			}
		},
	};
}

/** Waits `ms`, or rejects with `AbortedError` as soon as `signal` aborts. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
	throwIfAborted(signal);
	let onAbort: (() => void) | undefined;
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		await new Promise<void>((resolve, reject) => {
			timer = setTimeout(resolve, ms);
			onAbort = () => {
				reject(new AbortedError());
			};

			signal.addEventListener('abort', onAbort, {once: true});
		});
	} finally {
		clearTimeout(timer);
		signal.removeEventListener('abort', onAbort!);
	}
}
