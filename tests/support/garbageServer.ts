/**
A real HTTP server (node:http on 127.0.0.1) that passes for tts-server (`GET /health` is fine)
and answers `POST /synthesize` per sentence: good speech (a tone with word timings, in the
server's `timestamps` shape), or one kind of garbage. Every synthesis request is logged.
*/
import {createServer, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {encodeWav} from '../../tts-client/source/utils/wav';

export type Answer =
	/** 200, JSON with a WAV of a tone (0.2 s a word) and word timings. */
	| 'speech'
	/** 200 text/html: another program on the port. */
	| 'html'
	/** 200 with a good JSON body, labelled text/plain. */
	| 'wrong-type'
	/** 200 JSON whose WAV stops halfway through the samples its header promises. */
	| 'truncated-wav'
	/** 200 JSON that is an error, not speech. */
	| 'error-200'
	/** 200 with no body. */
	| 'empty'
	/** Headers and half the body, then the connection is destroyed. */
	| 'cut'
	/** 503 `busy` with this `Retry-After` (seconds) the first `times` requests for the sentence, then speech. */
	| {busy: number; times: number};

export type GarbageServer = {
	url: string;
	/** Every /synthesize request: its text, and when it came (ms, performance.now()). */
	log: Array<{text: string; at: number}>;
	/** What a sentence gets, by its exact text; anything else gets `otherwise`. */
	answers: Map<string, Answer>;
	otherwise: Answer;
	close(): Promise<void>;
};

const sampleRate = 24_000;
const secondsPerWord = 0.2;

export async function startGarbageServer(): Promise<GarbageServer> {
	// Counted per answer object, so a test that sets a new one starts from zero.
	const busyCounts = new WeakMap<object, number>();
	const state: GarbageServer = {url: '', log: [], answers: new Map(), otherwise: 'speech', close: async () => undefined};
	const server = createServer((incoming, outgoing) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => {
			if (incoming.url === '/health') {
				json(outgoing, 200, {status: 'ok', version: '0.0.0-garbage', voices: 54});
				return;
			}

			if (incoming.method !== 'POST' || incoming.url !== '/synthesize') {
				json(outgoing, 404, {error: {code: 'not_found', message: 'no such endpoint'}});
				return;
			}

			const {text} = JSON.parse(Buffer.concat(chunks).toString()) as {text: string};
			state.log.push({text, at: performance.now()});
			let answer = state.answers.get(text) ?? state.otherwise;
			if (typeof answer === 'object') {
				const count = (busyCounts.get(answer) ?? 0) + 1;
				busyCounts.set(answer, count);
				if (count <= answer.times) {
					outgoing.setHeader('retry-after', String(answer.busy));
					json(outgoing, 503, {error: {code: 'busy', message: 'the server is busy; retry later'}});
					return;
				}

				answer = 'speech';
			}

			respond(outgoing, answer, text);
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	state.close = async () => {
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	};

	return state;
}

function respond(outgoing: ServerResponse, answer: Exclude<Answer, object>, text: string): void {
	const speech = speechBody(text);
	switch (answer) {
		case 'speech': {
			json(outgoing, 200, speech.body);
			return;
		}

		case 'html': {
			outgoing.writeHead(200, {'content-type': 'text/html; charset=utf-8'}).end('<!doctype html><title>Router login</title><p>Please log in.</p>');
			return;
		}

		case 'wrong-type': {
			outgoing.writeHead(200, {'content-type': 'text/plain'}).end(JSON.stringify(speech.body));
			return;
		}

		case 'truncated-wav': {
			const half = speech.wav.subarray(0, 44 + Math.floor((speech.wav.length - 44) / 2));
			json(outgoing, 200, {...speech.body, audio: Buffer.from(half).toString('base64')});
			return;
		}

		case 'error-200': {
			json(outgoing, 200, {error: {code: 'internal', message: 'the model could not be run'}});
			return;
		}

		case 'empty': {
			outgoing.writeHead(200, {'content-type': 'application/json', 'content-length': '0'}).end();
			return;
		}

		case 'cut': {
			const body = Buffer.from(JSON.stringify(speech.body));
			outgoing.writeHead(200, {'content-type': 'application/json', 'content-length': String(body.length)});
			outgoing.write(body.subarray(0, body.length >> 1), () => {
				outgoing.socket?.destroy();
			});
		}
	}
}

/** A quiet tone as long as the words take to say, in `/synthesize`'s `timestamps: true` shape. */
function speechBody(text: string): {body: Record<string, unknown>; wav: Uint8Array} {
	const words = [...text.matchAll(/\S+/g)];
	const samples = new Float32Array(Math.max(1, words.length) * secondsPerWord * sampleRate);
	for (let index = 0; index < samples.length; index++) {
		samples[index] = 0.1 * Math.sin(2 * Math.PI * 220 * index / sampleRate);
	}

	const wav = encodeWav(samples, sampleRate);
	return {
		wav,
		body: {
			sample_rate: sampleRate,
			audio: Buffer.from(wav).toString('base64'),
			words: words.map((match, i) => ({word: match[0], start: i * secondsPerWord, end: (i + 1) * secondsPerWord, char_start: match.index, char_end: match.index + match[0].length})),
		},
	};
}

function json(outgoing: ServerResponse, status: number, body: unknown): void {
	outgoing.writeHead(status, {'content-type': 'application/json'}).end(JSON.stringify(body));
}
