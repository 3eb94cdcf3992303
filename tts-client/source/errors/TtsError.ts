/**
Base class of every error this library throws, so callers can tell our failures from their own with one `instanceof` (or `isTtsError`).

`cause` is kept (ES2022 error cause) so the original `TypeError` from `fetch`, or a `SpeechSynthesisErrorEvent` code, is never lost behind our message.
*/
export class TtsError extends Error {
	/** The engine the error belongs to, when there is one. */
	readonly engine: string | undefined;

	constructor(message: string, options: {cause?: unknown; engine?: string} = {}) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		this.name = 'TtsError';
		this.engine = options.engine;
	}
}
