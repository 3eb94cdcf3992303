import {TtsError} from './TtsError.js';

/**
The engine runs, but cannot do what was asked: the Web Speech API speaks but never hands out samples, so it cannot serve `synthesize()`. Recorded as a skip reason, like `EngineUnavailableError`.
*/
export class EngineCapabilityError extends TtsError {
	readonly capability: 'synthesize' | 'speak';

	constructor(engine: string, capability: 'synthesize' | 'speak', reason: string) {
		super(`${engine} cannot ${capability}: ${reason}`, {engine});
		this.name = 'EngineCapabilityError';
		this.capability = capability;
	}
}
