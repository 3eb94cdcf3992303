/**
Errors of the weights module. Each message is meant to be shown to a user as it is: it names the
file or URL and what to do, never only a code.
*/

/** Base class: every failure of `ensureWeights` other than an abort is a `WeightsError`. */
export class WeightsError extends Error {
	override name = 'WeightsError';
}

/** A file's bytes did not hash to the sha256 its manifest gives, twice in a row. */
export class CorruptWeightsError extends WeightsError {
	override name = 'CorruptWeightsError';
	constructor(
		readonly url: string,
		readonly actual: string,
		readonly expected: string,
		what: string,
	) {
		super(`the ${what} from ${url} is corrupt (sha256 ${actual}, expected ${expected}); it was downloaded twice, so the server's copy is probably damaged`);
	}
}

/** No sha256 is known for a file, so it cannot be checked; we refuse rather than trust it. */
export class UnknownChecksumError extends WeightsError {
	override name = 'UnknownChecksumError';
	constructor(
		readonly url: string,
		why: string,
	) {
		super(`no sha256 is known for ${url}, so it cannot be checked: ${why}. Serve the folder written by \`tts-server export-web-assets\` (its manifest.json lists every checksum)`);
	}
}

/** The server answered with an HTTP error, or the connection failed more often than we retry. */
export class WeightsHttpError extends WeightsError {
	override name = 'WeightsHttpError';
	constructor(
		readonly url: string,
		readonly status: number | undefined,
		detail: string,
		options?: {cause?: unknown},
	) {
		super(`cannot download ${url}: ${detail}`, options);
	}
}
