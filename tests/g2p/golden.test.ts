/**
 * The in-browser G2P (tts-wasm, loaded in node) against the server binary: phonemes byte-identical
 * to `tts-server phonemize` on the G2P corpora, and chunks, ids, style rows and words identical to
 * `tts-server phonemize --plan` (the server's planning, the path of `say` and `/synthesize`).
 * Expected output is made by the binary at test time, never stored here.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {G2P_FILES, loadG2p, wasmDataFiles, type G2p, type G2pChunk, type G2pLang} from '../../src/g2p/index.ts';

const root = resolve(import.meta.dirname, '../..');
const wasmPath = join(root, 'src/g2p/pkg/tts_wasm_bg.wasm');
const dataDir = join(root, 'src/g2p/pkg/data');
const serverPath = join(root, 'server/target/release/tts-server');
const corpusDir = join(root, 'server/crates/tts-text/tests/data');

/** The sentences (first column) of a corpus file, comments and blank lines left out. */
function corpus(...names: string[]): string[] {
	return names.flatMap(name =>
		readFileSync(join(corpusDir, name), 'utf8')
			.split('\n')
			.filter(line => line.trim() !== '' && !line.startsWith('#'))
			.map(line => line.split('\t')[0] ?? ''),
	);
}

/** Runs `tts-server phonemize` with `args` over `lines` (one per line); its output lines. */
function server(args: string[], lines: readonly string[]): string[] {
	const run = spawnSync(serverPath, ['phonemize', ...args], {
		input: lines.join('\n') + '\n',
		encoding: 'utf8',
		maxBuffer: 1 << 28,
	});
	if (run.status !== 0) {
		throw new Error(`tts-server phonemize ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
	}
	const out = run.stdout.split('\n');
	expect(out.pop(), 'output ends with a newline').toBe('');
	expect(out.length, 'one output line per input line').toBe(lines.length);
	return out;
}

/** Lines where the wasm differs from the server, with both outputs (empty when identical). */
function differences(lines: readonly string[], expected: string[], got: (line: string) => string) {
	const diffs: Array<{line: number; text: string; server: string; wasm: string}> = [];
	lines.forEach((text, i) => {
		const wasm = got(text);
		if (wasm !== expected[i]) diffs.push({line: i + 1, text, server: expected[i] ?? '', wasm});
	});
	return diffs;
}

/** A prepared chunk in the server's JSON shape (tts_plan::PreparedChunk). */
function asServerJson(chunk: G2pChunk) {
	return {
		phonemes: chunk.phonemes,
		words: chunk.words,
		ids: Array.from(chunk.ids, Number),
		style_row: chunk.styleRow,
		unknown: chunk.unknown,
	};
}

let g2p: G2p;

beforeAll(() => {
	const missing = [
		[wasmPath, 'make build-g2p'],
		[serverPath, 'make build-server'],
		...G2P_FILES.map(file => [join(dataDir, file.path), 'make setup && make build-g2p']),
	].filter(([path]) => !existsSync(path!));
	if (missing.length > 0) {
		throw new Error(`not built: ${missing.map(([path, how]) => `${path} (run ${how})`).join('; ')}`);
	}
	const files: Record<string, Uint8Array> = {};
	for (const file of G2P_FILES) files[file.path] = readFileSync(join(dataDir, file.path));
	const started = performance.now();
	g2p = loadG2p(readFileSync(wasmPath), files);
	console.log(`wasm G2P: instantiated and parsed all data in ${Math.round(performance.now() - started)} ms`);
});

describe('the wasm G2P', () => {
	it('asks for the files the wrapper lists, and loads every language', () => {
		expect(wasmDataFiles()).toEqual(G2P_FILES);
		expect(g2p.languages).toEqual(['en-us', 'en-gb', 'zh']);
	});

	// The web-genre corpora too (quotations, READMEs, changelogs, man pages, docstrings, names): URLs, code and unknown words take other paths.
	const web = corpus(...['dev_quotes', 'dev_readme', 'dev_changelog', 'heldout_dialogue', 'heldout_docstring', 'heldout_man', 'names_dev', 'names_heldout'].map(name => `en_web/${name}.tsv`));
	const english = [...corpus('en_dev.tsv', 'en_heldout.tsv', 'en_gb_dev.tsv'), ...web];
	const mandarin = corpus('zh_dev.tsv', 'zh_heldout.tsv', 'zh_readings.tsv', 'zh_traditional.tsv');

	const cases: Array<[string, G2pLang, string[], boolean]> = [
		['English (en-us)', 'en-us', english, false],
		['English (en-gb)', 'en-gb', corpus('en_gb_dev.tsv', 'en_heldout.tsv'), false],
		['Chinese (zh)', 'zh', mandarin, false],
		['English, strict misaki', 'en-us', [...corpus('en_dev.tsv'), ...web], true],
		['Chinese, strict misaki', 'zh', corpus('zh_dev.tsv'), true],
		['Chinese read with en-us (Han runs inside English)', 'en-us', corpus('zh_heldout.tsv'), false],
	];
	it.each(cases)('phonemizes %s byte-identically to tts-server phonemize', (_, lang, lines, strict) => {
		const args = ['--lang', lang, ...(strict ? ['--strict-misaki'] : [])];
		const expected = server(args, lines);
		const diffs = differences(lines, expected, line => g2p.phonemize(line, lang, {strictMisaki: strict}));
		expect(diffs.slice(0, 5), `${diffs.length} of ${lines.length} lines differ`).toEqual([]);
	});

	it('covers at least 2,000 English and 1,000 Chinese lines', () => {
		expect(english.length).toBeGreaterThanOrEqual(2000);
		expect(mandarin.length).toBeGreaterThanOrEqual(1000);
	});

	it('prepares the same chunks, ids, style rows and words as the server plans', () => {
		const en = corpus('en_heldout.tsv');
		const zh = corpus('zh_heldout.tsv');
		// Paragraphs longer than one chunk (510 symbols), so splitting and word offsets are compared too.
		const long = [en.slice(0, 40).join(' '), zh.slice(0, 30).join('')];
		for (const [lang, lines] of [['en-us', [...en, long[0]!]], ['zh', [...zh, long[1]!]]] as const) {
			const expected = server(['--lang', lang, '--plan'], lines).map(line => JSON.parse(line) as unknown);
			const got = lines.map(line => g2p.prepare(line, lang).map(asServerJson));
			const diffs = got.flatMap((chunks, i) => (JSON.stringify(chunks) === JSON.stringify(expected[i]) ? [] : [{line: lines[i], wasm: chunks, server: expected[i]}]));
			expect(diffs.slice(0, 3), `${diffs.length} of ${lines.length} ${lang} lines differ`).toEqual([]);
		}
		expect(g2p.prepare(long[0]!, 'en-us').length, 'the long paragraph is split').toBeGreaterThan(1);
	});

	it('times words from durations after the leading pad, in seconds at 24 kHz', () => {
		const [chunk] = g2p.prepare('Hello world!', 'en-us');
		expect(chunk!.ids).toEqual(BigInt64Array.from([0, 50, 83, 54, 156, 31, 16, 65, 156, 87, 123, 54, 46, 5, 0], BigInt));
		expect(chunk!.styleRow).toBe(12);
		expect([1, 13, 510, 600].map(n => g2p.styleRow(n))).toEqual([0, 12, 509, 509]);
		expect(g2p.sampleRate).toBe(24_000);
		const samples = new Float32Array(1000).fill(0.5);
		g2p.fadeEdges(samples);
		expect([samples[0], samples[60], samples[500], samples[999]]).toEqual([0, 0.25, 0.5, 0]);
		const durations = new Float32Array(chunk!.ids.length).fill(2);
		const words = chunk!.wordTimes(durations, 24_000);
		// 600 samples a frame; the chunk starts one second in. The first duration is the pad's.
		const at = (frames: number) => (24_000 + frames * 600) / 24_000;
		expect(words).toEqual([
			{word: 'Hello', start: at(2), end: at(12), char_start: 0, char_end: 5},
			{word: 'world', start: at(14), end: at(26), char_start: 6, char_end: 11},
		]);
		expect(() => chunk!.wordTimes(durations.subarray(1), 0)).toThrow(/expected 15/);

		// A piece that the sentence goes on from: no trailing pad, so one duration fewer, same times.
		const [open] = g2p.prepare('Hello world!', 'en-us', {openEnd: true});
		expect(open!.ids).toEqual(chunk!.ids.subarray(0, -1));
		expect(open!.wordTimes(durations.subarray(1), 24_000)).toEqual(words);
		expect(() => open!.wordTimes(durations, 0)).toThrow(/expected 14/);
	});

	it('fails clearly on a language it was not given, and on bad files', () => {
		const wasm = readFileSync(wasmPath);
		const us = Object.fromEntries(
			G2P_FILES.filter(file => file.lang === 'en-us').map(file => [file.path, readFileSync(join(dataDir, file.path))]),
		);
		const englishOnly = loadG2p(wasm, us);
		expect(englishOnly.languages).toEqual(['en-us']);
		expect(() => englishOnly.phonemize('你好', 'zh')).toThrow(/no text data was loaded for zh/);
		englishOnly.free();
		expect(() => loadG2p(wasm, {...us, 'misaki/us_gold.json': new TextEncoder().encode('{')})).toThrow(/misaki\/us_gold\.json/);
		expect(() => loadG2p(wasm, {})).toThrow(/American English is always needed/);
	});
});
