/**
The G2P counts characters in Unicode code points (as the server's `char_start`), JavaScript
strings in UTF-16 units: the two differ after any character outside the BMP (emoji, rare Han).
*/
export function codePointToUtf16(text: string): (codePoint: number) => number {
	const offsets: number[] = [];
	let unit = 0;
	for (const char of text) {
		offsets.push(unit);
		unit += char.length;
	}

	offsets.push(unit);
	return codePoint => offsets[Math.min(Math.max(codePoint, 0), offsets.length - 1)]!;
}
