/**
Sentences spoken by tts-server: `POST /synthesize` with word timestamps, through the page
library's `ServerEngine`, so the extension and tts-client share one implementation of the HTTP
contract, error mapping and WAV decoding.
*/
import {ServerDiscovery} from '@tts-client/core/discovery';
import {ServerEngine} from '@tts-client/engines/server';
import type {Synthesizer} from './clip';

/** One sentence rarely takes more than a few seconds; a server that stays silent this long is treated as gone. */
const requestTimeoutMs = 20_000;

export function serverSynthesizer(serverUrl: string): Synthesizer {
	const fetchFn = (input: string, init?: RequestInit) => fetch(input, init);
	// The player does not route (the background does); this discovery only exists because the engine reports failures to one.
	const discovery = new ServerDiscovery({serverUrl, probeTimeoutMs: requestTimeoutMs, reprobeMs: 0, permissionPromptTimeoutMs: requestTimeoutMs, fetch: fetchFn, now: () => performance.now(), emit() {}});
	const engine = new ServerEngine(discovery, {serverUrl, fetch: fetchFn, requestTimeoutMs});
	return async ({sentence, voice, speed, signal}) => {
		const result = await engine.synthesize(sentence.text, {voice, speed, words: true}, {signal, userGesture: false});
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
