/**
Turns a stream of little-endian signed 16-bit bytes into float samples. Network chunks split anywhere, including inside a sample, so an odd trailing byte is carried into the next push.
*/
export class S16leDecoder {
	#carry: number | undefined;

	push(chunk: Uint8Array): Float32Array {
		let bytes = chunk;
		if (this.#carry !== undefined) {
			bytes = new Uint8Array(chunk.length + 1);
			bytes[0] = this.#carry;
			bytes.set(chunk, 1);
			this.#carry = undefined;
		}

		const count = bytes.length >> 1;
		if (bytes.length % 2 === 1) {
			this.#carry = bytes[bytes.length - 1];
		}

		const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
		const samples = new Float32Array(count);
		for (let index = 0; index < count; index++) {
			samples[index] = view.getInt16(index * 2, true) / 32_768;
		}

		return samples;
	}

	/** Bytes still waiting for their pair (0 or 1); a well-formed stream ends with 0. */
	get pending(): number {
		return this.#carry === undefined ? 0 : 1;
	}
}
