/**
A real HTTP file server for the weights tests (node:http on 127.0.0.1), with the faults the
download must survive: Range ignored, a connection cut mid-body, corrupted bytes, and Hugging
Face's redirect with `X-Linked-ETag`. Every request is logged with the bytes it was sent.
*/
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';

export interface Served {
	method: string;
	path: string;
	/** First byte sent (0 without a Range header, or when Range is ignored). */
	start: number;
	status: number;
	/** Body bytes written before the response ended or was cut. */
	sent: number;
}

export interface FileServer {
	url: string;
	log: Served[];
	/** false: answer every GET with 200 and the whole file, as a server without Range support does. */
	ranges: boolean;
	/** path → body bytes after which the next response for it is cut (once). */
	cutAfter: Map<string, number>;
	/** path → the first response for it that starts at byte `from` or later is cut after `after` bytes (once). */
	cutAfterFrom: Map<string, {from: number; after: number}>;
	/** path → body bytes after which the next response for it stops sending but stays open (once). */
	stallAfter: Map<string, number>;
	/** paths whose next request gets no answer at all, not even headers (once). */
	hang: Set<string>;
	/** path → how many more downloads of it (responses that include byte 0) get a flipped byte. */
	corrupt: Map<string, number>;
	/** path → Hugging Face's answer for an LFS file: a 302 to `to` with the linked sha256 and size. */
	linked: Map<string, {to: string; sha256?: string; bytes: number}>;
	/** path → an HTTP status to answer with instead, for the next `times` requests. */
	fail: Map<string, {status: number; times: number}>;
	/** Extra routes answered with JSON (the Hub API). */
	json: Map<string, unknown>;
	close(): Promise<void>;
}

export async function serveFolder(root: string): Promise<FileServer> {
	const cache = new Map<string, Buffer>();
	const read = (path: string) => {
		if (!cache.has(path)) cache.set(path, readFileSync(join(root, path)));
		return cache.get(path)!;
	};
	const state: Omit<FileServer, 'url' | 'close'> = {log: [], ranges: true, cutAfter: new Map(), cutAfterFrom: new Map(), stallAfter: new Map(), hang: new Set(), corrupt: new Map(), linked: new Map(), fail: new Map(), json: new Map()};
	const server = createServer((req, res) => answer(req, res, state, read));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return Object.assign(state, {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	});
}

function answer(req: IncomingMessage, res: ServerResponse, state: Omit<FileServer, 'url' | 'close'>, read: (path: string) => Buffer) {
	const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1);
	const entry: Served = {method: req.method ?? 'GET', path, start: 0, status: 200, sent: 0};
	state.log.push(entry);
	if (state.hang.delete(path)) return;
	const fail = state.fail.get(path);
	if (fail && fail.times > 0) {
		fail.times--;
		entry.status = fail.status;
		res.writeHead(fail.status).end('failing on purpose');
		return;
	}
	const linked = state.linked.get(path);
	if (linked) {
		entry.status = 302;
		const headers: Record<string, string> = {location: `/${linked.to}`, 'x-linked-size': String(linked.bytes)};
		if (linked.sha256) headers['x-linked-etag'] = `"${linked.sha256}"`;
		res.writeHead(302, headers).end();
		return;
	}
	if (state.json.has(path)) {
		res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(state.json.get(path)));
		return;
	}
	let file: Buffer;
	try {
		file = read(path);
	} catch {
		entry.status = 404;
		res.writeHead(404).end('not found');
		return;
	}
	const range = state.ranges ? /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '') : null;
	let start = 0;
	let end = file.length - 1;
	if (range) {
		start = Number(range[1]);
		end = Math.min(range[2] ? Number(range[2]) : end, file.length - 1);
		entry.status = 206;
		res.writeHead(206, {'content-range': `bytes ${start}-${end}/${file.length}`, 'content-length': end - start + 1, 'accept-ranges': 'bytes'});
	} else {
		res.writeHead(200, {'content-length': file.length});
	}
	entry.start = start;
	let body = file.subarray(start, end + 1);
	const corrupt = state.corrupt.get(path) ?? 0;
	if (corrupt > 0 && start === 0) {
		state.corrupt.set(path, corrupt - 1);
		body = Buffer.from(body);
		body[0]! ^= 0xff;
	}
	if (req.method === 'HEAD') return void res.end();
	const cutFrom = state.cutAfterFrom.get(path);
	if (cutFrom && start >= cutFrom.from && !state.cutAfter.has(path)) {
		state.cutAfterFrom.delete(path);
		state.cutAfter.set(path, cutFrom.after);
	}
	const cut = state.cutAfter.get(path);
	if (cut !== undefined && cut < body.length) {
		state.cutAfter.delete(path);
		entry.sent = cut;
		// The bytes reach the socket first, then the connection is closed mid-body. A FIN, not a reset:
		// a reset can make the client's kernel drop bytes it has received but not yet read, and then
		// what the client got before the cut would depend on timing.
		res.write(body.subarray(0, cut), () => res.socket?.end());
		return;
	}
	const stall = state.stallAfter.get(path);
	if (stall !== undefined && stall < body.length) {
		state.stallAfter.delete(path);
		entry.sent = stall;
		res.write(body.subarray(0, stall));
		return;
	}
	entry.sent = body.length;
	res.end(body);
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Requests for weight files (the manifest and API calls excluded). */
export const weightRequests = (log: Served[]) => log.filter((entry) => entry.path.endsWith('.onnx') || entry.path.endsWith('.bin'));

/** Small chunks, so a 300 kB file takes several ranges; retries without real waiting. */
