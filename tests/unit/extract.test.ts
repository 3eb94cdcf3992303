import {readFileSync} from 'node:fs';
import {JSDOM} from 'jsdom';
import {describe, expect, test} from 'vitest';
import {extractArticle} from '../../src/extract/article';
import {extractFromPoint, pointFromClick} from '../../src/extract/fromHere';
import {rangeFor, type PageText} from '../../src/extract/pageText';
import {extractSelection} from '../../src/extract/selection';
import {splitSentences} from '../../src/segment/sentences';

function load(html: string): JSDOM {
	return new JSDOM(html, {url: 'https://example.com/article'});
}
function fixture(name: string): JSDOM {
	return load(readFileSync(`tests/fixtures/pages/${name}.html`, 'utf8'));
}
/** jsdom's window type lacks a few members of the DOM lib's Window; the ones used here exist. */
const asWindow = (window: JSDOM['window']) => window as unknown as Window;
const squash = (s: string) => s.replace(/\s+/g, '');
/** The first text node under root whose text includes `part`. */
function textNodeWith(root: Node, part: string): Text {
	const walker = root.ownerDocument!.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
	for (let node = walker.nextNode(); node; node = walker.nextNode()) if ((node as Text).data.includes(part)) return node as Text;
	throw new Error(`no text node with ${part}`);
}

/** Every sentence's range must read back as the sentence, from the live document: that is what gets highlighted. */
function expectRangesMatch(doc: Document, page: PageText): void {
	const sentences = splitSentences(page.text);
	expect(sentences.length).toBeGreaterThan(10);
	for (const s of sentences) {
		const range = rangeFor(page, s.start, s.end);
		expect(range && doc.contains(range.startContainer) && doc.contains(range.endContainer)).toBe(true);
		expect(squash(range!.toString())).toBe(squash(s.text));
	}
}

const FIXTURES = [
	{
		name: 'bbc-news',
		first: 'President Barack Obama has admitted that his failure to pass "common sense gun safety laws" in the US is the greatest frustration of his presidency.',
		last: 'Mr Obama will become the first US president to address the African Union when he travels on to Ethiopia on Sunday.',
		absent: ['CBeebies', 'Terms of Use', 'Explore the BBC', 'View comments', 'Share this story'],
	},
	{
		name: 'mercurial-docs',
		first: 'Once you have mastered the art of mutable history in a single repository (see the user guide), you can move up to the next level: shared mutable history.',
		last: 'But be sure to practice a lot first before you rely on it!',
		absent: ['$ hg init public', '0 files unresolved', 'Created using', 'Evolve: User Guide'],
	},
	{
		name: 'mozilla-hacks-blog',
		first: 'For more than a decade the Web has used XMLHttpRequest (XHR) to achieve asynchronous requests in JavaScript.',
		last: 'Kelly for helping with the specification and implementation.',
		absent: ['how do you abort a fetch?', 'Alexander Petrov', 'Post a comment', 'Report Trademark Abuse', 'instanceof Response', 'favColor=blue'],
	},
	{
		name: 'qq-zh',
		first: '在2014年收购的人工智能公司DeepMind开发出一款能够用自己的记忆学习新知识并利用这些知识来回答问题的计算机。',
		last: 'DeepMind已将其研究结果发表在科学刊物《自然》（Nature）上。',
		absent: ['无障碍说明', '浏览器更新提醒', '热评文章', '返回顶部', 'Copyright © 1998'],
	},
	{
		name: 'gmw-zh',
		first: '翱翔于距地球数千公里的太空中，进入广袤漆黑的未知领域，是一项艰苦卓绝的工作。',
		last: '我们留在地球上的人，则可以准备好适量的香槟酒，以迎接他们的归来。',
		absent: ['您想去哪里', '光明网版权所有', '新闻表情排行', '值班总编推荐'],
	},
];

describe.each(FIXTURES)('article of $name', ({name, first, last, absent}) => {
	const dom = fixture(name);
	const doc = dom.window.document;
	const before = doc.body.innerHTML;
	const page = extractArticle(doc)!;

	test('holds the article from its first sentence to its last, and none of the page around it', () => {
		expect(page.text).toContain(first);
		expect(page.text).toContain(last);
		expect(page.text.indexOf(first)).toBeLessThan(200);
		const all = squash(doc.body.textContent!);
		for (const text of absent) {
			expect(all).toContain(squash(text)); // on the page, so its absence means something
			expect(page.text).not.toContain(text);
		}
	});

	test('maps every sentence back to the live page, which it leaves untouched', () => {
		expectRangesMatch(doc, page);
		expect(doc.body.innerHTML).toBe(before);
	});
});

describe('article details', () => {
	test('starts with the headline, which Readability leaves out of the content', () => {
		expect(extractArticle(fixture('bbc-news').window.document)!.text.startsWith('Obama admits US gun laws are his \'biggest frustration\'\n\nPresident Barack Obama')).toBe(true);
		expect(extractArticle(fixture('mercurial-docs').window.document)!.text.startsWith('Evolve: Shared Mutable History\n\nOnce you have mastered')).toBe(true);
		expect(extractArticle(fixture('mozilla-hacks-blog').window.document)!.text.startsWith('This API is so Fetching!\n\n')).toBe(true);
	});

	test('a line break inside a paragraph does not cut its sentence in two', () => {
		const page = extractArticle(fixture('mozilla-hacks-blog').window.document)!;
		const sentences = splitSentences(page.text).map((sentence) => sentence.text.replace(/\s+/g, ' '));
		expect(sentences).toContain('The fetch() function’s arguments are the same as those passed to the Request() constructor, so you may directly pass arbitrarily complex requests to fetch() as discussed below.');
	});

	test('keeps inline code but skips code blocks', () => {
		const doc = fixture('mozilla-hacks-blog').window.document;
		const page = extractArticle(doc)!;
		expect(page.text).toContain('it introduces a utility function fetch() that succinctly captures');
		expect(doc.querySelector('pre')!.textContent).toContain('console.log(data.entries)');
		expect(page.text).not.toContain('console.log');
	});

	test('skips a table of contents, which repeats the headings, and heading permalinks', () => {
		const page = extractArticle(fixture('mercurial-docs').window.document)!;
		expect(page.text.split('Example 2: Amend again, locally').length - 1).toBe(1);
		expect(page.text).toContain('\n\nExample 2: Amend again, locally\n\nThis process can repeat.');
		expect(page.text).not.toMatch(/^Contents$/m); // the box's title goes with it
	});

	test('Chinese articles read as Chinese', () => {
		const page = extractArticle(fixture('gmw-zh').window.document)!;
		const langs = splitSentences(page.text).map((s) => s.lang);
		expect(langs.filter((l) => l === 'zh').length).toBe(langs.length);
	});

	test('falls back to visible blocks outside site chrome when there is no article', () => {
		const doc = load(`<body><header><p>Site banner text</p></header><nav><ul><li>Home</li><li>About</li></ul></nav>
			<div><h1>Short note</h1><p>Only a   line or two here.</p><ul><li>First point<p>nested para</p></li></ul>
			<p hidden>Hidden words</p><p style="display:none">Undisplayed words</p><pre>let x = 1;</pre></div>
			<aside><p>Related stories</p></aside><footer><p>Copyright</p></footer></body>`).window.document;
		expect(extractArticle(doc)?.text).toBe('Short note\n\nOnly a line or two here.\n\nFirst point\n\nnested para');
	});

	test('returns null when nothing is readable', () => {
		expect(extractArticle(load('<body><nav><p>Home</p></nav><script>var a = 1;</script></body>').window.document)).toBeNull();
	});

	test('maps text back even when Readability re-parses the page from HTML', () => {
		// The first pass drops "comment"-classed containers; finding too little, Readability restores the body from HTML.
		const paragraph = (i: number) => `<p>Paragraph ${i} tells a long story about rivers, hills and the <b>people</b> who live there.</p>`;
		const body = `<div class="comments">${Array.from({length: 12}, (_, i) => paragraph(i)).join('')}</div>`;
		const promo = '<div class="sidebar"><p>Subscribe to our newsletter</p></div>';
		const doc = load(`<body><nav><a href="/">Home</a></nav>${body}${promo}</body>`).window.document;
		const page = extractArticle(doc)!;
		expect(page.text).toContain('Paragraph 11 tells a long story about rivers, hills and the people who live there.');
		expect(page.text).not.toContain('Subscribe'); // what the visible-blocks fallback would have read
		expectRangesMatch(doc, page);
	});

	test('a 100,000-word page extracts whole', {timeout: 120_000}, () => {
		const words = 'the river ran past old mills and quiet towns under grey skies'.split(' ');
		const paragraphs = Array.from({length: 2000}, (_, i) => {
			const sentence = Array.from({length: 49}, (_, j) => words[(i + j) % words.length]).join(' ');
			return `<p>Marker${i} ${sentence}.</p>`;
		});
		const chrome = Array.from({length: 300}, (_, i) => `<li><a href="/n${i}">Link ${i}</a></li>`).join('');
		const doc = load(`<body><nav><ul>${chrome}</ul></nav><article>${paragraphs.join('\n')}</article><footer>Footer</footer></body>`).window.document;
		const page = extractArticle(doc)!;
		expect(page.text.startsWith('Marker0 the river')).toBe(true);
		expect(page.text).toContain('Marker1999 ');
		expect(page.text.split(/\s+/).length).toBe(100_000);
		expect(page.text).not.toContain('Link 1');
		expect(rangeFor(page, page.text.indexOf('Marker1500'), page.text.indexOf('Marker1501'))?.toString()).toMatch(/^Marker1500 .*\.$/);
	});
});

describe('extractSelection', () => {
	test('reads the selected text, clipped to the selection, with block breaks', () => {
		const {window} = load(`<body><p id="a">The first   paragraph of <em>this</em> page.</p><script>x()</script>
			<ul><li>Item one</li><li>Item <button>Click</button>two</li></ul><p id="b">Last words here.</p></body>`);
		const doc = window.document;
		const range = doc.createRange();
		range.setStart(doc.getElementById('a')!.firstChild!, 4);
		range.setEnd(doc.getElementById('b')!.firstChild!, 4);
		window.getSelection()!.addRange(range);
		const page = extractSelection(asWindow(window))!;
		expect(page.text).toBe('first paragraph of this page.\n\nItem one\n\nItem two\n\nLast');
		expect(rangeFor(page, 0, 15)!.toString()).toBe('first   paragraph');
		expect(rangeFor(page, page.text.length - 4, page.text.length)!.toString()).toBe('Last');
	});

	test('reads a selection on a real page', () => {
		const {window} = fixture('bbc-news');
		const doc = window.document;
		window.getSelection()!.selectAllChildren(textNodeWith(doc.body, 'He vowed to keep trying').parentElement!);
		expect(extractSelection(asWindow(window))?.text).toBe('He vowed to keep trying, but the BBC\'s North America editor Jon Sopel said the president did not sound very confident.');
	});

	test('reads the selection inside a text field, with no DOM position', () => {
		const {window} = load('<body><p>Page text</p><textarea>Draft: hello world, again.</textarea></body>');
		const field = window.document.querySelector('textarea')!;
		field.focus();
		field.setSelectionRange(7, 18);
		expect(extractSelection(asWindow(window))).toEqual({text: 'hello world', pieces: []});
	});

	test('is null when nothing or only whitespace is selected', () => {
		const {window} = load('<body><p>Words</p><p>   </p></body>');
		expect(extractSelection(asWindow(window))).toBeNull();
		window.getSelection()!.selectAllChildren(window.document.querySelectorAll('p')[1]!);
		expect(extractSelection(asWindow(window))).toBeNull();
	});
});

describe('extractFromPoint', () => {
	const {window} = fixture('mozilla-hacks-blog');
	const doc = window.document;
	const paragraph = textNodeWith(doc.body, ' intends').parentElement!;
	const text = paragraph.firstChild as Text; // "The "

	test('starts at the paragraph the point is in and reads to the end of the article', () => {
		const page = extractFromPoint(doc, {node: text, offset: 0})!;
		expect(page.text.startsWith('The Fetch API intends to fix most of these problems. It does this')).toBe(true);
		expect(page.text).toContain('Kelly for helping with the specification and implementation.');
		expect(page.text).not.toContain('For more than a decade');
		expect(rangeFor(page, 0, 13)!.toString()).toBe('The Fetch API');
	});

	test('starts at the sentence the point is in', () => {
		const node = textNodeWith(paragraph, 'introducing');
		const page = extractFromPoint(doc, {node, offset: node.data.indexOf('introducing')})!;
		expect(page.text.startsWith('It does this by introducing the same primitives')).toBe(true);
	});

	test('outside the article, reads the visible blocks from the point on', () => {
		const comment = textNodeWith(doc.body, 'how do you abort a fetch?').parentElement!;
		const page = extractFromPoint(doc, {node: comment, offset: 0})!;
		expect(page.text.startsWith('how do you abort a fetch?')).toBe(true);
		expect(page.text).not.toContain('The Fetch API intends');
	});

	test('pointFromClick uses the caret under the click, else the clicked element', () => {
		expect(pointFromClick(doc, 10, 10, paragraph)).toEqual({node: paragraph, offset: 0});
		const caretDoc = Object.assign(Object.create(doc) as Document, {caretRangeFromPoint: () => ({startContainer: text, startOffset: 5})});
		expect(pointFromClick(caretDoc, 10, 10, paragraph)).toEqual({node: text, offset: 5});
		expect(pointFromClick(doc, 10, 10, null)).toBeNull();
	});
});
