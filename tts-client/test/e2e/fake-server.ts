/**
PLUMBING ONLY: a stand-in for tts-server that follows the HTTP contract the client relies on (see ../../README.md, "Server contract"), so the browser tests can run before the real server exists. It speaks no words: every answer is a sine tone. Tests that pass against it prove the client's discovery, CORS use, streaming and fallback plumbing, not speech quality.

Run it by hand: `node --import tsx test/e2e/fake-server.ts [port]`.
*/
import {readFile} from 'node:fs/promises';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const sampleRate = 24_000;
const distFile = join(dirname(fileURLToPath(import.meta.url)), '../../dist/tts-client.js');

function tone(seconds: number, frequency = 440): Int16Array {
	const samples = new Int16Array(Math.round(seconds * sampleRate));
	for (let index = 0; index < samples.length; index++) {
		samples[index] = Math.round(0.3 * 32_767 * Math.sin(2 * Math.PI * frequency * index / sampleRate));
	}

	return samples;
}

function wav(samples: Int16Array): Buffer {
	const header = Buffer.alloc(44);
	header.write('RIFF', 0);
	header.writeUInt32LE(36 + (samples.byteLength), 4);
	header.write('WAVE', 8);
	header.write('fmt ', 12);
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(1, 22);
	header.writeUInt32LE(sampleRate, 24);
	header.writeUInt32LE(sampleRate * 2, 28);
	header.writeUInt16LE(2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36);
	header.writeUInt32LE(samples.byteLength, 40);
	return Buffer.concat([header, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)]);
}

/** The default CORS allowlist of the contract (any port on localhost or 127.0.0.1), plus configured origins. */
function allowedOrigin(origin: string | undefined, extra: readonly string[]): boolean {
	return origin !== undefined && (/^http:\/\/(?:localhost|127\.0\.0\.1)(?::\d+)?$/.test(origin) || extra.includes(origin));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) {
		chunks.push(chunk as Buffer);
	}

	return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
	response.writeHead(status, {'content-type': 'application/json'});
	response.end(JSON.stringify({error: {code, message}}));
}

export type FakeServerStats = {requests: string[]; preflights: Array<{origin?: string; privateNetwork: boolean}>};

export class FakeTtsServer {
	readonly port: number;
	readonly stats: FakeServerStats = {requests: [], preflights: []};
	/** Origins allowed besides localhost/127.0.0.1, like the real server's configured ones. */
	readonly allowOrigins: string[];
	#server: Server | undefined;

	constructor(port: number, options: {allowOrigins?: string[]} = {}) {
		this.port = port;
		this.allowOrigins = options.allowOrigins ?? [];
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async start(): Promise<void> {
		const server = createServer((request, response) => {
			this.#handle(request, response).catch((error: unknown) => {
				sendError(response, 500, 'internal', String(error));
			});
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.port, '127.0.0.1', resolve);
		});
		this.#server = server;
	}

	/** Like killing the process: the port closes and open (keep-alive or streaming) connections are cut. */
	async stop(): Promise<void> {
		const server = this.#server;
		this.#server = undefined;
		if (!server) {
			return;
		}

		server.closeAllConnections();
		await new Promise<void>(resolve => {
			server.close(() => {
				resolve();
			});
		});
	}

	async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const origin = request.headers.origin;
		const path = new URL(request.url ?? '/', this.url).pathname;
		this.stats.requests.push(`${request.method} ${path} from ${origin ?? '-'}`);
		if (allowedOrigin(origin, this.allowOrigins)) {
			response.setHeader('access-control-allow-origin', origin!);
			response.setHeader('vary', 'Origin');
		}

		if (request.method === 'OPTIONS') {
			const privateNetwork = request.headers['access-control-request-private-network'] === 'true';
			this.stats.preflights.push({origin, privateNetwork});
			if (!allowedOrigin(origin, this.allowOrigins)) {
				response.writeHead(403).end();
				return;
			}

			response.writeHead(204, {
				'access-control-allow-methods': 'GET, POST, OPTIONS',
				'access-control-allow-headers': 'content-type',
				'access-control-max-age': '600',
				...(privateNetwork ? {'access-control-allow-private-network': 'true'} : {}),
			});
			response.end();
			return;
		}

		if (request.method === 'GET' && path === '/health') {
			response.writeHead(200, {'content-type': 'application/json', 'cache-control': 'no-store'});
			response.end(JSON.stringify({status: 'ok', version: 'fake-0', voices: 2, fake: true}));
			return;
		}

		if (request.method === 'GET' && path === '/v1/audio/voices') {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify({voices: [{id: 'af_heart', language: 'en-us', gender: 'female'}, {id: 'zf_xiaobei', language: 'zh', gender: 'female'}]}));
			return;
		}

		if (request.method === 'GET' && path === '/client/tts-client.js') {
			response.writeHead(200, {'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache'});
			response.end(await readFile(distFile));
			return;
		}

		if (request.method === 'POST' && path === '/synthesize') {
			const body = await readJson(request);
			if (typeof body.text !== 'string' || body.text.trim() === '') {
				sendError(response, 400, 'empty_text', 'text must be a non-empty string');
				return;
			}

			const audio = wav(tone(0.5));
			if (body.timestamps === true) {
				response.writeHead(200, {'content-type': 'application/json'});
				response.end(JSON.stringify({sample_rate: sampleRate, audio: audio.toString('base64'), words: [{word: body.text, start: 0, end: 0.5, char_start: 0, char_end: body.text.length}]}));
				return;
			}

			response.writeHead(200, {'content-type': 'audio/wav'});
			response.end(audio);
			return;
		}

		if (request.method === 'POST' && path === '/v1/audio/speech') {
			const body = await readJson(request);
			if (typeof body.input !== 'string' || body.input.trim() === '') {
				sendError(response, 400, 'empty_text', 'input must be a non-empty string');
				return;
			}

			// Four 250 ms chunks, 60 ms apart, like sentences computed one after another.
			response.writeHead(200, {'content-type': 'audio/pcm', 'x-sample-rate': String(sampleRate)});
			const samples = tone(1);
			const chunk = samples.length / 4;
			for (let index = 0; index < 4; index++) {
				const part = samples.subarray(index * chunk, (index + 1) * chunk);
				response.write(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
				// eslint-disable-next-line no-await-in-loop
				await new Promise(resolve => {
					setTimeout(resolve, 60);
				});
			}

			response.end();
			return;
		}

		sendError(response, 404, 'not_found', `no route ${request.method} ${path}`);
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const server = new FakeTtsServer(Number(process.argv[2] ?? 9527));
	await server.start();
	console.log(`fake tts-server (plumbing only) on ${server.url}`);
}
