/** Is `hostname` a loopback host (127.0.0.0/8, ::1, localhost)? */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '::ffff:127.0.0.1';
}

/** RFC 1918 / link-local / ULA / .local: Chrome's "local" address space. */
function isPrivateHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	return /^10\./.test(host)
		|| /^192\.168\./.test(host)
		|| /^172\.(?:1[6-9]|2\d|3[01])\./.test(host)
		|| /^169\.254\./.test(host)
		|| /^f[cd][0-9a-f]{2}:/.test(host)
		|| /^fe80:/.test(host)
		|| host.endsWith('.local');
}

/** The `targetAddressSpace` fetch option matching `url`, or undefined for public hosts (and unparsable URLs). */
export function targetAddressSpace(url: string): 'loopback' | 'local' | undefined {
	let hostname: string;
	try {
		hostname = new URL(url).hostname;
	} catch {
		return undefined;
	}

	if (isLoopbackHost(hostname)) {
		return 'loopback';
	}

	return isPrivateHost(hostname) ? 'local' : undefined;
}

/**
Whether the current page can reach `url` without Chrome's Local Network Access check: checks fire only when a request goes to a more private address space, so a page on loopback (or a file:// page) may call loopback freely.
*/
export function pageNeedsLocalNetworkAccess(url: string, page: {protocol: string; hostname: string} | undefined): boolean {
	const space = targetAddressSpace(url);
	if (!space || !page) {
		return false;
	}

	if (page.protocol === 'file:' || isLoopbackHost(page.hostname)) {
		return false;
	}

	// Extension pages and workers reach hosts their manifest grants without Local Network Access checks.
	if (page.protocol === 'chrome-extension:' || page.protocol === 'moz-extension:') {
		return false;
	}

	return !(space === 'local' && isPrivateHost(page.hostname));
}

/** Drops trailing slashes so paths can be appended. */
export function trimBaseUrl(url: string): string {
	return url.replace(/\/+$/, '');
}
