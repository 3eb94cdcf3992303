/**
How a sentence is cut for synthesis. Sound starts when the first request returns, and Kokoro's
time grows with the length of the audio it makes (about a third of real time for the server on a
small quiet machine, more when the machine is busy), so a 20-word opening sentence would keep the
listener waiting two or three seconds. The sentence that reading starts from (job start, skip,
rewind) is therefore cut into parts that grow: a short head (its first clause, or its first few
words), then the next clause or a few more words, then the rest. Each part is synthesized while
the one before it plays, so each may be a few times longer than the one before it and still be
ready in time. Every other sentence goes whole: cutting costs a little prosody at the cut.
*/
export type Part = {text: string; offset: number};

/**
The head: at most this many words (one more to reach a phrase boundary), or Han characters, when no
clause ends within it. Two words are about 1.7 s of audio, half of it the model's edge silence:
0.5–0.6 s for the server on a 2-core machine, which is what a first sound within 0.8 s of the
click leaves (four words took 0.9–1.1 s; BENCHMARKS.md).
*/
const headWords = 2;
const headHan = 6;
/**
Each next part is at most this many times as long as the one before: at a third of real time it
is ready before the one before has played, with room for a busy machine.
*/
const growth = 2.5;
/** Parts in all, at most: the last takes whatever is left. */
const maxParts = 4;
/** A remainder shorter than this many words is not cut again (Han text: 20 characters). */
const minSplitWords = 9;
/** Words a cut must not follow: ending a part on "the" or "of" sounds like a stumble. */
const weak = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'for', 'and', 'or', 'but', 'with', 'by', 'from', 'as', 'into', 'onto', 'along', 'across', 'through', 'over', 'under', 'about', 'around', 'between', 'among', 'during', 'against', 'without', 'within', 'toward', 'towards', 'is', 'was', 'are', 'were', 'has', 'have', 'had', 'will', 'would', 'can', 'my', 'your', 'his', 'her', 'its', 'our', 'their', 'that', 'this']);
/** Words a phrase starts with: a cut just before one falls between phrases ("gun laws | are"), not inside a name or noun phrase ("gun | laws"). */
const starts = new Set([...weak, 'who', 'which', 'when', 'where', 'while', 'because', 'if', 'than', 'after', 'before', 'said', 'says']);
const hanClause = /[，、；：]/u;
/** A part ending like this ends a clause: a pause is heard there anyway (edges.ts keeps a comma's pause after it). */
export const endsClause = /[,;:—–)，、；：]$/u;
/** A Han sentence shorter than this is not cut (the head is about six characters, and at least three must follow). */
const minSplitHan = 10;
/** Prepositions and conjunctions a Han part must not end on, and localizers and particles it must not start with. */
const hanEndsBadly = new Set([...'在从对把被和与跟向给比的是为将']);
const hanStartsBadly = new Set([...'中上下里内外的了着过们地得']);

/**
The parts of a sentence. `startsReading`: the reading starts here (job start, skip, rewind), so
it begins with the head. `after`: the last part of the sentence before, when that sentence was
itself cut: this one's first part is then at most `growth` times as long, so a long sentence
after a short last part is cut too and is ready when that part ends. Once a whole sentence
went by, the next is almost always within that bound, and sentences go whole again.
*/
export function planParts(text: string, startsReading: boolean, after?: string): Part[] {
	if (!startsReading && after === undefined) {
		return [{text, offset: 0}];
	}

	const parts: Part[] = [];
	let offset = 0;
	let [words, han] = startsReading ? [headWords, headHan] : grown(after!);
	while (parts.length < maxParts - 1) {
		const rest = text.slice(offset);
		const isHan = /\p{Script=Han}/u.test(rest);
		const cut = isHan ? hanCut(rest, han) : latinCut(rest, words, startsReading && parts.length === 0);
		if (cut === undefined) {
			break;
		}

		const part = rest.slice(0, cut).trimEnd();
		parts.push({text: part, offset});
		const next = rest.slice(cut);
		offset += cut + (next.length - next.trimStart().length);
		[words, han] = grown(part);
	}

	parts.push({text: text.slice(offset).trim(), offset});
	return parts;
}

/** What the next sentence's parts grow from (`planParts`' `after`): the last part of a sentence that was cut, else nothing. */
export function grownFrom(parts: Part[]): string | undefined {
	return parts.length > 1 ? parts.at(-1)!.text : undefined;
}

/** The longest next part after `part`: in words, and in Han characters. */
function grown(part: string): [number, number] {
	return [Math.floor(part.split(/\s+/).length * growth), Math.floor(part.length * growth)];
}

function latinCut(text: string, most: number, head: boolean): number | undefined {
	const words = [...text.matchAll(/\S+/g)];
	const long = words.length >= Math.max(minSplitWords, most + 3);
	if (!long && !head) {
		return undefined;
	}

	// A clause that ends within the part with two words after it: a natural pause, so the cut is not
	// heard. The head takes the first (soonest sound; in short sentences too, so a title such as
	// "Evolve: Shared Mutable History" starts sooner), a later part the last (the longest part).
	const clauses = Array.from({length: Math.max(0, Math.min(words.length - 2, head ? most + 2 : most))}, (_, index) => index)
		.filter(index => endsClause.test(words[index]![0]));
	const clause = head ? clauses[0] : clauses.at(-1);
	if (clause !== undefined) {
		return words[clause]!.index + words[clause]![0].length;
	}

	if (!long) {
		return undefined;
	}

	// Else between two phrases: the longest part within `most` words, else one word more. A part
	// never ends on a weak word, nor on one that opens a quotation it does not close.
	const bare = (index: number) => words[index]![0].toLowerCase().replace(/\W+$/, '');
	const weakEnd = (index: number) => weak.has(bare(index)) || /^["“‘(\[](?!.*["”’)\]]\W*$)/u.test(words[index]![0]);
	const candidates = [...Array.from({length: most - 1}, (_, index) => most - 1 - index), most];
	const between = candidates.find(end => !weakEnd(end) && starts.has(bare(end + 1)));
	let end = between ?? most - 1;
	while (end > 0 && weakEnd(end)) {
		end--;
	}

	// Only weak words so far ("In the"): the head reaches the first word that is not one.
	while (weakEnd(end) && end + 3 < words.length) {
		end++;
	}

	return words[end]!.index + words[end]![0].length;
}

function hanCut(text: string, most: number): number | undefined {
	if (text.length < Math.max(minSplitHan, most * 2)) {
		return undefined;
	}

	for (let index = 2; index < most + 6 && index < text.length - 3; index++) {
		if (hanClause.test(text[index]!)) {
			return index + 1;
		}
	}

	// No clause mark early on: cut between two words (Intl.Segmenter knows Chinese words), the
	// longest part within two characters more than `most` that does not end on a preposition or
	// start with a localizer or particle ("在太空 | 中" would be heard as a stumble); else the first
	// word boundary after that.
	let best: number | undefined;
	for (const {index} of new Intl.Segmenter('zh', {granularity: 'word'}).segment(text)) {
		if (index < 2) {
			continue;
		}

		if (index > text.length - 3) {
			break;
		}

		if (index > most + 2) {
			return best ?? index;
		}

		if (!hanEndsBadly.has(text[index - 1]!) && !hanStartsBadly.has(text[index]!)) {
			best = index;
		}
	}

	return best;
}
