/** A run of text taken from one DOM Text node. */
export type Piece = {node: Text; nodeStart: number; textStart: number; length: number};
/** Text gathered from the page, with the DOM position of every character (pieces sorted by textStart, non-overlapping). Characters not covered by a piece (inserted paragraph breaks "\n\n" or spaces between blocks) have no DOM position. */
export type PageText = {text: string; pieces: Piece[]};

/** A live DOM Range covering text[start, end) (trimmed to the covered characters), or null if no character in it has a DOM position. */
export function rangeFor(page: PageText, start: number, end: number): Range | null {
	const {pieces} = page;
	// Binary search: rangeFor runs once per spoken sentence on pages with tens of thousands of pieces.
	let lo = 0;
	let hi = pieces.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		const p = pieces[mid]!;
		if (p.textStart + p.length <= start) lo = mid + 1;
		else hi = mid;
	}
	const first = pieces[lo];
	if (!first || first.textStart >= end) return null;
	let last = first;
	for (let i = lo + 1; i < pieces.length && pieces[i]!.textStart < end; i++) last = pieces[i]!;
	const range = first.node.ownerDocument.createRange();
	range.setStart(first.node, first.nodeStart + Math.max(0, start - first.textStart));
	range.setEnd(last.node, last.nodeStart + Math.min(last.length, end - last.textStart));
	return range;
}

/** page.text[start, end) with the DOM positions that go with it. */
export function slicePage(page: PageText, start: number, end = page.text.length): PageText {
	const pieces: Piece[] = [];
	for (const p of page.pieces) {
		const from = Math.max(start, p.textStart);
		const to = Math.min(end, p.textStart + p.length);
		if (from >= to) continue;
		pieces.push({node: p.node, nodeStart: p.nodeStart + from - p.textStart, textStart: from - start, length: to - from});
	}
	return {text: page.text.slice(start, end), pieces};
}

/** Never read: not text a reader sees as prose. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'textarea', 'input', 'select', 'button', 'object', 'embed', 'canvas', 'audio', 'video']);
/** Boundaries a sentence must not run across. */
const BLOCKS = new Set([
	'address', 'article', 'aside', 'blockquote', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
	'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'legend', 'li', 'main', 'nav', 'ol', 'p', 'pre',
	'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
const RUNS = /\s+|\S+/g;

export type CollectOptions = {
	/** Only text inside this range, clipped to its ends (a selection). */
	within?: Range;
	/** The live node a walked text node stands for (article mode walks a clone); null drops the text. */
	live?: (node: Text) => Text | null;
	/** Subtrees to leave out on top of the ones never read. */
	skip?: (el: Element) => boolean;
};

/** Gathers text from DOM subtrees as it renders: whitespace collapsed, each block on its own line. */
export class PageTextBuilder {
	private text = '';
	private readonly pieces: Piece[] = [];
	private pendingBreak = '';
	private pendingSpace: {node: Text | null; offset: number} | null = null;
	private readonly displayed = new WeakMap<Element, boolean>();

	/** Ends the current block: the next text starts on a new line. */
	paragraph(kind: '\n' | '\n\n' = '\n\n'): void {
		if (kind === '\n\n' || !this.pendingBreak) this.pendingBreak = kind;
	}

	/**
	Adds the text under `node` in rendering order: an element with an open shadow root shows its shadow tree, and a slot
	shows what is assigned to it (except within a selection, see below). A loop with its own stack rather than recursion: a page can nest elements thousands
	deep (scripts are not held to the parser's depth limit), which would overflow the call stack.
	*/
	add(node: Node, options: CollectOptions = {}, inPre = false): void {
		const work: Array<{node: Node; inPre: boolean} | typeof END_BLOCK> = [{node, inPre}];
		while (work.length > 0) {
			const item = work.pop()!;
			if (item === END_BLOCK) {
				this.paragraph();
				continue;
			}

			const {node: current, inPre: pre} = item;
			if (options.within && !options.within.intersectsNode(current)) continue;
			if (current.nodeType === current.TEXT_NODE) {
				this.addText(current as Text, options, pre);
				continue;
			}
			if (current.nodeType !== current.ELEMENT_NODE) continue;
			const el = current as Element;
			if (SKIPPED.has(el.localName) || hiddenByMarkup(el) || options.skip?.(el)) continue;
			if (el.localName === 'br') {
				this.paragraph('\n');
				continue;
			}
			if (BLOCKS.has(el.localName)) {
				this.paragraph();
				work.push(END_BLOCK);
			}
			// A selection's range lives in the light tree (shadow nodes never intersect it): walk that one.
			const children = options.within ? el.childNodes : renderedChildren(el);
			const childPre = pre || el.localName === 'pre';
			for (let i = children.length - 1; i >= 0; i--) work.push({node: children[i]!, inPre: childPre});
		}
	}

	/** The text so far, or null when it has nothing but whitespace. */
	build(): PageText | null {
		return this.text ? {text: this.text, pieces: this.pieces} : null;
	}

	private addText(node: Text, {within, live}: CollectOptions, inPre: boolean): void {
		const target = live ? live(node) : node;
		if (!target || !this.isDisplayed(parentAcrossShadow(target))) return;
		const data = node.data;
		const from = within?.startContainer === node ? within.startOffset : 0;
		const to = within?.endContainer === node ? within.endOffset : data.length;
		RUNS.lastIndex = from;
		for (let m = RUNS.exec(data); m && m.index < to; m = RUNS.exec(data)) {
			const start = m.index;
			const end = Math.min(to, start + m[0].length);
			if (/\S/.test(m[0])) this.word(data.slice(start, end), target, start);
			else if (inPre && m[0].includes('\n')) this.paragraph('\n');
			// Collapsed whitespace is only pointable when it is one plain space, so the text stays equal to the DOM's.
			else this.pendingSpace ??= end - start === 1 && m[0] === ' ' ? {node: target, offset: start} : {node: null, offset: 0};
		}
	}

	private word(word: string, node: Text, offset: number): void {
		if (this.text && this.pendingBreak) this.append(this.pendingBreak, null, 0);
		else if (this.text && this.pendingSpace) this.append(' ', this.pendingSpace.node, this.pendingSpace.offset);
		this.pendingBreak = '';
		this.pendingSpace = null;
		this.append(word, node, offset);
	}

	private append(s: string, node: Text | null, offset: number): void {
		const last = this.pieces.at(-1);
		if (node && last?.node === node && last.nodeStart + last.length === offset && last.textStart + last.length === this.text.length) {
			last.length += s.length;
		} else if (node) {
			this.pieces.push({node, nodeStart: offset, textStart: this.text.length, length: s.length});
		}
		this.text += s;
	}

	/** display:none anywhere above (across shadow roots), where the document is rendered (a detached clone has no computed style). Iterative for the same reason as `add`. */
	private isDisplayed(start: Element | null): boolean {
		const unknown: Element[] = [];
		let shown = true;
		for (let el = start; el; el = parentAcrossShadow(el)) {
			const known = this.displayed.get(el);
			if (known !== undefined) {
				shown = known;
				break;
			}
			unknown.push(el);
		}
		// From the top down: a hidden ancestor hides everything below it without asking for more styles.
		for (let i = unknown.length - 1; i >= 0; i--) {
			const el = unknown[i]!;
			const view = el.ownerDocument.defaultView;
			shown &&= !view || view.getComputedStyle(el).display !== 'none';
			this.displayed.set(el, shown);
		}
		return shown;
	}
}

/** Marks where a block's children end in `add`'s work stack. */
const END_BLOCK = Symbol('end of block');

/**
The children a reader sees: an open shadow root's nodes instead of the light children (which show only through its
slots), and a slot's assigned nodes (or its fallback content when nothing is assigned). Closed shadow roots are the
page's own business and stay unread.
*/
export function renderedChildren(el: Element): ArrayLike<Node> {
	if (el.shadowRoot) return el.shadowRoot.childNodes;
	if (el.localName === 'slot' && el.getRootNode() !== el.ownerDocument) {
		const assigned = (el as HTMLSlotElement).assignedNodes();
		if (assigned.length > 0) return assigned;
	}
	return el.childNodes;
}

/** The parent element, or the host when `node` is at the top of a shadow tree. */
export function parentAcrossShadow(node: Node): Element | null {
	if (node.parentElement) return node.parentElement;
	const root = node.parentNode;
	return root && root.nodeType === root.DOCUMENT_FRAGMENT_NODE && 'host' in root ? (root as ShadowRoot).host : null;
}

function hiddenByMarkup(el: Element): boolean {
	return el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true';
}
