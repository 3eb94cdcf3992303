/**
The server's own web page at `/`, in Debian's Chromium, against the real tts-server: it lists the
voices, plays with live word highlighting (timestamps), and streams through the client library.

Needs TTS_SERVER_URL (the real server); skipped otherwise, since the page belongs to the server,
not to the fake. With TTS_SERVER_CMD the test starts that server itself and stops it afterwards.
*/
import assert from 'node:assert/strict';
import {type ChildProcess, spawn} from 'node:child_process';
import {after, before, test} from 'node:test';
import {type Browser, chromium} from 'playwright-core';
import {chromiumArgs, chromiumPath, root} from './support.js';

const url = process.env.TTS_SERVER_URL;
let browser: Browser;
let server: ChildProcess | undefined;

async function healthy(): Promise<boolean> {
	try {
		const health = await (await fetch(`${url}/health`)).json() as {status?: string};
		return health.status === 'ok';
	} catch {
		return false;
	}
}

before(async () => {
	if (!url) {
		return;
	}

	const command = process.env.TTS_SERVER_CMD;
	if (command && !(await healthy())) {
		server = spawn('sh', ['-c', `exec ${command}`], {cwd: root, detached: true, stdio: 'inherit'});
	}

	const deadline = Date.now() + 120_000;
	while (!(await healthy())) {
		assert.ok(Date.now() < deadline, `${url}/health not ok within 120 s`);
		await new Promise(resolve => setTimeout(resolve, 200));
	}

	browser = await chromium.launch({executablePath: chromiumPath, args: [...chromiumArgs, '--autoplay-policy=no-user-gesture-required']});
});

after(async () => {
	await browser?.close();
	if (server?.pid) {
		process.kill(-server.pid, 'SIGTERM');
	}
});

test('the page plays with word highlighting and streams through the client', {skip: url ? false : 'needs TTS_SERVER_URL (the real server)'}, async () => {
	const page = await browser.newPage();
	const status = async () => page.textContent('#status');
	await page.goto(`${url}/`);
	await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('voices ready'), undefined, {timeout: 60_000});
	const voices = await page.$$eval('#voice option', options => options.map(o => (o as HTMLOptionElement).value));
	assert.ok(voices.includes('af_heart') && voices.includes('zf_xiaobei'), `voices: ${voices.length}`);

	await page.fill('#text', 'The quick brown fox jumps over the lazy dog.');
	await page.click('#play');
	await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('Playing'), undefined, {timeout: 120_000});
	assert.match((await status()) ?? '', /9 words timed/);
	const marked = new Set<string>();
	for (let i = 0; i < 40 && !(await status())?.startsWith('Done'); i++) {
		const word = await page.evaluate(() => document.querySelector('#reading mark')?.textContent);
		if (word) {
			marked.add(word);
		}

		await page.waitForTimeout(100);
	}

	assert.ok(marked.size >= 3, `words highlighted while playing: ${[...marked].join(', ')}`);

	await page.uncheck('#follow');
	await page.click('#play');
	await page.waitForFunction(() => /^(Done|Error)/.test(document.querySelector('#status')?.textContent ?? ''), undefined, {timeout: 120_000});
	assert.equal(await status(), 'Done (engine: server).');
});
