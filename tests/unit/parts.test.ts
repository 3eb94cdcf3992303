import {describe, expect, test} from 'vitest';
import {pacing, planParts, type Pacing} from '../../src/player/parts';

/** The part texts, after checking each offset: word highlights are placed by `offset + charStart`. */
function parts(text: string, startsReading = true, after?: string, pace: Pacing = pacing.server): string[] {
	const planned = planParts(text, startsReading, after, pace);
	for (const part of planned) {
		expect(text.slice(part.offset).startsWith(part.text)).toBe(true);
		expect(part.text).toBe(part.text.trim());
	}
	// Nothing is lost or repeated between the parts but the space at the cut.
	expect(planned.map(part => part.text).join('').replaceAll(/\s/g, '')).toBe(text.replaceAll(/\s/g, ''));
	return planned.map(part => part.text);
}

describe('English', () => {
	test('a sentence of four words or fewer stays whole even when reading starts with it', () => {
		expect(parts('The cat sat down.')).toEqual(['The cat sat down.']);
		// Five words: a head and the rest, which is made while the head plays.
		expect(parts('The cat sat on the mat today.')).toEqual(['The cat sat', 'on the mat today.']);
	});

	test('a long opening sentence is cut after its first clause when the comma comes early', () => {
		expect(parts('When the rain stopped, we walked down to the river and back.')).toEqual([
			'When the rain stopped,',
			'we walked down to the river and back.',
		]);
		expect(planParts('When the rain stopped, we walked down to the river and watched the boats go by.', true)[1]!.offset).toBe(23);
	});

	test('without an early clause the head is two words, or three when that ends a phrase, never after a preposition', () => {
		expect(parts('We walked slowly along the river and watched the boats in the evening light.')[0]).toBe('We walked slowly');
		expect(parts('Obama admits US gun laws are his biggest frustration of the year so far.')[0]).toBe('Obama admits');
	});

	test('a name or noun phrase after the head is not split: the second part ends where the next phrase starts', () => {
		expect(parts('Obama admits US gun laws are his biggest frustration of the year so far.').slice(0, 2)).toEqual(['Obama admits', 'US gun laws']);
	});

	test('the rest of a sentence that could not be made while the part before it plays is cut again', () => {
		// Seven words take the server about 1 s, more than the 0.8 s that "Obama admits" plays.
		expect(parts("Obama admits US gun laws are his 'biggest frustration'")).toEqual(['Obama admits', 'US gun laws', "are his 'biggest frustration'"]);
		// Five words fit after four and a comma's pause.
		expect(parts('When the rain stopped, we walked down to the river.')).toHaveLength(2);
	});

	test('a comma within reach ends a later part', () => {
		expect(parts('We walked slowly along the river, and watched the boats go by in the evening light.').slice(0, 2)).toEqual(['We walked slowly', 'along the river,']);
	});

	test('a long opening sentence is cut into at most four parts that grow, none but the head under three words', () => {
		const planned = parts('President Barack Obama has said the failure to pass common sense gun safety laws in the United States is the greatest frustration of his presidency so far, and he has said so many times.');
		expect(planned[0]).toBe('President Barack Obama');
		expect(planned.length).toBeGreaterThanOrEqual(3);
		expect(planned.length).toBeLessThanOrEqual(4);
		const words = planned.map(part => part.split(/\s+/).length);
		for (let index = 1; index < words.length - 1; index++) {
			expect(words[index]).toBeGreaterThanOrEqual(Math.max(3, words[index - 1]!));
		}
	});

	test('the head never ends on a weak word like "the" or "of"', () => {
		expect(parts('She read a chapter of the book before she went to sleep that night.')).toEqual([
			'She read',
			'a chapter of the book',
			'before she went to sleep that night.',
		]);
		// Only weak words within two: the head goes on to the first word that is not one.
		expect(parts('In the morning he wrote everything down in a thick leather logbook.')[0]).toBe('In the morning');
	});

	test('a short opening sentence with an early clause mark is cut there, so a title starts sooner', () => {
		expect(parts('Evolve: Shared Mutable History')).toEqual(['Evolve:', 'Shared Mutable History']);
		// Two words at least must follow the mark; later parts of a short remainder are not cut again.
		expect(parts('Hello, world.')).toEqual(['Hello, world.']);
		expect(parts('We walked slowly along the river, and then home.', false)).toHaveLength(1);
	});

	test('after a cut sentence, a long one is cut too, its first part within what the last part before it lasts', () => {
		const first = planParts('Obama admits US gun laws are his biggest frustration today.', true);
		const last = first.at(-1)!.text;
		const next = 'President Barack Obama has admitted that his failure to pass common sense gun safety laws in the United States is the greatest frustration of his presidency.';
		const parts = planParts(next, false, last);
		expect(parts.length).toBeGreaterThan(1);
		expect(parts[0]!.text.split(/\s+/).length).toBeLessThan(next.split(/\s+/).length / 2);
		// A sentence within that bound goes whole, and so does any sentence after a whole one.
		expect(planParts('He said so twice.', false, last)).toHaveLength(1);
		expect(planParts(next, false)).toHaveLength(1);
	});

	test('a part never ends on a word that opens a quotation it does not close', () => {
		const parts = planParts('Mr Obama said it was "distressing" not to have made progress on the issue "even in the face of repeated mass killings".', false, 'In an interview with the BBC,');
		for (const part of parts.slice(0, -1)) {
			expect(part.text).not.toMatch(/\s["“][^"”]*$/u);
		}
	});

	test('a sentence that does not start the reading goes whole', () => {
		const text = 'When the rain stopped, we walked down to the river and watched the boats go by.';
		expect(planParts(text, false)).toEqual([{text, offset: 0}]);
	});
});

describe('Chinese', () => {
	test('a long opening sentence is cut after its first ， when it comes early, later parts at their last ， within reach', () => {
		expect(parts('今天天气很好，我们一起去公园散步，看到了很多美丽的花朵和小鸟。')).toEqual(['今天天气很好，', '我们一起去公园散步，', '看到了很多美丽的花朵和小鸟。']);
	});

	test('without a clause mark it is cut at a word boundary, not inside a word', () => {
		const text = '我们今天下午一起去附近的公园散步看到了很多美丽的花朵和可爱的小鸟在树上唱歌';
		const [head] = planParts(text, true);
		const boundaries = [...new Intl.Segmenter('zh', {granularity: 'word'}).segment(text)].map(segment => segment.index);
		const planned = parts(text);
		expect(planned.length).toBeGreaterThanOrEqual(3);
		for (const part of planned.slice(0, -1)) {
			expect(boundaries).toContain(text.indexOf(part) + part.length);
		}

		expect(head!.text.length).toBeGreaterThanOrEqual(3);
		expect(head!.text.length).toBeLessThanOrEqual(5);
	});

	test('the head does not end on a preposition nor leave a localizer to the next part', () => {
		// 宇航|员|在|太空|中|喝酒|会|怎么|样: not "宇航" (leaves the suffix 员), "宇航员在" (ends on 在) nor
		// "在太空" (leaves 中, "in", behind); not "…喝酒会" (ends on the modal 会, "will").
		expect(parts('宇航员在太空中喝酒会怎么样？')).toEqual(['宇航员', '在太空中', '喝酒会怎么样？']);
	});

	test('the head does not leave the suffix 人 behind (看守|人, "keeper")', () => {
		const [head, next] = parts('老灯塔看守人每天黄昏都会爬上螺旋楼梯，三十年来一直如此。');
		expect(head).toBe('老灯塔');
		expect(next!.startsWith('看守人')).toBe(true);
	});

	test('a long sentence after a short whole one is cut, so it is ready when that one ends; never inside a number', () => {
		// gmw.cn: the title's second sentence is five characters, the next thirty-seven.
		const after = '后果很严重';
		expect(planParts(after, false, '喝酒会怎么样？')).toHaveLength(1);
		const text = '翱翔于距地球数千公里的太空中，进入广袤漆黑的未知领域，是一项艰苦卓绝的工作。';
		const planned = planParts(text, false, after).map(part => part.text);
		expect(planned.length).toBeGreaterThan(1);
		expect(planned[0]!.length).toBeLessThan(text.length / 2);
		// 数千公里 ("thousands of kilometres") stays in one part.
		expect(planned.some(part => part.includes('数千公里'))).toBe(true);
	});

	test('a space between Han words (a title and its subtitle) is a place to cut', () => {
		const planned = planParts('新电脑已可利用记忆自学 人工智能迈上新台阶', false, 'DeepMind').map(part => part.text);
		expect(planned).toContain('记忆自学');
		// Not after the adverb 已 ("already") nor the modal 可 ("can").
		expect(planned[0]).not.toMatch(/[已可]$/u);
	});

	test('a short sentence, or one not starting the reading, stays whole', () => {
		expect(parts('今天天气很好。')).toEqual(['今天天气很好。']);
		expect(parts('今天天气很好，我们一起去公园散步，看到了很多美丽的花朵和小鸟。', false)).toHaveLength(1);
	});
});

describe('the in-browser engine (slower than the server: more, smaller steps)', () => {
	const lighthouse = 'The old lighthouse keeper climbed the spiral stairs every evening at dusk, as he had done for thirty years.';

	test('the opening sentence grows in six parts, where the server makes four and the last is long', () => {
		expect(parts(lighthouse)).toEqual(['The old', 'lighthouse keeper climbed', 'the spiral stairs every evening', 'at dusk, as he had done for thirty years.']);
		expect(parts(lighthouse, true, undefined, pacing.browser)).toEqual(['The old', 'lighthouse keeper climbed', 'the spiral stairs', 'every evening at dusk,', 'as he had done', 'for thirty years.']);
	});

	test('however many parts: never a one-word rest, never a cut after a weak word', () => {
		const sentences = [
			[lighthouse, undefined],
			['It was late and the rain kept falling on the old roofs of the town.', 'It was late.'],
			['When the rain stopped, we walked down to the river and back.', undefined],
			['She said that the plan would work if everyone in the village agreed to share the water from the well.', 'No.'],
		] as const;
		for (const [text, after] of sentences) {
			const planned = parts(text, after === undefined, after, pacing.browser);
			expect(planned.length, text).toBeGreaterThan(1);
			for (const part of planned.slice(1)) {
				expect(part.split(/\s+/).length, `${part} (of ${planned.join(' | ')})`).toBeGreaterThanOrEqual(2);
			}

			for (const part of planned.slice(0, -1)) {
				expect(part, planned.join(' | ')).not.toMatch(/\b(the|of|to|and|a)$/i);
			}
		}
	});
});

