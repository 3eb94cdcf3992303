/** sha256 through WebCrypto, available in workers, documents and node alike. */

/** Lower-case hex sha256 of `bytes`. WebCrypto has no streaming digest, so this takes the whole file. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
	const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
	return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
