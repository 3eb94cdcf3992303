/**
Extension figures for BENCHMARKS.md (`make bench-extension`), each beside a peer run in the same
script where one applies:

- click to first audio on a real news article, against a reader that synthesizes the whole first
  sentence before playing (one POST /synthesize of it, timed here);
- silence the player adds at joins between clips, against the pause already inside the audio
  (trailing + leading silence of consecutive clips, measured on the server's own WAVs);
- extraction time on a 100k-word page and the longest task it puts on the page, against
  Readability alone on the same page;
- bundle size; server probe time from the service worker, server up and down.

Runs the built extension in Debian's Chromium against the real server, on this machine.
*/
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {cpus, loadavg} from 'node:os';
import {join, resolve} from 'node:path';
import {gzipSync} from 'node:zlib';
import {edgeSilence, shapeEdges} from '../../src/player/edges.ts';
import {planParts} from '../../src/player/parts.ts';
import {launchWithExtension, send, setSettings} from '../e2e/support/browser.ts';
import {type Status, status, timeSeeks, waitFor} from '../e2e/support/reading.ts';
import {startPages, startRecorder, startTtsServer} from '../e2e/support/servers.ts';

const root = resolve(import.meta.dirname, '../..');
const port = 19_627;
const runs = Number(process.env.RUNS ?? 5);
/** Parts to run, all by default (`PARTS=first-audio,joins`); `EXTENSION=dir` measures another build (an A/B of two builds, one run each). */
const only = process.env.PARTS?.split(',');
const wanted = (part: 'bundle' | 'probe' | 'first-audio' | 'joins' | 'seek' | 'extraction') => !only || only.includes(part);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const rows: Array<[string, string]> = [];
const report = (what: string, figure: string) => {
	rows.push([what, figure]);
	console.log(`${what}: ${figure}`);
};

// ---- bundle ----
function bundle(dir: string): {bytes: number; gzip: number} {
	let bytes = 0;
	let gzip = 0;
	const walk = (path: string) => {
		for (const name of readdirSync(path)) {
			const full = join(path, name);
			if (statSync(full).isDirectory()) {
				walk(full);
			} else {
				const data = readFileSync(full);
				bytes += data.length;
				gzip += gzipSync(data).length;
			}
		}
	};

	walk(dir);
	return {bytes, gzip};
}

for (const target of wanted('bundle') ? ['chrome-mv3', 'firefox-mv2'] : []) {
	const {bytes, gzip} = bundle(join(root, '.output', target));
	report(`bundle .output/${target}`, `${(bytes / 1024).toFixed(1)} KiB (${(gzip / 1024).toFixed(1)} KiB gzipped, per file)`);
}

const tts = await startTtsServer(port);
const recorder = await startRecorder(port);
const pages = await startPages(join(root, 'tests/fixtures/pages'));
const browser = await launchWithExtension({extension: process.env.EXTENSION});
try {
	const {control, worker} = browser;
	await setSettings(control, {serverUrl: recorder.url});

	// ---- probe ----
	const probe = async (url: string) => worker.evaluate(async url => {
		const started = performance.now();
		try {
			await fetch(`${url}/health`, {signal: AbortSignal.timeout(400), cache: 'no-store'});
		} catch {
			// Down: the time to learn it is the figure.
		}

		return performance.now() - started;
	}, url);
	const up: number[] = [];
	const down: number[] = [];
	for (let index = 0; index < (wanted('probe') ? 20 : 0); index++) {
		up.push(await probe(`http://127.0.0.1:${port}`));
		down.push(await probe('http://127.0.0.1:9'));
	}

	if (wanted('probe')) {
		report('probe GET /health from the service worker, server up (median of 20)', ms(median(up)));
		report('probe, server down: connection refused (median of 20)', ms(median(down)));
	}

	/** Waits until the server runs and queues nothing (the parts asked ahead by the reading just stopped). */
	const untilIdle = async (target: number) => {
		for (;;) {
			const health = await (await fetch(`http://127.0.0.1:${target}/health`)).json() as {queue: {running: number; waiting: number}};
			if (health.queue.running === 0 && health.queue.waiting === 0) {
				return;
			}

			await new Promise(resolve => setTimeout(resolve, 100));
		}
	};

	// ---- first audio ----
	// Status is polled every 100 ms, not faster: each poll is a round trip through three of Chromium's
	// processes, and at 10 ms the polling alone took CPU from the synthesis it was timing. The moment
	// sound started is the poll's time less the seconds already played (`played_s`).
	const page = await browser.context.newPage();
	const firstSentences = new Map<string, string>();
	const speechStart = async (text: string, voice: string) => {
		const response = await fetch(`http://127.0.0.1:${port}/synthesize`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({text, voice})});
		const {samples, sampleRate} = decodeWav(new Uint8Array(await response.arrayBuffer()));
		return edgeSilence(samples, sampleRate).leading * 1000;
	};
	for (const [fixture, what] of wanted('first-audio') || wanted('joins') ? [['bbc-news.html', 'news article'], ['mercurial-docs.html', 'documentation page'], ['gmw-zh.html', 'Chinese news article']] as const : []) {
		const article = `${pages.url}/${fixture}`;
		const firstAudio: number[] = [];
		const naive: number[] = [];
		let firstSentence = '';
		let head = '';
		let voice = '';
		for (let run = 0; run < runs; run++) {
			await send(control, {type: 'stop'});
			// Not 'load': a saved page may still wait on some resource, and the content script needs only the document.
			await page.goto(article, {waitUntil: 'domcontentloaded'});
			const tabId = await control.evaluate(async url => (await chrome.tabs.query({url}))[0]!.id!, article);
			recorder.texts.length = 0;
			recorder.bodies.length = 0;
			await new Promise(resolve => setTimeout(resolve, 1500));
			await untilIdle(port);
			const started = performance.now();
			await send(control, {type: 'read', source: 'page', tabId});
			const heard = await waitFor(control, 'first audio', current => current.state === 'playing' && current.played_s > 0 && current, 30_000, 100) as Status;
			firstAudio.push(performance.now() - started - (heard.played_s * 1000));
			firstSentence = heard.sentence!.text;
			head = recorder.texts[0] ?? '';
			voice = recorder.bodies[0]?.voice ?? '';
			await send(control, {type: 'stop'});
			await new Promise(resolve => setTimeout(resolve, 1500));
			// The peer: one request for the whole first sentence, as a reader without the cut waits for, on an idle engine.
			await untilIdle(port);
			const naiveStarted = performance.now();
			const response = await fetch(`http://127.0.0.1:${port}/synthesize`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({text: firstSentence, voice, timestamps: true})});
			await response.arrayBuffer();
			if (!response.ok) {
				throw new Error(`the peer's /synthesize answered ${response.status}`);
			}

			naive.push(performance.now() - naiveStarted);
		}

		firstSentences.set(fixture, firstSentence);
		// The player keeps at most 50 ms of the head's leading silence (edges.ts); the peer plays the model's.
		const ourLead = Math.min(await speechStart(head, voice), 50);
		const peerLead = await speechStart(firstSentence, voice);
		const words = (text: string) => /\p{Script=Han}/u.test(text) ? `${[...text.matchAll(/\p{Script=Han}/gu)].length} characters` : `${text.split(/\s+/).length} words`;
		report(`click to first audio, ${what} (${fixture}), median of ${runs}; first part "${head}"`, `${ms(median(firstAudio))} (runs: ${firstAudio.map(value => value.toFixed(0)).join(', ')}); first word heard at ${ms(median(firstAudio) + ourLead)}`);
		report(`peer: POST /synthesize of the whole first sentence (${words(firstSentence)}, ${voice}), median`, `${ms(median(naive))}, first word at ${ms(median(naive) + peerLead)}; ratio ours/peer ${(median(firstAudio) / median(naive)).toFixed(2)} (first word ${((median(firstAudio) + ourLead) / (median(naive) + peerLead)).toFixed(2)})`);
	}

	// ---- joins ----
	for (const [fixture, what] of wanted('joins') ? [['bbc-news.html', 'BBC article'], ['gmw-zh.html', 'Chinese article']] as const : []) {
		const article = `${pages.url}/${fixture}`;
		await page.goto(article, {waitUntil: 'domcontentloaded'});
		await untilIdle(port);
		const tabId = await control.evaluate(async url => (await chrome.tabs.query({url}))[0]!.id!, article);
		recorder.texts.length = 0;
		recorder.bodies.length = 0;
		// The player keeps the joins of its whole life: this reading's are those after the ones it had.
		const before = (await status(control)).joins_ms?.length ?? 0;
		await send(control, {type: 'read', source: 'page', tabId});
		const listened = await waitFor(control, '12 joins', current => (current.joins_ms?.length ?? 0) >= before + 12 && current, 180_000) as Status & {joins_ms: number[]};
		await send(control, {type: 'stop'});
		const joins = listened.joins_ms.slice(before);
		const bodies = recorder.bodies.slice(0, joins.length + 1);
		const own: number[] = [];
		// One at a time: the server's queue answers 503 busy to requests that cannot get a turn within its deadline.
		const silences: Array<{leading: number; trailing: number}> = [];
		const firstParts = planParts(firstSentences.get(fixture)!, true);
		for (const body of bodies) {
			// The audio as played: the reading's first sentence goes in parts, made with open ends but the last, whose ends the player shortens.
			const part = firstParts.findIndex(({text: partText}, index) => index === silences.length && partText === body.text);
			const response = await fetch(`http://127.0.0.1:${port}/synthesize`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({...body, timestamps: false})});
			if (!response.ok) {
				throw new Error(`the peer's /synthesize answered ${response.status}: ${await response.text()}`);
			}

			const clip = {...decodeWav(new Uint8Array(await response.arrayBuffer())), words: []};
			const played = part >= 0 ? shapeEdges(clip, firstParts, part, true) : clip;
			const {leading, trailing} = edgeSilence(played.samples, played.sampleRate);
			silences.push({leading: leading * 1000, trailing: trailing * 1000});
		}

		for (let index = 0; index + 1 < silences.length; index++) {
			own.push(silences[index]!.trailing + silences[index + 1]!.leading);
		}

		report(`silence the player adds at a join, ${what} (${joins.length} joins), median / max`, `${ms(median(joins))} / ${ms(Math.max(...joins))} (in order: ${joins.map(value => value.toFixed(0)).join(', ')})`);
		report('peer: pause already in the audio at those joins, as played (trailing + leading silence < -45 dBFS; the cuts inside the first sentence shortened by the player), median', ms(median(own)));
	}

	// ---- seek ----
	// "next" and "previous" mid-sentence, while the pieces ahead are being made: the sentence
	// asked for waits for the engine to be free, then for its first part.
	if (wanted('seek')) {
		const article = `${pages.url}/bbc-news.html`;
		await page.goto(article, {waitUntil: 'domcontentloaded'});
		await untilIdle(port);
		const tabId = await control.evaluate(async url => (await chrome.tabs.query({url}))[0]!.id!, article);
		await send(control, {type: 'read', source: 'page', tabId});
		// Into the sentence by 1.5 s the player has asked for the next one but seldom has it; by 4 s it has.
		const moves = [['next', 1500], ['next', 4000], ['previous', 1500]] as const;
		const times = await timeSeeks(control, moves, runs);
		await send(control, {type: 'stop'});
		for (const [move, [verb, into]] of moves.entries()) {
			report(`"${verb}" ${into / 1000} s into a sentence, to the sound of the one it moves to, BBC article, median of ${runs}`, `${ms(median(times[move]!))} (runs: ${times[move]!.map(value => value.toFixed(0)).join(', ')})`);
		}
	}

	// ---- extraction on 100k words ----
	if (wanted('extraction')) {
		await page.goto(`${pages.url}/bbc-news.html`);
		await page.setContent(hugePage(100_000));
		// setContent keeps the URL of the page, so the content script is there.
		await page.evaluate(() => {
			(window as unknown as {longest: number}).longest = 0;
			new PerformanceObserver(list => {
				for (const entry of list.getEntries()) {
					(window as unknown as {longest: number}).longest = Math.max((window as unknown as {longest: number}).longest, entry.duration);
				}
			}).observe({type: 'longtask'});
		});
		const bigTab = await control.evaluate(async url => (await chrome.tabs.query({url}))[0]!.id!, `${pages.url}/bbc-news.html`);
		const extractStarted = performance.now();
		const answer = await send<Status>(control, {type: 'read', source: 'page', tabId: bigTab});
		const extractMs = performance.now() - extractStarted;
		await send(control, {type: 'stop'});
		const longest = await page.evaluate(() => (window as unknown as {longest: number}).longest);
		// The observer itself is checked: a deliberate 120 ms task must show up in it. It runs from a
		// timer, as the content script runs from a message: code evaluated through DevTools is not a task
		// the Long Tasks API reports (a busy loop inside `evaluate` shows as 0 ms).
		const control120 = await page.evaluate(async () => {
			const win = window as unknown as {longest: number};
			win.longest = 0;
			setTimeout(() => {
				const until = performance.now() + 120;
				while (performance.now() < until) {
					// Busy on purpose.
				}
			}, 0);
			await new Promise(resolve => setTimeout(resolve, 400));
			return win.longest;
		});
		const readability = readFileSync(join(root, 'node_modules/@mozilla/readability/Readability.js'), 'utf8');
		const peerMs = await page.evaluate(source => {
			type ReadabilityClass = new (doc: Document) => {parse(): unknown};
			// Readability.js assigns the class itself to module.exports.
			const module = {exports: {} as ReadabilityClass | {Readability: ReadabilityClass}};
			new Function('module', source)(module);
			const exported = module.exports;
			const Readability = 'Readability' in exported ? exported.Readability : exported;
			const started = performance.now();
			new Readability(document.cloneNode(true) as Document).parse();
			return performance.now() - started;
		}, readability);
		report('a 100k-word page: "read this page" to its answer (extraction, segmentation, probe, start)', `${ms(extractMs)} (${answer.error ?? `${answer.sentence?.count} sentences, ${answer.state}`})`);
		report('longest task on the page during it (page frozen at most)', `${ms(longest)} (the same observer sees a deliberate 120 ms task as ${ms(control120)})`);
		report('peer: Readability.parse alone on a clone of the same page', `${ms(peerMs)}; ratio ours/peer ${(extractMs / peerMs).toFixed(2)}`);
	}
} finally {
	// Also when a measurement throws: a server left running would skew every later figure.
	await browser.close();
	await recorder.close();
	await pages.close();
	await tts.stop();
}

console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model}, load average ${loadavg().map(value => value.toFixed(2)).join(' ')}, Chromium /usr/bin/chromium, ${new Date().toISOString()}`);
console.log('\n| what | figure |\n|---|---|');
for (const [what, figure] of rows) {
	console.log(`| ${what} | ${figure} |`);
}

function hugePage(words: number): string {
	const vocabulary = 'the river ran quietly past old stone houses while children played near the bridge and their parents talked about harvest weather markets and distant cities'.split(' ');
	const paragraphs: string[] = [];
	let count = 0;
	let seed = 7;
	while (count < words) {
		const sentences: string[] = [];
		for (let sentence = 0; sentence < 4; sentence++) {
			const length = 8 + (seed % 10);
			const chosen: string[] = [];
			for (let index = 0; index < length; index++) {
				seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
				chosen.push(vocabulary[seed % vocabulary.length]!);
			}

			count += length;
			sentences.push(`${chosen.join(' ').replace(/^\w/, letter => letter.toUpperCase())}.`);
		}

		paragraphs.push(`<p>${sentences.join(' ')}</p>`);
	}

	return `<!doctype html><html><head><title>Long</title></head><body><nav><a href="/">Home</a></nav><article><h1>A very long page</h1>${paragraphs.join('\n')}</article></body></html>`;
}

/** The server's WAV (16-bit mono PCM after a 44-byte header) as samples; tts-client's decoder imports by `.js` names, which node's type stripping does not map. */
function decodeWav(wav: Uint8Array): {samples: Float32Array; sampleRate: number} {
	const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
	const samples = new Float32Array((wav.length - 44) / 2);
	for (let index = 0; index < samples.length; index++) {
		samples[index] = view.getInt16(44 + (index * 2), true) / 32_768;
	}

	return {samples, sampleRate: view.getUint32(24, true)};
}
