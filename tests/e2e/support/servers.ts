/**
The real processes the e2e tests talk to: tts-server (the real model), a recording proxy in front
of it (so a test sees which sentences were asked for, in order, and can make "the server" vanish
by killing the real one), and a static server for the saved pages.
*/
import {type ChildProcess, spawn} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {createServer, request as httpRequest, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {extname, join, resolve} from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
export const serverBinary = process.env.TTS_SERVER_BIN ?? join(root, 'server/target/release/tts-server');

export type TtsServer = {port: number; process: ChildProcess; stop(): Promise<void>};

export async function startTtsServer(port: number): Promise<TtsServer> {
	const child = spawn(serverBinary, ['serve', '--port', String(port)], {stdio: ['ignore', 'ignore', 'pipe']});
	let log = '';
	child.stderr!.on('data', (chunk: Buffer) => {
		log += chunk.toString();
	});
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(`tts-server exited (${child.exitCode}): ${log.slice(-2000)}`);
		}

		try {
			const response = await fetch(`http://127.0.0.1:${port}/health`);
			const health = await response.json() as {status: string};
			if (health.status === 'ok') {
				break;
			}
		} catch {
			// Not listening yet.
		}

		await new Promise(resolve => setTimeout(resolve, 200));
	}

	return {
		port,
		process: child,
		async stop() {
			if (child.exitCode === null) {
				const exited = new Promise(resolve => child.once('exit', resolve));
				child.kill('SIGKILL');
				await exited;
			}
		},
	};
}

/** A /synthesize request body as the recorder saw it. */
export type SynthesizeBody = {text: string; voice?: string; speed?: number; timestamps?: boolean};
export type Recorder = {url: string; port: number; texts: string[]; bodies: SynthesizeBody[]; close(): Promise<void>};

/** Forwards everything to 127.0.0.1:`target` and records each /synthesize call (its `text`, and its whole body). A dead target gives a refused connection, like a dead server. */
export async function startRecorder(target: number): Promise<Recorder> {
	const texts: string[] = [];
	const bodies: SynthesizeBody[] = [];
	const server = createServer((incoming, outgoing) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => {
			const body = Buffer.concat(chunks);
			if (incoming.url === '/synthesize') {
				try {
					const parsed = JSON.parse(body.toString()) as SynthesizeBody;
					texts.push(parsed.text);
					bodies.push(parsed);
				} catch {
					texts.push('<unparsable>');
				}
			}

			const upstream = httpRequest({host: '127.0.0.1', port: target, method: incoming.method, path: incoming.url, headers: {...incoming.headers, host: `127.0.0.1:${target}`}}, response => {
				outgoing.writeHead(response.statusCode ?? 502, response.headers);
				response.pipe(outgoing);
			});
			// The real server gone: drop the connection, as a dead server's port would.
			upstream.on('error', () => {
				outgoing.socket?.destroy();
			});
			// A client that gives up (the player skipping ahead) closes its connection to the server too.
			outgoing.on('close', () => {
				if (!outgoing.writableFinished) {
					upstream.destroy();
				}
			});
			upstream.end(body);
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {url: `http://127.0.0.1:${port}`, port, texts, bodies, close: () => closeServer(server)};
}

const types: Record<string, string> = {'.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml'};

/** Serves `dir` on localhost, as a web site would serve the saved pages. */
export async function startPages(dir: string): Promise<{url: string; close(): Promise<void>}> {
	const server = createServer(async (incoming, outgoing) => {
		const path = resolve(dir, `.${decodeURIComponent(new URL(incoming.url ?? '/', 'http://x').pathname)}`);
		if (!path.startsWith(resolve(dir))) {
			outgoing.writeHead(403).end();
			return;
		}

		try {
			const body = await readFile(path);
			outgoing.writeHead(200, {'content-type': types[extname(path)] ?? 'application/octet-stream'}).end(body);
		} catch {
			outgoing.writeHead(404).end('not found');
		}
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {url: `http://127.0.0.1:${port}`, close: () => closeServer(server)};
}

async function closeServer(server: Server): Promise<void> {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
}
