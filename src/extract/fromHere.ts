import {splitSentences} from '../segment/sentences';
import {extractArticle, extractVisibleBlocks} from './article';
import {slicePage, type PageText} from './pageText';

export type Point = {node: Node; offset: number};

/** "Read from here": the article from the sentence at `point` on, or the visible text blocks from there when the point is outside the article. */
export function extractFromPoint(doc: Document, point: Point): PageText | null {
	const article = extractArticle(doc);
	const fromArticle = article && contains(article, point) ? startAt(doc, article, point) : null;
	if (fromArticle) return fromArticle;
	const blocks = extractVisibleBlocks(doc, point.node);
	return blocks && startAt(doc, blocks, point);
}

/** The caret position under a click (viewport coordinates), else the start of the clicked element. */
export function pointFromClick(doc: Document, x: number, y: number, target: EventTarget | null): Point | null {
	const caret = doc.caretPositionFromPoint?.(x, y);
	if (caret) return {node: caret.offsetNode, offset: caret.offset};
	const range = doc.caretRangeFromPoint?.(x, y);
	if (range) return {node: range.startContainer, offset: range.startOffset};
	// Checked by shape: the target may come from another realm (a frame), where `instanceof Node` fails.
	return target && typeof (target as Node).nodeType === 'number' ? {node: target as Node, offset: 0} : null;
}

/** Whether the point lies within the smallest live subtree holding the whole page text. */
function contains(page: PageText, point: Point): boolean {
	const first = page.pieces[0];
	const last = page.pieces.at(-1);
	if (!first || !last) return false;
	const span = first.node.ownerDocument.createRange();
	span.setStart(first.node, 0);
	span.setEnd(last.node, last.node.length);
	return span.commonAncestorContainer.contains(point.node);
}

/** The page from the start of the sentence holding the first character at or after the point; starting mid-sentence would read a fragment. */
function startAt(doc: Document, page: PageText, point: Point): PageText | null {
	const at = doc.createRange();
	at.setStart(point.node, point.offset);
	const piece = page.pieces.find((p) => at.comparePoint(p.node, p.nodeStart + p.length) > 0);
	if (!piece) return null;
	const index = piece.textStart + (piece.node === point.node ? Math.max(0, point.offset - piece.nodeStart) : 0);
	const sentence = splitSentences(page.text, {maxChars: Infinity}).find((s) => s.end > index);
	return sentence ? slicePage(page, sentence.start) : null;
}
