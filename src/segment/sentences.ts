/** Splits page text into sentences, the unit the player synthesises, highlights and skips by. Pure: strings in, offsets out. */

export type Lang = 'en' | 'zh';
/** One sentence: text[start, end) of the input (trimmed), and the voice language to read it with. */
export type Sentence = {text: string; start: number; end: number; lang: Lang};

const ENDERS = new Set([...'.!?…。！？；']);
/** Chinese marks end a sentence with no space after them (but see the quoted-question case in endsSentence). */
const CJK_ENDERS = new Set([...'。！？；']);
/** Closing quotes and brackets stay with the sentence they close. */
const CLOSERS = new Set([...`"'”’)]）」』】》»`]);
const CJK_CLAUSE_BREAKS = new Set([...'，：、—']);
const CLAUSE_BREAKS = new Set([...',;:']);
/** Words whose dot rarely ends a sentence ("Mr. Smith", "Apple Inc. said"). */
const ABBREVIATIONS = new Set(['Mr', 'Mrs', 'Ms', 'Dr', 'Prof', 'St', 'Mt', 'vs', 'etc', 'cf', 'approx', 'Inc', 'Ltd', 'Jr', 'Sr', 'Gen', 'Col', 'Lt', 'Capt', 'Rev', 'Gov', 'Sen', 'Rep']);
/** Abbreviations that only come before a number ("No. 5", "Fig. 2"); "the answer is No. Then…" still splits. */
const NUMBER_ABBREVIATIONS = new Set(['No', 'Nos', 'Fig', 'Figs', 'Vol', 'Eq', 'Ch', 'pp']);
const HAN = /\p{Script=Han}/u;
const HAN_ALL = /\p{Script=Han}/gu;
const LATIN_WORDS = /\p{Script=Latin}+/gu;
const SPOKEN = /[\p{L}\p{N}]/u;

export function splitSentences(text: string, options: {maxChars?: number} = {}): Sentence[] {
	const maxChars = options.maxChars ?? 300;
	const sentences: Sentence[] = [];
	for (const [start, end] of sentenceSpans(text)) {
		for (const [s, e] of limitLength(text, start, end, maxChars)) {
			const slice = text.slice(s, e);
			if (SPOKEN.test(slice)) sentences.push({text: slice, start: s, end: e, lang: detectLang(slice)});
		}
	}
	return sentences;
}

/**
 * 'zh' when Han characters outnumber Latin words, else 'en'. One Han character is one syllable and one English word one to
 * two, so comparing characters with words weighs the two scripts by roughly how long they take to say; a tie reads as English.
 */
export function detectLang(text: string): Lang {
	const han = text.match(HAN_ALL)?.length ?? 0;
	return han > 0 && han > (text.match(LATIN_WORDS)?.length ?? 0) ? 'zh' : 'en';
}

/** Untrimmed [start, end) of each sentence, in order, covering the text. */
function* sentenceSpans(text: string): Generator<[number, number]> {
	let start = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (c === '\n' || c === '\r') {
			if (isWrap(text, i)) continue;
			yield [start, i];
			start = i + 1;
		} else if (ENDERS.has(c)) {
			let runEnd = i + 1;
			while (runEnd < text.length && ENDERS.has(text[runEnd]!)) runEnd++;
			let end = runEnd;
			while (end < text.length && (CLOSERS.has(text[end]!) || ENDERS.has(text[end]!))) end++; // “谁？”。 stays whole
			if (endsSentence(text, i, runEnd, end)) {
				yield [start, end];
				start = end;
			}
			i = end - 1;
		}
	}
	yield [start, text.length];
}

/**
A single line break (a <br>) after a letter, digit or comma is a sentence wrapped in the middle
("passed to the<br>Request() constructor"): reading it as two sentences would stop mid-phrase. A
blank line (a new block) or a break after other punctuation ends the sentence.
*/
function isWrap(text: string, i: number): boolean {
	const next = text[i + 1];
	if (next === '\n' || next === '\r' || text[i - 1] === '\n' || text[i - 1] === '\r') return false;
	let before = i - 1;
	while (before >= 0 && /[^\S\n\r]/.test(text[before]!)) before--;
	return before >= 0 && /[\p{L}\p{N},，、]/u.test(text[before]!);
}

/** Whether the enders text[first, runEnd), followed by closers (and more enders) up to `end`, finish a sentence. */
function endsSentence(text: string, first: number, runEnd: number, end: number): boolean {
	const run = text.slice(first, runEnd);
	const next = text[end];
	// A quoted question or exclamation that the Chinese sentence runs on from: 比如“他是谁？”这样的问题。
	if ([...run].some((c) => CJK_ENDERS.has(c))) {
		const quoted = end > runEnd && [...text.slice(runEnd, end)].every((c) => CLOSERS.has(c));
		return !(quoted && /^[！？]+$/.test(run) && next !== undefined && HAN.test(next));
	}
	if (next === undefined || next === '\n' || next === '\r') return true;
	// No space after: a decimal, version, URL or e-mail ("3.14", "v1.2", "example.com"), unless Chinese follows "?" or "!".
	if (!/\s/.test(next)) return HAN.test(next) && run !== '.';
	let after = end;
	while (after < text.length && /[^\S\n\r]/.test(text[after]!)) after++;
	const following = text[after];
	if (following === undefined || following === '\n' || following === '\r') return true;
	// A lowercase word goes on the same sentence: "Wait... what", "“Stop!” she said".
	if (/\p{Ll}/u.test(following)) return false;
	return run !== '.' || !isAbbreviation(wordBefore(text, first), /\d/.test(following));
}

/** The letters and inner dots right before index `i`: "Mr", "e.g", "U.S". */
function wordBefore(text: string, i: number): string {
	let start = i;
	while (start > 0 && /[A-Za-z.]/.test(text[start - 1]!)) start--;
	return text.slice(start, i);
}

function isAbbreviation(word: string, numberFollows: boolean): boolean {
	if (ABBREVIATIONS.has(word) || (numberFollows && NUMBER_ABBREVIATIONS.has(word))) return true;
	// Dotted forms ("e.g", "U.S", "a.m") and initials ("J. R. R. Tolkien"); a lone "I" is the pronoun ending a sentence.
	return /^(?:[A-Za-z]\.)+[A-Za-z]$/.test(word) || (/^[A-Z]$/.test(word) && word !== 'I');
}

/** Trimmed spans of text[start, end), cut at clause breaks, then spaces, then anywhere, so none is longer than maxChars. */
function* limitLength(text: string, start: number, end: number, maxChars: number): Generator<[number, number]> {
	[start, end] = trim(text, start, end);
	while (end - start > maxChars) {
		const cut = cutPoint(text, start, start + maxChars);
		const [s, e] = trim(text, start, cut);
		if (e > s) yield [s, e];
		start = trim(text, cut, end)[0];
	}
	if (end > start) yield [start, end];
}

/** Where to end a piece that starts at `start` and may not reach past `limit`. */
function cutPoint(text: string, start: number, limit: number): number {
	let clause = -1;
	for (let i = limit - 1; i > start && clause < 0; i--) {
		const c = text[i]!;
		if (CJK_CLAUSE_BREAKS.has(c) || (CLAUSE_BREAKS.has(c) && /\s/.test(text[i + 1] ?? ' '))) clause = i + 1;
	}
	// A clause break in the first third would leave a tiny piece; a space further on reads better.
	if (clause - start >= (limit - start) / 3) return clause;
	for (let i = limit; i > start; i--) if (/\s/.test(text[i]!)) return i;
	if (clause > 0) return clause;
	const code = text.charCodeAt(limit - 1);
	return code >= 0xd800 && code <= 0xdbff && limit - 1 > start ? limit - 1 : limit;
}

function trim(text: string, start: number, end: number): [number, number] {
	while (start < end && /\s/.test(text[start]!)) start++;
	while (end > start && /\s/.test(text[end - 1]!)) end--;
	return [start, end];
}
