/**
Shows what is being read: the sentence, and the word when the backend gives word timings. Uses
the CSS Custom Highlight API, which paints ranges without touching the page's DOM (no wrapper
elements that could break the page's scripts or layout); the style sheet is adopted, not
inserted as an element. Browsers without the API still get the scrolling.
*/
const sentenceName = 'kokoro-read-aloud-sentence';
const wordName = 'kokoro-read-aloud-word';
const css = `
::highlight(${sentenceName}) { background-color: rgba(255, 213, 79, 0.45); }
::highlight(${wordName}) { background-color: rgba(255, 160, 0, 0.85); color: black; }
`;

/** After the user scrolls, following pauses this long, so reading never yanks the page from under them. */
const userScrollGraceMs = 4000;

type HighlightRegistry = {set(name: string, highlight: unknown): void; delete(name: string): void};

export class Highlighter {
	readonly #doc: Document;
	readonly #registry: HighlightRegistry | undefined;
	#styled = false;
	#userScrolledAt = -Infinity;
	#selfScrolling = false;

	constructor(doc: Document) {
		this.#doc = doc;
		const win = doc.defaultView as (Window & {CSS?: {highlights?: HighlightRegistry}; Highlight?: unknown}) | null;
		this.#registry = win?.CSS?.highlights && typeof win.Highlight === 'function' ? win.CSS.highlights : undefined;
		doc.addEventListener('wheel', this.#onUserScroll, {passive: true, capture: true});
		doc.addEventListener('touchmove', this.#onUserScroll, {passive: true, capture: true});
		doc.addEventListener('keydown', this.#onKey, {passive: true, capture: true});
	}

	/** Paints the sentence; with `follow`, also scrolls it into view (once it is heard). */
	sentence(range: Range | null, follow: boolean): void {
		this.#paint(sentenceName, range);
		this.#paint(wordName, null);
		if (range && follow) {
			this.#follow(range);
		}
	}

	word(range: Range | null): void {
		this.#paint(wordName, range);
	}

	clear(): void {
		this.#paint(sentenceName, null);
		this.#paint(wordName, null);
	}

	dispose(): void {
		this.clear();
		this.#doc.removeEventListener('wheel', this.#onUserScroll, {capture: true});
		this.#doc.removeEventListener('touchmove', this.#onUserScroll, {capture: true});
		this.#doc.removeEventListener('keydown', this.#onKey, {capture: true});
	}

	#paint(name: string, range: Range | null): void {
		if (!this.#registry) {
			return;
		}

		if (!range) {
			this.#registry.delete(name);
			return;
		}

		this.#style();
		const HighlightClass = (this.#doc.defaultView as unknown as {Highlight: new (...ranges: Range[]) => unknown}).Highlight;
		this.#registry.set(name, new HighlightClass(range));
	}

	#style(): void {
		if (this.#styled) {
			return;
		}

		this.#styled = true;
		const Sheet = this.#doc.defaultView?.CSSStyleSheet;
		if (Sheet && 'adoptedStyleSheets' in this.#doc) {
			const sheet = new Sheet();
			sheet.replaceSync(css);
			this.#doc.adoptedStyleSheets = [...this.#doc.adoptedStyleSheets, sheet];
		}
	}

	/** Scrolls the sentence to the middle of the window when it is not fully visible (and the user is not scrolling). */
	#follow(range: Range): void {
		const win = this.#doc.defaultView;
		if (!win || performance.now() - this.#userScrolledAt < userScrollGraceMs) {
			return;
		}

		const rect = range.getBoundingClientRect();
		if (rect.width === 0 && rect.height === 0) {
			return;
		}

		const margin = 40;
		if (rect.top >= margin && rect.bottom <= win.innerHeight - margin) {
			return;
		}

		this.#selfScrolling = true;
		// A smooth scroll shows where the text went; people who ask for less motion get a jump.
		const behavior = win.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 'instant' : 'smooth';
		win.scrollBy({top: rect.top - (win.innerHeight / 3), behavior});
		setTimeout(() => {
			this.#selfScrolling = false;
		}, 600);
	}

	readonly #onUserScroll = () => {
		if (!this.#selfScrolling) {
			this.#userScrolledAt = performance.now();
		}
	};

	readonly #onKey = (event: KeyboardEvent) => {
		if (['PageDown', 'PageUp', 'ArrowDown', 'ArrowUp', 'Home', 'End', ' '].includes(event.key)) {
			this.#onUserScroll();
		}
	};
}
