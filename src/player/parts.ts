/**
How a sentence is cut for synthesis. Sound starts when the first request returns, and the server
runs at roughly half real time on a small machine, so a 20-word opening sentence would keep the
listener waiting three seconds. The sentence that reading starts from (job start, skip, rewind)
is therefore sent as a short head (its first clause, or its first few words) and the rest, which
is synthesized while the head plays. Every other sentence goes whole: cutting costs a little
prosody at the cut.
*/
export type Part = {text: string; offset: number};

/** A head longer than this many words is cut at a word boundary instead of the first clause. */
const headWords = 6;
/** Sentences this short go whole even when reading starts with them. */
const minSplitWords = 9;
/** Words a cut must not follow: ending a head on "the" or "of" sounds like a stumble. */
const weak = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'for', 'and', 'or', 'but', 'with', 'by', 'from', 'as', 'is', 'was', 'are', 'my', 'your', 'his', 'her', 'its', 'our', 'their', 'that', 'this']);
const hanClause = /[，、；：]/u;
const hanHeadChars = 10;

export function planParts(text: string, startsReading: boolean): Part[] {
	if (!startsReading) {
		return [{text, offset: 0}];
	}

	const cut = /\p{Script=Han}/u.test(text) ? hanCut(text) : latinCut(text);
	if (cut === undefined) {
		return [{text, offset: 0}];
	}

	const rest = text.slice(cut);
	const restOffset = cut + (rest.length - rest.trimStart().length);
	return [{text: text.slice(0, cut).trimEnd(), offset: 0}, {text: rest.trim(), offset: restOffset}];
}

function latinCut(text: string): number | undefined {
	const words = [...text.matchAll(/\S+/g)];
	if (words.length < minSplitWords) {
		return undefined;
	}

	// The first clause, if it ends within the head: a natural pause, so the cut is not heard.
	for (let index = 1; index < Math.min(words.length - 2, headWords + 2); index++) {
		if (/[,;:—–)]$/.test(words[index]![0])) {
			return words[index]!.index + words[index]![0].length;
		}
	}

	let end = headWords - 1;
	while (end > 2 && weak.has(words[end]![0].toLowerCase().replace(/\W+$/, ''))) {
		end--;
	}

	return words[end]!.index + words[end]![0].length;
}

function hanCut(text: string): number | undefined {
	if (text.length < hanHeadChars * 2) {
		return undefined;
	}

	for (let index = 4; index < hanHeadChars + 6 && index < text.length - 4; index++) {
		if (hanClause.test(text[index]!)) {
			return index + 1;
		}
	}

	// No clause mark early on: cut at a word boundary (Intl.Segmenter knows Chinese words), never inside a word.
	for (const {index} of new Intl.Segmenter('zh', {granularity: 'word'}).segment(text)) {
		if (index >= hanHeadChars) {
			return index < text.length - 4 ? index : undefined;
		}
	}

	return undefined;
}
