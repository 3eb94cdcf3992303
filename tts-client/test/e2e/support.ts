// Shared by the e2e tests: free ports, the page server, and Chromium's launch flags.
import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {createServer, type Server} from 'node:http';
import {type AddressInfo} from 'node:net';
import {dirname, extname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	await new Promise(resolve => {
		server.close(resolve);
	});
	return port;
}

/** Serves test/e2e/page.html at / and the built bundle at /dist/, on 127.0.0.1 and a free port. */
export async function servePage(): Promise<{server: Server; port: number}> {
	const types: Record<string, string> = {'.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json'};
	const server = createServer(async (request, response) => {
		const path = new URL(request.url ?? '/', 'http://x').pathname;
		const file = path === '/' ? join(root, 'test/e2e/page.html') : (path.startsWith('/dist/') ? join(root, path) : undefined);
		if (!file || !existsSync(file)) {
			response.writeHead(404).end();
			return;
		}

		response.writeHead(200, {'content-type': types[extname(file)] ?? 'application/octet-stream'});
		response.end(await readFile(file));
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	return {server, port: (server.address() as AddressInfo).port};
}

/** Resolves once `url`/health answers `{"status":"ok"}` (a real server has loaded its model); throws after `timeoutMs`. */
export async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			// eslint-disable-next-line no-await-in-loop
			const response = await fetch(`${url}/health`);
			// eslint-disable-next-line no-await-in-loop
			if (response.ok && ((await response.json()) as {status?: string}).status === 'ok') {
				return;
			}
		} catch {
			// Not listening yet.
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 200);
		});
	}

	throw new Error(`${url}/health did not answer {"status":"ok"} within ${timeoutMs} ms`);
}
