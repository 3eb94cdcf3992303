/** Waiting between attempts: exponential backoff that an `AbortSignal` cuts short. */

/** Delay before retry number `attempt` (1, 2, …): `baseMs`, then doubling. */
export function backoffMs(attempt: number, baseMs: number): number {
	return baseMs * 2 ** (attempt - 1);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason);
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason);
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}
