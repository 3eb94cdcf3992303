/**
Sentences spoken by tts-server: `POST /synthesize` with word timestamps, through the page
library's `ServerEngine`, so the extension and tts-client share one implementation of the HTTP
contract, error mapping and WAV decoding.
*/
import {ServerDiscovery} from '@tts-client/core/discovery';
import {ServerEngine} from '@tts-client/engines/server';
import {ServerError} from '@tts-client/errors/ServerError';
import {probeTimeoutMs} from '../route/discovery';
import {BusyError, type Synthesizer} from './clip';

/**
A server silent this long is treated as gone. Whole-sentence synthesis takes time in proportion to
the text (about 35 ms per character at real-time factor 0.5 here), and several times that on a
loaded machine: a fixed 20 s gave up on a 45-word sentence while other builds ran.
*/
const requestTimeoutMs = (text: string) => 15_000 + (150 * text.length);

export function serverSynthesizer(serverUrl: string): Synthesizer {
	const fetchFn = (input: string, init?: RequestInit) => fetch(input, init);
	// The player does not route (the background does); this discovery only exists because the engine reports failures to one.
	const discovery = new ServerDiscovery({serverUrl, probeTimeoutMs: probeTimeoutMs, reprobeMs: 0, permissionPromptTimeoutMs: probeTimeoutMs, fetch: fetchFn, now: () => performance.now(), emit() {}});
	const engine = new ServerEngine(discovery, {serverUrl, fetch: fetchFn, requestTimeoutMs});
	return async ({sentence, voice, speed, continues, signal}) => {
		const result = await engine.synthesize(sentence.text, {voice, speed, words: true, continues}, {signal, userGesture: false}).catch((error: unknown) => {
			throw error instanceof ServerError && error.isBusy ? new BusyError(error.message, {cause: error, retryAfterMs: error.retryAfterMs}) : error;
		});
		if (result.audio.length === 0) {
			throw new Error('the server answered an empty clip');
		}

		return {
			samples: result.audio,
			sampleRate: result.sampleRate,
			words: (result.words ?? []).map(word => ({start: word.start, end: word.end, charStart: word.charStart, charEnd: word.charEnd})),
		};
	};
}
