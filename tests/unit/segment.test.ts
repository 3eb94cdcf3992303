import {describe, expect, test} from 'vitest';
import {detectLang, splitSentences, type Sentence} from '../../src/segment/sentences';

/** The sentence texts, after checking every offset against the input: the player highlights by these offsets. */
function split(text: string, maxChars?: number): string[] {
	const sentences = splitSentences(text, {maxChars});
	for (const s of sentences) {
		expect(text.slice(s.start, s.end)).toBe(s.text);
		expect(s.text).toBe(s.text.trim());
	}
	return sentences.map((s) => s.text);
}

describe('English', () => {
	test('splits after . ! ? and …', () => {
		expect(split('It rained. Did it stop? No! We waited… Then it did.')).toEqual(['It rained.', 'Did it stop?', 'No!', 'We waited…', 'Then it did.']);
	});

	test('keeps closing quotes and brackets with the sentence they close', () => {
		expect(split(`He said "Go." Then he left. (It was late.) 'Fine.' she thought... maybe.`)).toEqual([
			'He said "Go."',
			'Then he left.',
			'(It was late.)',
			"'Fine.' she thought... maybe.",
		]);
		expect(split('“Stop!” she said. “Why?” he asked.')).toEqual(['“Stop!” she said.', '“Why?” he asked.']);
	});

	test('does not split on abbreviations, initials or a number after No./Fig.', () => {
		const text =
			'Mr. and Mrs. Smith met Dr. Jones and Prof. Lee at St. Mark’s vs. the rest, e.g. at 5 p.m. on Fig. 3 in the U.S. and the U.K. ' +
			'J. R. R. Tolkien wrote it, i.e. Acme Inc. and Widgets Ltd. paid Sam Jr. for item No. 5, etc. and more.';
		expect(split(text)).toEqual([text]);
		expect(split('Is it a yes? The answer is No. Then we left.')).toEqual(['Is it a yes?', 'The answer is No.', 'Then we left.']);
		expect(split('So do I. Then we left.')).toEqual(['So do I.', 'Then we left.']);
	});

	test('does not split decimals, versions, URLs or e-mail addresses', () => {
		expect(split('Pi is 3.14 and v1.2.3 is out at example.com/a.b today. Mail me at a.b@example.org now.')).toEqual([
			'Pi is 3.14 and v1.2.3 is out at example.com/a.b today.',
			'Mail me at a.b@example.org now.',
		]);
		expect(split('Visit example.com. It is new.')).toEqual(['Visit example.com.', 'It is new.']);
	});

	test('an ellipsis followed by a lowercase word goes on', () => {
		expect(split('Well... you know. And … so on. Wait... What?')).toEqual(['Well... you know.', 'And … so on.', 'Wait...', 'What?']);
	});

	test('paragraph breaks always end a sentence', () => {
		expect(split('A heading\n\nFirst line without stop\r\n\r\nNext paragraph. Second one\n\n\n')).toEqual([
			'A heading',
			'First line without stop',
			'Next paragraph.',
			'Second one',
		]);
	});

	test('a line break inside a sentence (a <br>) does not cut it; one after punctuation does', () => {
		expect(split('The arguments are the same as those passed to the\nRequest() constructor.\nShall I go?\nYes:\nnow')).toEqual([
			'The arguments are the same as those passed to the\nRequest() constructor.',
			'Shall I go?',
			'Yes:',
			'now',
		]);
		expect(split('第一行，\n第二行。')).toEqual(['第一行，\n第二行。']);
	});

	test('drops pieces that are only punctuation or whitespace', () => {
		expect(split('... ! — ?\n\n“”\n   ')).toEqual([]);
		expect(split('Hi. . . Ok.')).toEqual(['Hi.', 'Ok.']);
		expect(split('')).toEqual([]);
	});
});

describe('Chinese and mixed', () => {
	test('splits after 。！？；… with no space, keeping closing quotes', () => {
		expect(split('今天下雨了。你去吗？我不去！他说：“好的。”我们走吧；天黑了……明天见')).toEqual([
			'今天下雨了。',
			'你去吗？',
			'我不去！',
			'他说：“好的。”',
			'我们走吧；',
			'天黑了……',
			'明天见',
		]);
	});

	test('a quoted question inside a sentence stays in it, and a full stop after the quote stays too', () => {
		expect(split('例如，它可以回答“你会到达哪个站？”这样的问题。比如“张三的大舅是谁？”。下一句')).toEqual([
			'例如，它可以回答“你会到达哪个站？”这样的问题。',
			'比如“张三的大舅是谁？”。',
			'下一句',
		]);
	});

	test('half-width ? and ! followed by Chinese end a sentence; a decimal does not', () => {
		expect(split('真的吗?我不信!模拟海拔3.7公里。')).toEqual(['真的吗?', '我不信!', '模拟海拔3.7公里。']);
	});

	test('each sentence gets its own language', () => {
		const sentences = splitSentences('DeepMind开发出一款计算机。It can answer questions. 谷歌在2014年收购了它。');
		expect(sentences.map((s: Sentence) => [s.text, s.lang])).toEqual([
			['DeepMind开发出一款计算机。', 'zh'],
			['It can answer questions.', 'en'],
			['谷歌在2014年收购了它。', 'zh'],
		]);
	});
});

describe('detectLang', () => {
	test('compares Han characters with Latin words', () => {
		expect(detectLang('我用Python写代码')).toBe('zh'); // 5 Han vs 1 word
		expect(detectLang('The word 你好 means hello')).toBe('en'); // 2 Han vs 4 words
		expect(detectLang('Hello 世')).toBe('en'); // a tie reads as English
		expect(detectLang('Hello 世界')).toBe('zh');
		expect(detectLang('12345 !!!')).toBe('en');
		expect(detectLang('Ça va très bien')).toBe('en');
	});
});

describe('long sentences', () => {
	test('are cut at clause breaks first, then spaces, and no piece exceeds maxChars', () => {
		const clause = 'the quick brown fox jumps over the lazy dog';
		const text = `${[clause, clause, clause, clause].join(', ')}; ${clause} — ${clause}: ${clause}.`;
		const pieces = split(text, 100);
		for (const p of pieces) expect(p.length).toBeLessThanOrEqual(100);
		expect(pieces[0]).toBe(`${clause}, ${clause},`);
		expect(pieces.join(' ').replace(/\s+/g, ' ')).toBe(text);
	});

	test('do not cut at the comma of 1,000,000', () => {
		const text = `${'word '.repeat(15)}1,000,000 ${'word '.repeat(15)}`.trim();
		const pieces = split(text, 90);
		expect(pieces.every((p) => p.length <= 90)).toBe(true);
		expect(pieces.some((p) => p.includes('1,000,000'))).toBe(true);
	});

	test('Chinese is cut at ，、： and, with no break at all, anywhere', () => {
		const clause = '人工智能技术可能不需要人类来教它就能回答问题';
		const pieces = split(`${clause}，${clause}、${clause}：${clause}。`, 50);
		expect(pieces).toEqual([`${clause}，${clause}、`, `${clause}：${clause}。`]);
		const unbroken = '字'.repeat(130);
		expect(split(unbroken, 50).map((p) => p.length)).toEqual([50, 50, 30]);
	});

	test('a hard cut never splits a surrogate pair', () => {
		const text = '𠀀'.repeat(40); // 80 UTF-16 code units
		const pieces = split(text, 25);
		expect(pieces.map((p) => p.length)).toEqual([24, 24, 24, 8]);
	});

	test('the default limit is 300 characters', () => {
		const text = `${'and then '.repeat(60)}it ended.`;
		expect(split(text).every((p) => p.length <= 300)).toBe(true);
		expect(split(text).length).toBe(2);
	});
});
