import {TtsError} from './TtsError.js';

/** An engine cannot run here (server not found, no voices, not configured). It is recorded as a skip reason; it reaches the caller inside a `NoEngineError`. */
export class EngineUnavailableError extends TtsError {
	readonly reason: string;

	constructor(engine: string, reason: string, options: {cause?: unknown} = {}) {
		super(`${engine} is not available: ${reason}`, {engine, cause: options.cause});
		this.name = 'EngineUnavailableError';
		this.reason = reason;
	}
}
