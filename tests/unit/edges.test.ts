import {describe, expect, test} from 'vitest';
import {edgeSilence, shapeEdges, trimEdges} from '../../src/player/edges';
import {planParts} from '../../src/player/parts';
import type {Clip} from '../../src/synth/clip';

const rate = 24_000;

/** `lead` s of silence, `speech` s of a 220 Hz tone at -12 dBFS, `trail` s of silence; one word over the tone. */
function clip(lead: number, speech: number, trail: number): Clip {
	const samples = new Float32Array(Math.round((lead + speech + trail) * rate));
	for (let index = Math.round(lead * rate); index < Math.round((lead + speech) * rate); index++) {
		samples[index] = 0.25 * Math.sin(2 * Math.PI * 220 * index / rate);
	}

	return {samples, sampleRate: rate, words: [{start: lead, end: lead + speech, charStart: 0, charEnd: 5}]};
}

const seconds = (value: Clip) => value.samples.length / value.sampleRate;

describe('edgeSilence', () => {
	test('finds the silence before and after the speech, to a 10 ms frame', () => {
		const {leading, trailing} = edgeSilence(clip(0.35, 1, 0.43).samples, rate);
		expect(leading).toBeCloseTo(0.35, 1);
		expect(trailing).toBeCloseTo(0.43, 1);
	});

	test('a quiet onset above -45 dBFS counts as speech', () => {
		const quiet = clip(0.3, 1, 0.3);
		// 50 ms at about -40 dBFS before the tone, like an /h/.
		for (let index = Math.round(0.25 * rate); index < Math.round(0.3 * rate); index++) {
			quiet.samples[index] = 0.014 * Math.sin(2 * Math.PI * 3000 * index / rate);
		}

		expect(edgeSilence(quiet.samples, rate).leading).toBeCloseTo(0.25, 1);
	});
});

describe('trimEdges', () => {
	test('keeps the asked silence, moves the words with the audio and leaves the speech alone', () => {
		const original = clip(0.35, 1, 0.43);
		const trimmed = trimEdges(original, {lead: 0.05, trail: 0.1});
		expect(seconds(trimmed)).toBeCloseTo(0.05 + 1 + 0.1, 1);
		expect(trimmed.words[0]!.start).toBeCloseTo(0.05, 1);
		const speechStart = Math.round(0.35 * rate);
		const kept = Math.round(0.35 * rate) - Math.round((trimmed.words[0]!.start) * rate);
		expect(trimmed.samples[speechStart - kept + 100]).toBe(original.samples[speechStart + 100]);
	});

	test('an edge not asked for, or already shorter than asked, is kept whole', () => {
		const original = clip(0.02, 1, 0.43);
		const trimmed = trimEdges(original, {lead: 0.05});
		expect(trimmed).toBe(original);
		expect(seconds(trimEdges(original, {trail: 0.1}))).toBeCloseTo(0.02 + 1 + 0.1, 1);
	});

	test('a clip of silence only is not emptied', () => {
		const silent = clip(1, 0, 0);
		expect(trimEdges(silent, {lead: 0, trail: 0})).toBe(silent);
	});
});

describe('shapeEdges', () => {
	const parts = planParts('When the rain stopped, we walked down to the river and back.', true);

	test('a reading starts almost at once; a sentence that continues a reading keeps its pause before', () => {
		expect(edgeSilence(shapeEdges(clip(0.35, 1, 0.43), [{text: 'Hello there.', offset: 0}], 0, true).samples, rate).leading).toBeLessThan(0.07);
		expect(edgeSilence(shapeEdges(clip(0.35, 1, 0.43), [{text: 'Hello there.', offset: 0}], 0, false).samples, rate).leading).toBeCloseTo(0.35, 1);
	});

	test('a cut inside a sentence is a phrase pause, longer at a comma; the sentence end keeps its pause', () => {
		expect(parts.length).toBe(2);
		const first = edgeSilence(shapeEdges(clip(0.35, 1, 0.43), parts, 0, true).samples, rate);
		const second = edgeSilence(shapeEdges(clip(0.35, 1, 0.43), parts, 1, true).samples, rate);
		// "When the rain stopped," ends at a comma: about 0.2 s kept, and 0.03 s before the next part.
		expect(first.trailing + second.leading).toBeGreaterThan(0.15);
		expect(first.trailing + second.leading).toBeLessThan(0.3);
		expect(second.trailing).toBeCloseTo(0.43, 1);
		const phrase = planParts('We walked slowly along the river and watched the boats in the evening light.', true);
		expect(edgeSilence(shapeEdges(clip(0.35, 1, 0.43), phrase, 0, true).samples, rate).trailing).toBeLessThan(0.1);
		// A Chinese clause mark counts as a comma.
		const han = planParts('今天天气很好，我们一起去公园散步，看到了很多美丽的花朵和小鸟。', true);
		expect(han[0]!.text).toBe('今天天气很好，');
		expect(edgeSilence(shapeEdges(clip(0.35, 1, 0.43), han, 0, true).samples, rate).trailing).toBeGreaterThan(0.15);
	});
});
