/**
 * The server's G2P in the browser: `server/crates/tts-wasm` (tts-text + tts-plan compiled to wasm32)
 * behind a typed face. There is no second G2P here: phonemes, chunks, ids, style rows and word
 * times all come from the same Rust the server runs; this file only converts types.
 *
 * `./pkg/` is built by `make build-g2p` (scripts/build-g2p-wasm.sh; wasm-bindgen `--target web`).
 * Works in a Worker and in node: the wasm is instantiated synchronously from bytes (or a compiled
 * module) the caller fetched, so nothing here touches the network or `import.meta.url`.
 */
import {G2p as WasmG2p, initSync, wordTimes, dataFiles, styleRow, sampleRate, fadeEdges} from './pkg/tts_wasm.js';

export type G2pLang = 'en-us' | 'en-gb' | 'zh';

/**
 * The data files, by path relative to `$TTS_HOME/text` (the bundle keeps this layout, e.g. under
 * `/g2p/`), and the language that needs each. American English is always needed; a language is
 * loaded when all of its files are given. `jieba/dict.txt` is not in `$TTS_HOME`: the build copies
 * it, with the rest, into `src/g2p/pkg/data/`. Checked against the wasm's own list in the tests.
 */
export const G2P_FILES: ReadonlyArray<{path: string; lang: G2pLang}> = [
	{path: 'misaki/us_gold.json', lang: 'en-us'},
	{path: 'misaki/us_silver.json', lang: 'en-us'},
	{path: 'cmudict/cmudict.dict', lang: 'en-us'},
	{path: 'misaki/gb_gold.json', lang: 'en-gb'},
	{path: 'misaki/gb_silver.json', lang: 'en-gb'},
	{path: 'pypinyin/pinyin_dict.json', lang: 'zh'},
	{path: 'pypinyin/phrases_dict.json', lang: 'zh'},
	{path: 'jieba/dict.txt', lang: 'zh'},
];

/** A half-open range. */
export type Span = {start: number; end: number};

/** A word of the input and where it sits in a chunk. */
export type G2pWord = {
	/** The word as written. */
	text: string;
	/** Unicode code point offsets into the input text (the server's `char_start`/`char_end`). */
	chars: Span;
	/** Character offsets of its phonemes in the chunk's `phonemes`. */
	phonemes: Span;
	/** Its positions in `ids` and in the model's `durations` output (after the leading pad). */
	tokens: Span;
};

/** When a word is heard: the shape of the server's `/synthesize` `words`, offsets in code points. */
export type G2pWordTime = {word: string; start: number; end: number; char_start: number; char_end: number};

/** One model call's worth of input. */
export type G2pChunk = {
	phonemes: string;
	/** Token ids framed by the pad 0, for the model's int64 `input_ids`. */
	ids: BigInt64Array;
	/** The voice pack row (of 510 rows × 256 floats) that styles this chunk. */
	styleRow: number;
	/** Phoneme symbols the vocabulary lacks (left out of `ids`); empty unless the G2P has a bug. */
	unknown: string[];
	words: G2pWord[];
	/**
	 * Word times from the model's `durations` output for this chunk, the chunk starting
	 * `offsetSamples` into the audio; the server's computation. Throws when `durations` does not
	 * have one entry per id.
	 */
	wordTimes(durations: Float32Array, offsetSamples: number): G2pWordTime[];
};

export type G2pOptions = {
	/** Reproduce misaki 0.9.4 exactly (`tts-server phonemize --strict-misaki`). @default false */
	strictMisaki?: boolean;
	/** Keep the first chunk short, as the server does when streaming. @default false */
	shortFirst?: boolean;
	/**
	 * The text is the first piece of a sentence that goes on in the next call: its last chunk gets no
	 * trailing pad, so its last word is not read as the end of an utterance (the server's
	 * `/synthesize` `continues`). @default false
	 */
	openEnd?: boolean;
};

export type G2p = {
	/** The languages whose files were given. */
	readonly languages: G2pLang[];
	/** What `tts-server phonemize --lang <lang>` prints for the line `text`. */
	phonemize(text: string, lang: G2pLang, options?: G2pOptions): string;
	/** The chunks the model is given for `text`, as the server plans them. */
	prepare(text: string, lang: G2pLang, options?: G2pOptions): G2pChunk[];
	/** The voice pack row (of 510) for `phonemeCount` tokens, pads not counted: `min(n - 1, 509)`. */
	styleRow(phonemeCount: number): number;
	/** Samples per second of the model's audio (24000). */
	readonly sampleRate: number;
	/** Fades a chunk's first and last 5 ms in place, as the server does to every chunk (no clicks at joins). */
	fadeEdges(samples: Float32Array): void;
	/**
	 * Frees the parsed data. The wasm memory keeps its size (about 60 MiB with en-us only, 150 MiB
	 * with all three languages), so load once per worker rather than per job.
	 */
	free(): void;
};

/** A chunk as the wasm's `prepare` writes it (tts_plan::PreparedChunk). */
type RawChunk = {
	phonemes: string;
	words: G2pWord[];
	ids: number[];
	style_row: number;
	unknown: string[];
	open_end?: boolean;
};

/**
 * Instantiates the wasm (`tts_wasm_bg.wasm`'s bytes or compiled module) and parses the data files
 * (`files[path]`, paths as in {@link G2P_FILES}). Throws with the file's name when one is missing
 * or malformed. Synchronous, so meant for a Worker (or node); outside a worker pass a module from
 * `await WebAssembly.compile(bytes)`, since a page may not compile large modules synchronously.
 */
export function loadG2p(wasm: BufferSource | WebAssembly.Module, files: Record<string, Uint8Array>): G2p {
	initSync({module: wasm});
	const inner = new WasmG2p(files);
	return {
		languages: inner.languages() as G2pLang[],
		phonemize: (text, lang, options) => inner.phonemize(text, lang, options?.strictMisaki ?? false),
		prepare(text, lang, options) {
			const json = inner.prepare(text, lang, options?.strictMisaki ?? false, options?.shortFirst ?? false, options?.openEnd ?? false);
			return (JSON.parse(json) as RawChunk[]).map(chunkOf);
		},
		styleRow,
		sampleRate: sampleRate(),
		fadeEdges,
		free: () => inner.free(),
	};
}

/** The data files the wasm itself asks for (the source of {@link G2P_FILES}). */
export function wasmDataFiles(): Array<{path: string; lang: G2pLang}> {
	return JSON.parse(dataFiles()) as Array<{path: string; lang: G2pLang}>;
}

function chunkOf(raw: RawChunk): G2pChunk {
	const json = JSON.stringify({phonemes: raw.phonemes, words: raw.words, open_end: raw.open_end ?? false});
	return {
		phonemes: raw.phonemes,
		ids: BigInt64Array.from(raw.ids, BigInt),
		styleRow: raw.style_row,
		unknown: raw.unknown,
		words: raw.words,
		wordTimes: (durations, offsetSamples) => JSON.parse(wordTimes(json, durations, offsetSamples)) as G2pWordTime[],
	};
}
