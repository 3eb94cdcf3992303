import type {EngineAttempt} from '../types/result.js';
import {TtsError} from './TtsError.js';

/**
Every engine in `engines` was skipped or failed. `attempts` says why, one entry per engine in order; the message lists them too so a logged error is enough to debug.
*/
export class NoEngineError extends TtsError {
	readonly attempts: readonly EngineAttempt[];

	constructor(action: 'synthesize' | 'speak', attempts: readonly EngineAttempt[]) {
		const reasons = attempts.length === 0 ? 'no engines configured' : attempts.map(attempt => `${attempt.engine}: ${attempt.reason}`).join('; ');
		super(`No engine could ${action}: ${reasons}`, {cause: attempts.at(-1)?.error});
		this.name = 'NoEngineError';
		this.attempts = attempts;
	}
}
