import {Readability} from '@mozilla/readability';
import {PageTextBuilder, type PageText, parentAcrossShadow, renderedChildren} from './pageText';

/** Less than this from Readability means it latched onto boilerplate; the visible blocks read better. */
const MIN_ARTICLE_CHARS = 200;
const BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, blockquote, td, dd, figcaption';
/** Site chrome and hidden parts, never read in the fallback unless the reader points into them. */
const NOT_CONTENT = [
	'nav, header, footer, aside, form, menu, noscript, template, pre, [hidden], [aria-hidden="true"]',
	'[role=navigation], [role=banner], [role=contentinfo], [role=menu], [role=menubar], [role=complementary]',
].join(', ');

/** The article body, mapped to the live DOM; visible text blocks when Readability finds no article; null when nothing is readable. */
export function extractArticle(doc: Document): PageText | null {
	let page: PageText | null = null;
	try {
		page = readabilityArticle(doc);
	} catch (error) {
		// Readability is a third party's code run on a page that may be hostile (its cleaning recurses once per level of a
		// DOM nested thousands deep, for one): whatever stops it, the visible blocks are still there to read.
		console.warn('Kokoro Read Aloud: article extraction failed, reading the visible text blocks instead', error);
	}
	return page ?? extractVisibleBlocks(doc);
}

function readabilityArticle(doc: Document): PageText | null {
	// Readability rewrites the document it parses, so it gets a copy; each copied text node is paired with its live original.
	const clone = doc.cloneNode(true) as Document;
	const {pairs, liveTexts} = pairTexts(clone, doc);
	const parsed = new Readability(clone, {serializer: (el) => el}).parse();
	const article = parsed?.content;
	if (!article) return null;
	realign(article, pairs, liveTexts);
	const builder = new PageTextBuilder();
	const here = doc.URL.replace(/#.*/, '');
	const skip = (el: Element) => isCodeBlock(el) || isTableOfContents(el, here) || isPermalink(el, here);
	// Readability drops the headline from the content; a listener expects to hear it first.
	const headline = findHeadline(doc, parsed.title ?? '', firstLiveText(article, pairs));
	if (headline && !article.textContent?.includes(headline.textContent!.trim())) {
		builder.add(headline, {skip});
		builder.paragraph();
	}
	builder.add(article, {live: (t) => pairs.get(t) ?? null, skip});
	const page = builder.build();
	return page && page.text.length >= MIN_ARTICLE_CHARS ? page : null;
}

/**
Paragraph-like blocks outside site chrome, in the order they render; `around` lets chrome that contains it (where the
reader clicked) be read too. Walks the tree as it renders, into open shadow roots and through their slots (web
components keep their text there, where selectors do not reach), with its own stack: pages nest thousands deep.
*/
export function extractVisibleBlocks(doc: Document, around?: Node): PageText | null {
	const aroundEl = around && (around.nodeType === around.ELEMENT_NODE ? (around as Element) : parentAcrossShadow(around));
	const region = aroundEl ? closestRendered(aroundEl, NOT_CONTENT) : null;
	const builder = new PageTextBuilder();
	// `excluded`: inside site chrome (the nearest such ancestor); `inRegion`: inside the chrome the reader clicked in.
	const work: Array<{node: Node; excluded: boolean; inRegion: boolean}> = doc.documentElement ? [{node: doc.documentElement, excluded: false, inRegion: false}] : [];
	while (work.length > 0) {
		const {node, excluded: outerExcluded, inRegion: outerInRegion} = work.pop()!;
		if (node.nodeType !== node.ELEMENT_NODE) continue;
		const el = node as Element;
		const inRegion = outerInRegion || el === region;
		const excluded = outerExcluded || el.matches(NOT_CONTENT);
		if (el.matches(BLOCKS) && (!excluded || inRegion)) {
			// Taken whole: the blocks inside it are read with it.
			builder.add(el, {skip: isCodeBlock});
			builder.paragraph();
			continue;
		}
		const children = renderedChildren(el);
		for (let i = children.length - 1; i >= 0; i--) work.push({node: children[i]!, excluded, inRegion});
	}
	return builder.build();
}

/** The nearest element at or above `el` (in the rendered tree, across shadow roots) that matches `selector`. */
function closestRendered(el: Element, selector: string): Element | null {
	for (let at: Element | null = el; at; at = renderedParent(at)) if (at.matches(selector)) return at;
	return null;
}

/** Where `el` shows: its slot when it is slotted into a shadow tree, else its parent (or its shadow root's host). */
function renderedParent(el: Element): Element | null {
	return el.assignedSlot ?? parentAcrossShadow(el);
}

/** Nobody wants code read aloud; inline `code` in a sentence is part of the prose, a multi-line one is a listing. */
function isCodeBlock(el: Element): boolean {
	return el.localName === 'pre' || (el.localName === 'code' && (el.textContent ?? '').includes('\n'));
}

/**
The live h1 (else h2) that is the article's headline: most of its words are in the page title,
which often adds the site's name or words around it ("Shared Mutable History — evolve extension
for Mercurial" for the heading "Evolve: Shared Mutable History").
*/
function findHeadline(doc: Document, title: string, articleStart: Text | null): Element | null {
	const titleWords = new Set(words(title));
	if (titleWords.size === 0 || !articleStart) return null;
	for (const selector of ['h1', 'h2']) {
		let nearest: Element | null = null;
		for (const heading of doc.querySelectorAll(selector)) {
			// The site's name is often an h1 in the header too: the headline is the last match before the article.
			if (!(heading.compareDocumentPosition(articleStart) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
			const own = words(heading.textContent ?? '');
			if (own.length > 0 && own.filter((word) => titleWords.has(word)).length >= HEADLINE_OVERLAP * own.length) nearest = heading;
		}
		if (nearest) return nearest;
	}
	return null;
}

/** The live text node the article starts with. */
function firstLiveText(article: Node, pairs: WeakMap<Text, Text>): Text | null {
	const walker = article.ownerDocument!.createTreeWalker(article, NodeFilter.SHOW_TEXT);
	for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
		const live = pairs.get(node);
		if (live && /\S/.test(live.data)) return live;
	}
	return null;
}

const HEADLINE_OVERLAP = 0.75;

/** Lower-cased words, each Han character counted as one (Chinese has no spaces). */
function words(text: string): string[] {
	return text.toLowerCase().match(/\p{Script=Han}|[\p{L}\p{N}]+/gu) ?? [];
}

/** Title text of a table of contents box ("Contents", "On this page"): a few words at most. */
const TOC_TITLE_CHARS = 30;

/**
A list of nothing but links to places on this page is a table of contents: navigation, not prose.
So is the box around one that adds only a short title (Sphinx's "Contents").
*/
function isTableOfContents(el: Element, here: string): boolean {
	const list = el.localName === 'ul' || el.localName === 'ol';
	if (!list && !['div', 'nav', 'section', 'aside'].includes(el.localName)) return false;
	let linked = 0;
	for (const a of el.querySelectorAll('a[href]')) if (isInPageLink(a, here)) linked += visibleLength(a);
	if (linked === 0) return false;
	const rest = visibleLength(el) - linked;
	return list ? rest === 0 : rest <= TOC_TITLE_CHARS && el.querySelector('ul, ol') !== null;
}

/** The "¶" or "#" that documentation puts after a heading to link to it. */
function isPermalink(el: Element, here: string): boolean {
	return el.localName === 'a' && isInPageLink(el, here) && !/[\p{L}\p{N}]/u.test(el.textContent ?? '');
}

function isInPageLink(a: Element, here: string): boolean {
	const href = a.getAttribute('href') ?? '';
	// Readability makes hash links absolute when the page has a <base>.
	return href.startsWith('#') || href.startsWith(`${here}#`);
}

function visibleLength(node: Node): number {
	return squash(node.textContent ?? '').length;
}

function squash(text: string): string {
	return text.replace(/\s+/g, '');
}

/** Clone text node → live text node: cloneNode copies the tree exactly, so walking both in step pairs them. */
function pairTexts(clone: Document, doc: Document): {pairs: WeakMap<Text, Text>; liveTexts: Text[]} {
	const pairs = new WeakMap<Text, Text>();
	const liveTexts: Text[] = [];
	const copies = clone.createTreeWalker(clone, NodeFilter.SHOW_TEXT);
	const originals = doc.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
	for (let c = copies.nextNode(), o = originals.nextNode(); c && o; c = copies.nextNode(), o = originals.nextNode()) {
		pairs.set(c as Text, o as Text);
		liveTexts.push(o as Text);
	}
	return {pairs, liveTexts};
}

/**
 * When a pass finds too little, Readability restores the body from HTML and tries again, which replaces its text nodes.
 * Those are matched back by content: the earliest live node with the same text after the last matched one, since Readability
 * keeps document order.
 */
function realign(article: Node, pairs: WeakMap<Text, Text>, liveTexts: Text[]): void {
	const walker = article.ownerDocument!.createTreeWalker(article, NodeFilter.SHOW_TEXT);
	let index: {position: Map<Text, number>; byText: Map<string, number[]>} | undefined;
	let last: Text | undefined; // the live node the previous article text is paired with
	for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
		let live = pairs.get(node);
		if (!live) {
			index ??= indexTexts(liveTexts);
			const at = firstAtLeast(index.byText.get(node.data) ?? [], last ? index.position.get(last)! + 1 : 0);
			if (at < 0) continue;
			live = liveTexts[at]!;
			pairs.set(node, live);
		}
		last = live;
	}
}

function indexTexts(texts: Text[]): {position: Map<Text, number>; byText: Map<string, number[]>} {
	const position = new Map<Text, number>();
	const byText = new Map<string, number[]>();
	texts.forEach((t, i) => {
		position.set(t, i);
		const group = byText.get(t.data);
		if (group) group.push(i);
		else byText.set(t.data, [i]);
	});
	return {position, byText};
}

/** The first value ≥ min in an ascending list, or -1. */
function firstAtLeast(sorted: number[], min: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (sorted[mid]! < min) lo = mid + 1;
		else hi = mid;
	}
	return lo < sorted.length ? sorted[lo]! : -1;
}
