/** Base64 to bytes with `atob`, which browsers and Node 16+ both have (no Buffer, so no bundler polyfill). */
export function base64ToBytes(text: string): Uint8Array {
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let index = 0; index < binary.length; index++) {
		bytes[index] = binary.charCodeAt(index);
	}

	return bytes;
}
