/** `CustomEvent` where it exists (browsers, Node 19+); a plain Event carrying `detail` elsewhere, so emitting never throws. */
export function makeEvent<T>(type: string, detail: T): Event {
	if (typeof CustomEvent === 'function') {
		return new CustomEvent(type, {detail});
	}

	return Object.assign(new Event(type), {detail});
}
