/**
How a sentence is cut for synthesis. Sound starts when the first request returns, and Kokoro's
time grows with the length of the audio it makes (about a third of real time for the server on a
small quiet machine, more when the machine is busy), so a 20-word opening sentence would keep the
listener waiting two or three seconds. The sentence that reading starts from (job start, skip,
rewind) is therefore cut into parts that grow: a short head (its first clause, or its first few
words), then the next clause or a few more words, then the rest. Each part is synthesized while
the one before it plays, so each may be a few times longer than the one before it and still be
ready in time. Every part but a sentence's last is synthesized with its end left open (the
player's `continues`): the model then reads it as the middle of a sentence, not as its end, which
it would lengthen and follow with up to a second of silence. Every other sentence goes whole
unless it could not be made while the one before it plays: cutting costs a little prosody.
*/
export type Part = {text: string; offset: number};

/**
The head: at most this many words (one more to reach a phrase boundary), or Han characters (two
more to reach a word boundary), when no clause ends within it. Two words are about 1.3 s of audio
with the end left open (`continues`), 0.45 s of it the model's edge silence: 0.4–0.5 s for the
server on a 2-core machine, which leaves room in 0.8 s for the rest of the way to the speaker.
*/
const headWords = 2;
const headHan = 3;
/**
What a part gives to hear and costs to make, by script: seconds of speech per word (Latin) or
character (Han), and seconds of the model's own silence around one request, whose end is left open
(the sentence goes on in the next part) or closed (the sentence's last part). Measured on the
server's audio for af_heart and zf_xiaobei (BENCHMARKS.md): "Obama admits" open is 1.27 s of
audio, 0.82 s of it speech; "US gun laws" 1.30 s, 0.67 s; "are his biggest frustration." closed
2.15 s, 1.39 s; 宇航员 open 1.32 s, 0.51 s; 在太空中 open 1.80 s, 0.88 s; 喝酒会怎么样？ closed
2.85 s, 1.43 s.
*/
const pace = {
	latin: {unit: 0.3, open: 0.45, closed: 0.85},
	han: {unit: 0.22, open: 0.8, closed: 1.4},
} as const;
/**
How fast the backend makes audio, to plan for. `rtf`: seconds of synthesis per second of audio.
The server makes about 0.33 beside Chromium on a quiet 2-core machine, Kokoro in the browser
0.71–0.76 there (2 threads; BENCHMARKS.md); the rest is room for a busy machine. `maxParts`: parts
in all, at most; the last takes whatever is left. A slow engine needs more, smaller steps: planned
as the server's, the in-browser engine left 0.5–1.3 s of silence at each of the three cuts of a
20-word first sentence (`make bench-browser`), the longest before the long last part.
*/
export type Pacing = {rtf: number; maxParts: number};
export const pacing: Record<'server' | 'browser', Pacing> = {
	server: {rtf: 0.4, maxParts: 4},
	browser: {rtf: 0.8, maxParts: 6},
};
/**
Seconds of the model's edge silence the player keeps (edges.ts). Where reading starts, the first
word comes almost at once. Where a sentence was cut into parts, the pause at the cut is a phrase's
pause, not two utterances' ends: inside a whole sentence Kokoro pauses 0.16–0.32 s at a comma or
semicolon and 0.03–0.09 s between phrases (silence below -45 dBFS in the server's audio), and the
`<audio>` join adds about 0.03 s. Between sentences the model's own pause stays: about 0.4 s.
*/
export const kept = {atStart: 0.05, beforePart: 0.03, afterClause: 0.2, afterPhrase: 0.05} as const;
/** Seconds kept after a part that its sentence goes on from: a comma's pause after a clause, else a phrase's. */
export function keptAfterCut(part: string): number {
	return endsClause.test(part) ? kept.afterClause : kept.afterPhrase;
}

const sentencePause = 0.4;
/** Words a cut must not follow: ending a part on "the" or "of" sounds like a stumble. */
const weak = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'for', 'and', 'or', 'but', 'with', 'by', 'from', 'as', 'into', 'onto', 'along', 'across', 'through', 'over', 'under', 'about', 'around', 'between', 'among', 'during', 'against', 'without', 'within', 'toward', 'towards', 'is', 'was', 'are', 'were', 'has', 'have', 'had', 'will', 'would', 'can', 'my', 'your', 'his', 'her', 'its', 'our', 'their', 'that', 'this']);
/** Words a phrase starts with: a cut just before one falls between phrases ("gun laws | are"), not inside a name or noun phrase ("gun | laws"). */
const starts = new Set([...weak, 'who', 'which', 'when', 'where', 'while', 'because', 'if', 'than', 'after', 'before', 'said', 'says']);
/** Where a Han clause ends, or a space parts a title from its subtitle. */
const hanClause = /[，、；：\s]/u;
const han = /\p{Script=Han}/u;
/** A part ending like this ends a clause: a pause is heard there anyway (edges.ts keeps a comma's pause after it). */
const endsClause = /[,;:—–)，、；：]$/u;
/** A Han sentence shorter than this is not cut where reading starts (the head is about three characters). */
const minSplitHan = 8;
/** An opening sentence of fewer words than this goes whole unless a clause ends early in it. */
const minSplitWords = 5;
/**
Words (as Intl.Segmenter cuts Chinese) a Han part must not end on: prepositions, conjunctions,
modal verbs, adverbs that lead a verb (已 | 可利用), demonstratives, and numbers (数千 | 公里 splits
"thousands of kilometres"); and the
ones it must not start with: localizers, particles and the suffixes the segmenter leaves alone
(宇航|员, 发布|会, 看守|人).
*/
const hanEndsBadly = new Set(['在', '从', '对', '把', '被', '和', '与', '跟', '向', '给', '比', '的', '是', '为', '将', '于', '距', '离', '会', '能', '可', '要', '可以', '应该', '这种', '这个', '那个', '一个', '很', '不', '也', '都', '就', '已', '已经', '还', '又', '再', '才', '正', '正在', '并', '而', '但', '却', '所']);
const hanNumber = /[\d零〇一二三四五六七八九十百千万亿两几多数第]$/u;
const hanStartsBadly = new Set(['中', '上', '下', '里', '内', '外', '的', '了', '着', '过', '们', '地', '得', '员', '会', '样', '吧', '吗', '呢', '者', '性', '化', '家', '人']);

/**
The parts of a sentence. `startsReading`: the reading starts here (job start, skip, rewind), so
it begins with the head. `after`: the last part of the sentence before (`grownFrom`). Each next
part is as long as can be made while the part before it plays (`budget`); the sentence's last part
may be shorter than that. After a sentence of some length the next is almost always within the
bound and goes whole; a long one after a short one (a title, "后果很严重") is cut, so it is not
heard as a pause of a second or more. Without `after` (the tests), a sentence that does not start
the reading goes whole.
*/
export function planParts(text: string, startsReading: boolean, after?: string, {rtf, maxParts}: Pacing = pacing.server): Part[] {
	if (!startsReading && after === undefined) {
		return [{text, offset: 0}];
	}

	const parts: Part[] = [];
	let offset = 0;
	let before = startsReading ? undefined : {text: after!, pause: sentencePause};
	while (parts.length < maxParts - 1) {
		const rest = text.slice(offset);
		const isHan = han.test(rest);
		let cut: number | undefined;
		if (before === undefined) {
			cut = isHan ? hanCut(rest, headHan, true) : latinCut(rest, headWords, true);
		} else {
			const {open, closed} = budget(before.text, before.pause, rest, rtf);
			if (units(rest) <= closed) {
				break;
			}

			cut = isHan ? hanCut(rest, open, false) : latinCut(rest, open, false);
		}

		if (cut === undefined) {
			break;
		}

		const part = rest.slice(0, cut).trimEnd();
		parts.push({text: part, offset});
		const next = rest.slice(cut);
		offset += cut + (next.length - next.trimStart().length);
		before = {text: part, pause: kept.beforePart + keptAfterCut(part)};
	}

	parts.push({text: text.slice(offset).trim(), offset});
	return parts;
}

/** What the next sentence's parts grow from (`planParts`' `after`): the last part of this one, whole or cut. */
export function grownFrom(parts: Part[]): string {
	return parts.at(-1)!.text;
}

/** Words of Latin text, characters of Han text: what `pace` counts. */
function units(text: string): number {
	return han.test(text) ? [...text].filter(char => han.test(char)).length : text.split(/\s+/).filter(Boolean).length;
}

function paceOf(text: string) {
	return han.test(text) ? pace.han : pace.latin;
}

/**
The most units (`units`) of `next` that can be made while `before` plays, followed by `pause`
seconds: with the end left open, and as the sentence's last part. The next part is asked for when
the part before it arrives, that is when it starts to play at the latest.
*/
function budget(before: string, pause: number, next: string, rtf: number): {open: number; closed: number} {
	const heard = (units(before) * paceOf(before).unit) + pause;
	const {unit, open, closed} = paceOf(next);
	const most = (silence: number) => Math.floor(((heard / rtf) - silence) / unit);
	return {open: most(open), closed: most(closed)};
}

function latinCut(text: string, most: number, head: boolean): number | undefined {
	const words = [...text.matchAll(/\S+/g)];
	// Two words at least after a cut, and before it two in the head (one if it ends a clause, as in
	// "Evolve:"), three in a later part: short parts one after another are heard as stumbles.
	const fewest = head ? 2 : 3;
	most = Math.max(fewest, Math.min(most, words.length - 2));
	// And `fewest` before it, two after it: a shorter rest is not cut at all.
	const long = words.length >= (head ? minSplitWords : fewest + 2);

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
	const candidates = [...Array.from({length: most - fewest + 1}, (_, index) => most - 1 - index), most];
	const between = candidates.find(end => end + 1 < words.length && !weakEnd(end) && starts.has(bare(end + 1)));
	let end = between ?? most - 1;
	while (end > (head ? 0 : fewest - 1) && weakEnd(end)) {
		end--;
	}

	// Only weak words so far ("In the"): the part reaches the first word that is not one.
	while (weakEnd(end) && end + 3 < words.length) {
		end++;
	}

	return words[end]!.index + words[end]![0].length;
}

function hanCut(text: string, most: number, head: boolean): number | undefined {
	if (head && text.length < minSplitHan) {
		return undefined;
	}

	// Three characters at least are left after a cut, and before it two in the head, four in a
	// later part. A clause mark within the part (the head's: within three more characters): the head
	// takes the first, a later part the last (the longest part).
	const fewest = head ? 2 : 4;
	most = Math.max(fewest, most);
	let clause: number | undefined;
	for (let index = fewest - 1; index < most + (head ? 4 : 1) && index < text.length - 3; index++) {
		if (hanClause.test(text[index]!)) {
			clause = index + 1;
			if (head) {
				break;
			}
		}
	}

	if (clause !== undefined) {
		return clause;
	}

	// No clause mark early on: cut between two words (Intl.Segmenter knows Chinese words), the
	// longest part within `most` characters (the head: two more) that does not end on a preposition
	// or start with a localizer or particle ("在太空 | 中" would be heard as a stumble); else the
	// first such boundary after that.
	const slack = head ? 2 : 0;
	let best: number | undefined;
	let previous = '';
	for (const {index, segment} of new Intl.Segmenter('zh', {granularity: 'word'}).segment(text)) {
		const word = previous;
		previous = segment;
		if (index < fewest) {
			continue;
		}

		if (index > text.length - 3) {
			break;
		}

		const fits = !hanEndsBadly.has(word) && !hanNumber.test(word) && !hanStartsBadly.has(segment);
		if (index > most + slack && (best !== undefined || fits)) {
			return best ?? index;
		}

		if (fits) {
			best = index;
		}
	}

	return best;
}
