/**
How far apart two renderings of the same speech are, for the test that the in-browser engine and
the server give the same audio. WASM float arithmetic is not bit-identical to native, and a
predicted duration that rounds the other way shifts everything after it by a frame, so a
sample-by-sample comparison would fail on audio nobody could tell apart. These measures look at
what a listener hears: where the energy is in frequency (the long-term spectrum) and how it
evolves (frame by frame, after a one-frame-tolerant alignment).
*/

const frame = 512;
const hop = 256;

/** Hann-windowed power spectra (frame 512 = 21 ms at 24 kHz, hop 256), one row per frame. */
export function powerFrames(samples: ArrayLike<number>): Float64Array[] {
	const window = Float64Array.from({length: frame}, (_, index) => 0.5 - (0.5 * Math.cos((2 * Math.PI * index) / frame)));
	const frames: Float64Array[] = [];
	for (let start = 0; start + frame <= samples.length; start += hop) {
		const re = new Float64Array(frame);
		const im = new Float64Array(frame);
		for (let index = 0; index < frame; index++) {
			re[index] = samples[start + index]! * window[index]!;
		}

		fft(re, im);
		const power = new Float64Array((frame / 2) + 1);
		for (let bin = 0; bin < power.length; bin++) {
			power[bin] = (re[bin]! ** 2) + (im[bin]! ** 2);
		}

		frames.push(power);
	}

	return frames;
}

/** In-place radix-2 FFT (length a power of two). */
function fft(re: Float64Array, im: Float64Array): void {
	const n = re.length;
	for (let index = 1, reversed = 0; index < n; index++) {
		let bit = n >> 1;
		for (; reversed & bit; bit >>= 1) {
			reversed ^= bit;
		}

		reversed ^= bit;
		if (index < reversed) {
			[re[index], re[reversed]] = [re[reversed]!, re[index]!];
			[im[index], im[reversed]] = [im[reversed]!, im[index]!];
		}
	}

	for (let size = 2; size <= n; size <<= 1) {
		const angle = (-2 * Math.PI) / size;
		for (let start = 0; start < n; start += size) {
			for (let k = 0; k < size / 2; k++) {
				const cos = Math.cos(angle * k);
				const sin = Math.sin(angle * k);
				const a = start + k;
				const b = a + (size / 2);
				const tre = (re[b]! * cos) - (im[b]! * sin);
				const tim = (re[b]! * sin) + (im[b]! * cos);
				re[b] = re[a]! - tre;
				im[b] = im[a]! - tim;
				re[a] = re[a]! + tre;
				im[a] = im[a]! + tim;
			}
		}
	}
}

const floor = 1e-10;
const dB = (power: number) => 10 * Math.log10(power + floor);

/** Root-mean-square difference in dB between the two clips' long-term average spectra, over 100 Hz–8 kHz. */
export function longTermDistanceDb(a: ArrayLike<number>, b: ArrayLike<number>, sampleRate: number): number {
	const average = (frames: Float64Array[]) => {
		const sum = new Float64Array(frames[0]!.length);
		for (const power of frames) {
			for (let bin = 0; bin < sum.length; bin++) {
				sum[bin] = sum[bin]! + power[bin]!;
			}
		}

		return sum.map(value => value / frames.length);
	};

	const [left, right] = [average(powerFrames(a)), average(powerFrames(b))];
	const bins = speechBins(sampleRate);
	return Math.sqrt(bins.reduce((sum, bin) => sum + ((dB(left[bin]!) - dB(right[bin]!)) ** 2), 0) / bins.length);
}

/**
Mean distance in dB between the two clips' frames on 40 mel bands (100 Hz–8 kHz, as the ear
groups frequencies), after dynamic time warping within ±`band` frames (a duration rounded the
other way moves the rest of a sentence by a frame or more), over frames of `a` within 50 dB of
its loudest (silence has no spectrum worth comparing).
*/
export function frameDistanceDb(a: ArrayLike<number>, b: ArrayLike<number>, sampleRate: number, band = 25): number {
	const bands = melBands(sampleRate, 40);
	const mel = (frames: Float64Array[]) => frames.map(power => Float64Array.from(bands, weights => dB(weights.reduce((sum, [bin, weight]) => sum + (power[bin]! * weight), 0))));
	const [left, right] = [mel(powerFrames(a)), mel(powerFrames(b))];
	const loudness = left.map(row => Math.max(...row));
	const loudest = Math.max(...loudness);
	const distance = (x: Float64Array, y: Float64Array) => Math.sqrt(x.reduce((sum, value, index) => sum + ((value - y[index]!) ** 2), 0) / x.length);
	// Cumulative cost over the warping path; each frame of `a` is matched to one frame of `b`.
	const cost = left.map(() => new Float64Array(right.length).fill(Number.POSITIVE_INFINITY));
	for (let i = 0; i < left.length; i++) {
		const centre = Math.round((i * right.length) / left.length);
		for (let j = Math.max(0, centre - band); j <= Math.min(right.length - 1, centre + band); j++) {
			const previous = i === 0 && j === 0 ? 0 : Math.min(i > 0 ? cost[i - 1]![j]! : Number.POSITIVE_INFINITY, j > 0 ? cost[i]![j - 1]! : Number.POSITIVE_INFINITY, i > 0 && j > 0 ? cost[i - 1]![j - 1]! : Number.POSITIVE_INFINITY);
			cost[i]![j] = previous + distance(left[i]!, right[j]!);
		}
	}

	// Walk the path back, averaging the distances of loud frames of `a`.
	let [i, j] = [left.length - 1, right.length - 1];
	let total = 0;
	let counted = 0;
	while (i >= 0 && j >= 0) {
		if (loudness[i]! >= loudest - 50) {
			total += distance(left[i]!, right[j]!);
			counted++;
		}

		if (i === 0 && j === 0) {
			break;
		}

		const up = i > 0 ? cost[i - 1]![j]! : Number.POSITIVE_INFINITY;
		const leftCost = j > 0 ? cost[i]![j - 1]! : Number.POSITIVE_INFINITY;
		const diagonal = i > 0 && j > 0 ? cost[i - 1]![j - 1]! : Number.POSITIVE_INFINITY;
		if (diagonal <= up && diagonal <= leftCost) {
			i--;
			j--;
		} else if (up <= leftCost) {
			i--;
		} else {
			j--;
		}
	}

	return total / Math.max(1, counted);
}

/** Triangular mel filters as (bin, weight) lists. */
function melBands(sampleRate: number, count: number): Array<Array<[number, number]>> {
	const toMel = (hz: number) => 2595 * Math.log10(1 + (hz / 700));
	const toBin = (mel: number) => ((700 * ((10 ** (mel / 2595)) - 1)) * frame) / sampleRate;
	const edges = Array.from({length: count + 2}, (_, index) => toBin(toMel(100) + (((toMel(8000) - toMel(100)) * index) / (count + 1))));
	return Array.from({length: count}, (_, index) => {
		const [low, centre, high] = [edges[index]!, edges[index + 1]!, edges[index + 2]!];
		const weights: Array<[number, number]> = [];
		for (let bin = Math.ceil(low); bin <= Math.floor(high); bin++) {
			const weight = bin <= centre ? (bin - low) / (centre - low) : (high - bin) / (high - centre);
			if (weight > 0) {
				weights.push([bin, weight]);
			}
		}

		return weights.length > 0 ? weights : [[Math.round(centre), 1]];
	});
}

function speechBins(sampleRate: number): number[] {
	const first = Math.ceil((100 * frame) / sampleRate);
	const last = Math.floor((8000 * frame) / sampleRate);
	return Array.from({length: last - first + 1}, (_, index) => first + index);
}
