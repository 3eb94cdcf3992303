// Throwaway (not committed): read each saved page as a user would, record what the server is asked, screenshot.
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {launchWithExtension, send, setSettings} from './support/browser';
import {sleep, status, highlighted} from './support/reading';
import {startPages, startRecorder, startTtsServer} from './support/servers';

const port = 19611;
const tts = await startTtsServer(port);
const recorder = await startRecorder(port);
const pages = await startPages(join(import.meta.dirname, '../fixtures/pages'));
const browser = await launchWithExtension();
await setSettings(browser.control, {serverUrl: recorder.url});
const page = await browser.context.newPage();
await page.setViewportSize({width: 1100, height: 800});
for (const fixture of ['bbc-news.html', 'mercurial-docs.html', 'gmw-zh.html', 'qq-zh.html', 'mozilla-hacks-blog.html']) {
	recorder.texts.length = 0;
	const url = `${pages.url}/${fixture}`;
	await page.goto(url, {waitUntil: 'domcontentloaded'});
	const tabId = await browser.control.evaluate(async u => (await chrome.tabs.query({url: u}))[0]!.id!, url);
	const answer = await send(browser.control, {type: 'read', source: 'page', tabId});
	await sleep(9000);
	const now = await status(browser.control);
	await page.screenshot({path: `/tmp/hand/${fixture}.png`});
	const hl = await highlighted(page);
	await send(browser.control, {type: 'stop'});
	writeFileSync(`/tmp/hand/${fixture}.json`, JSON.stringify({answer, status: now, highlighted: hl, asked: recorder.texts}, null, 1));
	console.log(fixture, JSON.stringify(now).slice(0, 300), '\n  asked:', recorder.texts.slice(0, 12).join(' ‖ '));
}
await browser.close();
await pages.close();
await recorder.close();
await tts.stop();
