import {AudioFormatError} from '../errors/AudioFormatError.js';

/**
Decodes a RIFF/WAVE file (PCM 8/16/24/32-bit or IEEE float 32) to mono float samples, averaging channels.

Written by hand instead of `AudioContext.decodeAudioData` because that resamples to the context's rate and needs a context, while `synthesize()` promises the server's own samples and works without audio output. Streamed WAVs with a 0 or 0xFFFFFFFF data size are read to the end of the buffer; any other size must have arrived whole.
*/
export function decodeWav(bytes: ArrayBuffer | Uint8Array): {samples: Float32Array; sampleRate: number} {
	const view = bytes instanceof Uint8Array ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new DataView(bytes);
	const tag = (offset: number) => String.fromCharCode(view.getUint8(offset), view.getUint8(offset + 1), view.getUint8(offset + 2), view.getUint8(offset + 3));
	if (view.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
		throw new AudioFormatError('Not a WAV file (no RIFF/WAVE header)');
	}

	let format: {audioFormat: number; channels: number; sampleRate: number; bits: number} | undefined;
	let offset = 12;
	while (offset + 8 <= view.byteLength) {
		const id = tag(offset);
		let size = view.getUint32(offset + 4, true);
		const body = offset + 8;
		if (id === 'fmt ') {
			let audioFormat = view.getUint16(body, true);
			// WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
			if (audioFormat === 0xFF_FE && size >= 26) {
				audioFormat = view.getUint16(body + 24, true);
			}

			format = {audioFormat, channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true)};
		} else if (id === 'data') {
			if (!format) {
				throw new AudioFormatError('WAV data chunk before fmt chunk');
			}

			if (size === 0 || size === 0xFF_FF_FF_FF) {
				size = view.byteLength - body;
			} else if (body + size > view.byteLength) {
				// A real size that did not all arrive: the sentence would be cut off mid-word, silently.
				throw new AudioFormatError(`WAV is truncated: its header promises ${size} bytes of audio, ${view.byteLength - body} arrived`);
			}

			return {samples: decodeFrames(view, body, size, format), sampleRate: format.sampleRate};
		}

		// Chunks are padded to even sizes.
		offset = body + size + (size % 2);
	}

	throw new AudioFormatError('WAV has no data chunk');
}

function decodeFrames(view: DataView, start: number, size: number, format: {audioFormat: number; channels: number; bits: number}): Float32Array {
	const {audioFormat, channels, bits} = format;
	const bytesPerSample = bits / 8;
	let read: (offset: number) => number;
	if (audioFormat === 1 && bits === 16) {
		read = offset => view.getInt16(offset, true) / 32_768;
	} else if (audioFormat === 1 && bits === 8) {
		read = offset => (view.getUint8(offset) - 128) / 128;
	} else if (audioFormat === 1 && bits === 24) {
		read = offset => ((view.getInt8(offset + 2) * 65_536) + view.getUint16(offset, true)) / 8_388_608;
	} else if (audioFormat === 1 && bits === 32) {
		read = offset => view.getInt32(offset, true) / 2_147_483_648;
	} else if (audioFormat === 3 && bits === 32) {
		read = offset => view.getFloat32(offset, true);
	} else {
		throw new AudioFormatError(`Unsupported WAV sample format ${audioFormat} with ${bits} bits`);
	}

	if (channels < 1) {
		throw new AudioFormatError('WAV declares no channels');
	}

	const frameBytes = bytesPerSample * channels;
	const frames = Math.floor(size / frameBytes);
	const samples = new Float32Array(frames);
	for (let frame = 0; frame < frames; frame++) {
		let sum = 0;
		for (let channel = 0; channel < channels; channel++) {
			sum += read(start + (frame * frameBytes) + (channel * bytesPerSample));
		}

		samples[frame] = sum / channels;
	}

	return samples;
}

/** Encodes mono float samples as a 16-bit PCM WAV file (what `<audio>` plays with pitch-preserving speed changes). */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array<ArrayBuffer> {
	const bytes = new Uint8Array(44 + (samples.length * 2));
	const view = new DataView(bytes.buffer);
	const text = (offset: number, value: string) => {
		for (let index = 0; index < value.length; index++) {
			view.setUint8(offset + index, value.charCodeAt(index));
		}
	};

	text(0, 'RIFF');
	view.setUint32(4, bytes.length - 8, true);
	text(8, 'WAVE');
	text(12, 'fmt ');
	view.setUint32(16, 16, true);
	view.setUint16(20, 1, true);
	view.setUint16(22, 1, true);
	view.setUint32(24, sampleRate, true);
	view.setUint32(28, sampleRate * 2, true);
	view.setUint16(32, 2, true);
	view.setUint16(34, 16, true);
	text(36, 'data');
	view.setUint32(40, samples.length * 2, true);
	for (let index = 0; index < samples.length; index++) {
		const sample = Math.max(-1, Math.min(1, samples[index]!));
		view.setInt16(44 + (index * 2), sample < 0 ? sample * 32_768 : sample * 32_767, true);
	}

	return bytes;
}
