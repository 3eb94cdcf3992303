import {describe, expect, test} from 'vitest';
import {planParts} from '../../src/player/parts';

/** The part texts, after checking each offset: word highlights are placed by `offset + charStart`. */
function parts(text: string, startsReading = true): string[] {
	const planned = planParts(text, startsReading);
	for (const part of planned) {
		expect(text.slice(part.offset).startsWith(part.text)).toBe(true);
		expect(part.text).toBe(part.text.trim());
	}
	// Nothing is lost or repeated between the parts but the space at the cut.
	expect(planned.map(part => part.text).join('').replaceAll(/\s/g, '')).toBe(text.replaceAll(/\s/g, ''));
	return planned.map(part => part.text);
}

describe('English', () => {
	test('a short sentence stays whole even when reading starts with it', () => {
		expect(parts('The cat sat on the mat today.')).toEqual(['The cat sat on the mat today.']);
	});

	test('a long opening sentence is cut after its first clause when the comma comes early', () => {
		expect(parts('When the rain stopped, we walked down to the river and watched the boats go by.')).toEqual([
			'When the rain stopped,',
			'we walked down to the river and watched the boats go by.',
		]);
		expect(planParts('When the rain stopped, we walked down to the river and watched the boats go by.', true)[1]!.offset).toBe(23);
	});

	test('without an early clause the head is two words, or three when that ends a phrase, never after a preposition', () => {
		expect(parts('We walked slowly along the river and watched the boats in the evening light.')).toEqual([
			'We walked slowly',
			'along the river and watched the boats',
			'in the evening light.',
		]);
		expect(parts('Obama admits US gun laws are his biggest frustration of the year so far.')[0]).toBe('Obama admits');
	});

	test('a name or noun phrase after the head is not split: the second part ends where the next phrase starts', () => {
		expect(parts('Obama admits US gun laws are his biggest frustration of the year so far.')).toEqual([
			'Obama admits',
			'US gun laws',
			'are his biggest frustration of the year so far.',
		]);
	});

	test('a comma too late for the head ends the second part instead', () => {
		expect(parts('We walked slowly along the river and watched the boats, which went by in the evening light.')).toEqual([
			'We walked slowly',
			'along the river and watched the boats,',
			'which went by in the evening light.',
		]);
	});

	test('a long opening sentence is cut into parts that grow, each at most two and a half times the one before', () => {
		const planned = parts('President Barack Obama has said the failure to pass common sense gun safety laws in the United States is the greatest frustration of his presidency so far, and he has said so many times.');
		expect(planned[0]).toBe('President Barack Obama');
		expect(planned.length).toBeGreaterThanOrEqual(3);
		const words = planned.map(part => part.split(/\s+/).length);
		for (let index = 1; index < words.length - 1; index++) {
			expect(words[index]).toBeLessThanOrEqual(Math.floor(words[index - 1]! * 2.5) + 1);
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

	test('after a cut sentence, a long one is cut too, its first part at most 2.5 times the last part before it', () => {
		const first = planParts('Obama admits US gun laws are his biggest frustration today.', true);
		const last = first.at(-1)!.text;
		const next = 'President Barack Obama has admitted that his failure to pass common sense gun safety laws in the United States is the greatest frustration of his presidency.';
		const parts = planParts(next, false, last);
		expect(parts.length).toBeGreaterThan(1);
		expect(parts[0]!.text.split(/\s+/).length).toBeLessThanOrEqual(Math.floor(last.split(/\s+/).length * 2.5) + 1);
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
	test('a long opening sentence is cut after its first ，', () => {
		expect(parts('今天天气很好，我们一起去公园散步，看到了很多美丽的花朵和小鸟。')).toEqual(['今天天气很好，', '我们一起去公园散步，看到了很多美丽的花朵和小鸟。']);
	});

	test('without a clause mark it is cut at a word boundary, not inside a word', () => {
		const text = '我们今天下午一起去附近的公园散步看到了很多美丽的花朵和可爱的小鸟在树上唱歌';
		const [head] = planParts(text, true);
		const boundaries = [...new Intl.Segmenter('zh', {granularity: 'word'}).segment(text)].map(segment => segment.index);
		expect(boundaries).toContain(head!.text.length);
		expect(head!.text.length).toBeGreaterThanOrEqual(6);
		expect(parts(text).length).toBeGreaterThanOrEqual(2);
	});

	test('the head does not end on a preposition nor leave a localizer to the next part', () => {
		// 宇航员|在|太空|中|喝酒…: not "宇航员在" (ends on 在) nor "宇航员在太空" (leaves 中, "in", behind).
		expect(parts('宇航员在太空中喝酒会怎么样？')).toEqual(['宇航员在太空中', '喝酒会怎么样？']);
	});

	test('a short sentence, or one not starting the reading, stays whole', () => {
		expect(parts('今天天气很好。')).toEqual(['今天天气很好。']);
		expect(parts('今天天气很好，我们一起去公园散步，看到了很多美丽的花朵和小鸟。', false)).toHaveLength(1);
	});
});
