/**
A start-up timeline for the benchmark: named moments on the wall clock (`performance.timeOrigin`
plus `performance.now()`, comparable across the background, the offscreen document and the
worker), sent with the worker's `loaded` report. One module instance per context.
*/
export const marks: Record<string, number> = {};
(globalThis as {kokoroMarks?: Record<string, number>}).kokoroMarks = marks;

export function mark(name: string): void {
	marks[name] ??= performance.timeOrigin + performance.now();
}
