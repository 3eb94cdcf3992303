/**
The silence at the ends of a clip. Kokoro pads every utterance with about 0.35 s of silence
before the first word and 0.43 s after the last (measured on the server's WAVs): between two
sentences that is the natural pause, but inside a sentence cut into parts (parts.ts) it puts
0.8 s of silence into the middle of a phrase, and at the start of a reading it is 0.35 s more
wait before the first word. Those ends are shortened; the samples of speech are not touched.
*/
import type {Clip} from '../synth/clip';
// With its extension: benchmarks import this module straight into node, which resolves no bare paths.
import {kept, keptAfterCut, type Part} from './parts.ts';

/** Frames of 10 ms at 24 kHz; a frame is speech when its RMS level is above -45 dBFS (quiet onsets such as /h/ and /f/ are above that). */
const frameSeconds = 0.01;
const speechDb = -45;

/** Seconds of silence before the first frame of speech and after the last (the whole clip when there is none). */
export function edgeSilence(samples: Float32Array, sampleRate: number): {leading: number; trailing: number} {
	const frame = Math.max(1, Math.round(sampleRate * frameSeconds));
	const loud = (start: number) => {
		let sum = 0;
		for (let index = start; index < start + frame; index++) {
			sum += samples[index]! * samples[index]!;
		}

		return 10 * Math.log10((sum / frame) + 1e-12) > speechDb;
	};

	let first = 0;
	while (first + frame <= samples.length && !loud(first)) {
		first += frame;
	}

	if (first + frame > samples.length) {
		const all = samples.length / sampleRate;
		return {leading: all, trailing: all};
	}

	let last = samples.length - frame;
	while (last > first && !loud(last)) {
		last -= frame;
	}

	return {leading: first / sampleRate, trailing: (samples.length - last - frame) / sampleRate};
}

/** At most `lead` seconds of silence kept before the speech and `trail` after it; word times move with the audio. */
export function trimEdges<T extends Clip>(clip: T, keep: {lead?: number; trail?: number}): T {
	const {leading, trailing} = edgeSilence(clip.samples, clip.sampleRate);
	if (leading >= clip.samples.length / clip.sampleRate) {
		return clip;
	}

	const cutStart = keep.lead === undefined ? 0 : Math.floor(Math.max(0, leading - keep.lead) * clip.sampleRate);
	const cutEnd = keep.trail === undefined ? 0 : Math.floor(Math.max(0, trailing - keep.trail) * clip.sampleRate);
	if (cutStart === 0 && cutEnd === 0) {
		return clip;
	}

	const shift = cutStart / clip.sampleRate;
	const duration = (clip.samples.length - cutStart - cutEnd) / clip.sampleRate;
	return {
		...clip,
		samples: clip.samples.subarray(cutStart, clip.samples.length - cutEnd),
		words: clip.words.map(word => ({...word, start: clamp(word.start - shift, duration), end: clamp(word.end - shift, duration)})),
	};
}

function clamp(seconds: number, most: number): number {
	return Math.min(most, Math.max(0, seconds));
}

/** `clip` as played when it is part `part` of `parts` (one sentence), in a reading that starts at this sentence or not. */
export function shapeEdges<T extends Clip>(clip: T, parts: Part[], part: number, startsReading: boolean): T {
	const lead = part > 0 ? kept.beforePart : (startsReading ? kept.atStart : undefined);
	const trail = part + 1 < parts.length ? keptAfterCut(parts[part]!.text) : undefined;
	return trimEdges(clip, {lead, trail});
}
