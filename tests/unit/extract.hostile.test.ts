/**
Extraction on pages built to be hard: huge, nested thousands deep, text in shadow roots, iframes.
Each case must come back with the text a reader sees. A freeze would show here as a test that
runs into its timeout (extraction never returning: a walk that does not end, or work that grows
with the square of the page), a crash as a thrown RangeError ("Maximum call stack size exceeded")
from a walk that recurses once per level. The time bounds are loose on purpose (jsdom is far
slower than a browser, and this machine is shared): they only catch "does not finish".
*/
import {JSDOM} from 'jsdom';
import {describe, expect, test} from 'vitest';
import {extractArticle, extractVisibleBlocks} from '../../src/extract/article';
import {extractFromPoint} from '../../src/extract/fromHere';
import {rangeFor} from '../../src/extract/pageText';
import {extractSelection} from '../../src/extract/selection';
import {splitSentences} from '../../src/segment/sentences';

/** Loose: minutes would mean a freeze, seconds are jsdom on a busy machine. */
const boundMs = 30_000;

function load(html: string): JSDOM {
	return new JSDOM(html, {url: 'https://example.com/article'});
}

/** Runs `extract` and checks it returned within the bound. */
function timed<T>(extract: () => T): T {
	const started = performance.now();
	const result = extract();
	expect(performance.now() - started).toBeLessThan(boundMs);
	return result;
}

const story = (i: number) => `Paragraph ${i} tells of the river that ran past the mill, and of the miller who listened to it every night.`;

describe('a DOM nested 5,000 levels deep', () => {
	// Built by script: the HTML parser would flatten it (browsers cap parsed nesting), a page's script does not.
	function deepPage(levels: number) {
		const dom = load(`<body><h1>A deep page</h1><p>${story(0)}</p></body>`);
		const doc = dom.window.document;
		let parent: Element = doc.body;
		for (let level = 0; level < levels; level++) {
			const child = doc.createElement(level % 2 ? 'div' : 'section');
			parent.append(child);
			parent = child;
		}

		const bottom = doc.createElement('p');
		bottom.textContent = `${story(1)} ${story(2)}`;
		parent.append(bottom);
		return {dom, doc, bottom};
	}

	test('the article, the visible blocks, a selection and "from here" all come back whole', {timeout: 4 * boundMs}, () => {
		const {dom, doc, bottom} = deepPage(5000);
		for (const page of [timed(() => extractArticle(doc)), timed(() => extractVisibleBlocks(doc))]) {
			expect(page?.text).toContain(story(0));
			expect(page?.text).toContain(`${story(1)} ${story(2)}`);
		}

		const range = doc.createRange();
		range.selectNodeContents(doc.body);
		dom.window.getSelection()!.addRange(range);
		const selected = timed(() => extractSelection(dom.window as unknown as Window));
		expect(selected?.text).toBe(`A deep page\n\n${story(0)}\n\n${story(1)} ${story(2)}`);

		const fromHere = timed(() => extractFromPoint(doc, {node: bottom.firstChild!, offset: 0}));
		expect(fromHere?.text).toBe(`${story(1)} ${story(2)}`);
		// The highlight's range still finds the text at the bottom.
		expect(rangeFor(fromHere!, 0, story(1).length)?.toString()).toBe(story(1));
	});
});

describe('100,000 words', () => {
	test('in one paragraph with no sentence ends: extracted and cut into sentences of bounded length', {timeout: 4 * boundMs}, () => {
		const words = Array.from({length: 100_000}, (_, i) => `word${i % 977}`).join(' ');
		const doc = load(`<body><div>${words}</div></body>`).window.document;
		const page = timed(() => extractArticle(doc))!;
		expect(page.text.split(' ').length).toBe(100_000);
		const sentences = timed(() => splitSentences(page.text));
		expect(sentences.length).toBeGreaterThan(100_000 * 6 / 300);
		expect(Math.max(...sentences.map(sentence => sentence.text.length))).toBeLessThanOrEqual(300);
	});
});

describe('shadow roots', () => {
	test('text a web component keeps in an open shadow root is read, slotted text in its place; a closed root and a hidden host are not', () => {
		const dom = load('<body><story-card id="card"><span slot="byline">By the miller.</span></story-card><closed-card id="closed"></closed-card><story-card id="hidden" style="display:none"></story-card></body>');
		const doc = dom.window.document;
		const open = doc.querySelector('#card')!.attachShadow({mode: 'open'});
		const article = Array.from({length: 4}, (_, i) => `<p>${story(i)}</p>`).join('');
		open.innerHTML = `<h2>The mill</h2><p><slot name="byline"></slot></p>${article}`;
		doc.querySelector('#closed')!.attachShadow({mode: 'closed'}).innerHTML = '<p>A closed secret that nobody reads.</p>';
		doc.querySelector('#hidden')!.attachShadow({mode: 'open'}).innerHTML = '<p>Hidden text that is not shown.</p>';
		// Nested hosts, 1,000 deep: each shadow root holds the next host.
		let root: ShadowRoot = open;
		for (let level = 0; level < 1000; level++) {
			const host = doc.createElement('nested-part');
			root.append(host);
			root = host.attachShadow({mode: 'open'});
		}

		root.innerHTML = '<p>The innermost part says goodbye.</p>';

		const page = timed(() => extractArticle(doc))!;
		expect(page.text).toBe(['The mill', 'By the miller.', story(0), story(1), story(2), story(3), 'The innermost part says goodbye.'].join('\n\n'));
		// Ranges point into the shadow trees, so the highlight can follow.
		const at = page.text.indexOf(story(2));
		expect(rangeFor(page, at, at + story(2).length)?.toString()).toBe(story(2));
	});
});

describe('iframes', () => {
	test('a same-origin iframe is another document: the page around it is read, the frame is not walked into', () => {
		const dom = load(`<body><article><h1>Mills</h1>${Array.from({length: 5}, (_, i) => `<p>${story(i)}</p>`).join('')}<iframe></iframe></article></body>`);
		const frame = dom.window.document.querySelector('iframe')!;
		// Same origin (about:blank inherits it): the frame's document is reachable from the page, and it is deep too.
		const inner = frame.contentDocument!;
		let parent: Element = inner.body;
		for (let level = 0; level < 3000; level++) {
			parent = parent.appendChild(inner.createElement('div'));
		}

		parent.textContent = 'Text inside the frame.';
		const page = timed(() => extractArticle(dom.window.document))!;
		expect(page.text).toContain(story(4));
		expect(page.text).not.toContain('inside the frame');
	});
});
