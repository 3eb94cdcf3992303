/**
Page text is data: text that looks like markup is read and shown as the characters it is, and
nothing the extension writes into a page or its own pages parses HTML.
*/
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {JSDOM} from 'jsdom';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {showNotice} from '../../src/content/notice';
import {extractArticle} from '../../src/extract/article';
import {rangeFor} from '../../src/extract/pageText';
import {Highlighter} from '../../src/highlight/highlight';
import {splitSentences} from '../../src/segment/sentences';

const markup = '<img src=x onerror="document.title=\'pwned\'">';

afterEach(() => {
	vi.restoreAllMocks();
});

describe('text that looks like markup', () => {
	test('is extracted as text, highlighted and shown in a notice without creating an element', () => {
		// The page shows the markup as text (escaped in its HTML), as a forum quoting an attack would.
		const escaped = markup.replaceAll('<', '&lt;').replaceAll('>', '&gt;');
		const paragraphs = Array.from({length: 6}, (_, i) => `<p>Comment ${i} quoted ${escaped} and said that it was harmless here.</p>`).join('');
		const dom = new JSDOM(`<head><title>Forum</title></head><body><article>${paragraphs}</article></body>`, {url: 'https://example.com/thread'});
		const doc = dom.window.document;
		const elementsBefore = doc.getElementsByTagName('*').length;

		const page = extractArticle(doc)!;
		const sentence = splitSentences(page.text).find(candidate => candidate.text.includes(markup))!;
		expect(sentence.text).toBe(`Comment 0 quoted ${markup} and said that it was harmless here.`);

		// jsdom has no Custom Highlight API and no layout: the registry is a map, and no range has a size.
		const highlights = new Map<string, {ranges: Range[]}>();
		Object.assign(dom.window, {CSS: {highlights}, Highlight: class {
			ranges: Range[];
			constructor(...ranges: Range[]) {
				this.ranges = ranges;
			}
		}});
		dom.window.Range.prototype.getBoundingClientRect = () => ({width: 0, height: 0}) as DOMRect;
		const highlighter = new Highlighter(doc);
		highlighter.sentence(rangeFor(page, sentence.start, sentence.end), true);
		expect(highlights.get('kokoro-read-aloud-sentence')!.ranges[0]!.toString()).toBe(sentence.text);
		// The notice's shadow root is closed: catch it as it is made, to look inside.
		const attach = vi.spyOn(dom.window.Element.prototype, 'attachShadow');
		showNotice(doc, `Could not read: ${sentence.text}`, 'error');
		const root = attach.mock.results[0]!.value as ShadowRoot;

		expect(root.querySelector('[role=alert]')!.textContent).toBe(`Could not read: ${sentence.text}`);
		expect(root.querySelectorAll('img')).toHaveLength(0);
		expect(doc.querySelectorAll('img')).toHaveLength(0);
		// The notice's host is the one element added; the highlight adds none.
		expect(doc.getElementsByTagName('*').length).toBe(elementsBefore + 1);
		expect(doc.title).toBe('Forum');
		highlighter.dispose();
	});
});

describe('the source', () => {
	// Every way to turn a string into DOM or code. Page text reaches the content script, the notice and the options
	// page (through the background's messages); with none of these in the code, it can only ever be text.
	const sinks = /\b(?:innerHTML|outerHTML|insertAdjacentHTML|document\.write(?:ln)?|dangerouslySetInnerHTML|createContextualFragment|DOMParser|srcdoc|setHTMLUnsafe|parseHTMLUnsafe)\b|\beval\s*\(|\bnew\s+Function\s*\(/;

	/** The extension's own code: src/ (less the generated wasm bindings), entrypoints/, and the page library it bundles. */
	function sourceFiles(): string[] {
		const roots = ['src', 'entrypoints', 'tts-client/source'];
		return roots.flatMap(root => readdirSync(root, {recursive: true, withFileTypes: true})
			.filter(entry => entry.isFile() && /\.(?:tsx?|html)$/.test(entry.name))
			.map(entry => join(entry.parentPath, entry.name))
			.filter(path => !path.startsWith(join('src', 'g2p', 'pkg'))));
	}

	/** Comments name the sinks to say they are not used; only code counts. */
	const code = (text: string) => text.replaceAll(/\/\*[\s\S]*?\*\//g, '').replaceAll(/(^|[^:'"`])\/\/.*$/gm, '$1');

	test('has no HTML or code sink anywhere', () => {
		const files = sourceFiles();
		expect(files.length).toBeGreaterThan(50);
		const found = files.flatMap(path => code(readFileSync(path, 'utf8')).split('\n')
			.filter(line => sinks.test(line))
			.map(line => `${path}: ${line.trim()}`));
		expect(found).toEqual([]);
	});

	test('the scan finds a sink where there is one', () => {
		expect(sinks.test(code('box.innerHTML = text;'))).toBe(true);
		expect(sinks.test(code('el.insertAdjacentHTML("beforeend", text)'))).toBe(true);
		expect(sinks.test(code('<div dangerouslySetInnerHTML={{__html: text}} />'))).toBe(true);
		expect(sinks.test(code('// never innerHTML here'))).toBe(false);
	});
});
