const ownPages = 'The browser does not let extensions read its own pages (settings, new tab, extensions).';
const storePages = 'The browser does not let extensions read its add-on store pages.';

/** Pages the browser does not let extensions into, named so the user hears why nothing happens. */
const stores = [/^https:\/\/chromewebstore\.google\.com\//, /^https:\/\/chrome\.google\.com\/webstore/, /^https:\/\/addons\.mozilla\.org\//, /^https:\/\/microsoftedge\.microsoft\.com\/addons/];

/** Why `url` cannot be read, or undefined when it can (as far as the URL tells). */
export function restrictedReason(url: string | undefined): string | undefined {
	if (url === undefined || url === '') {
		return undefined;
	}

	if (stores.some(store => store.test(url))) {
		return storePages;
	}

	if (/^(?:chrome|edge|about|chrome-extension|moz-extension|view-source|devtools|chrome-search|brave):/.test(url)) {
		return ownPages;
	}

	if (/^(?:file|data|blob):/.test(url)) {
		return 'This page is not a web page the extension may read (local files need "Allow access to file URLs").';
	}

	if (/\.pdf(?:[?#]|$)/i.test(url)) {
		return 'PDF files open in the browser\'s PDF viewer, which extensions cannot read. Select text and copy it into a page, or open the PDF as a web page.';
	}

	return undefined;
}

/**
Why a page refused the content script, from the browser's error. Without the "tabs" permission a
tab's URL is hidden, so for browser pages the refusal is the first thing that tells.
*/
export function restrictedByError(error: string): string | undefined {
	if (/extensions gallery cannot be scripted|webstore/i.test(error)) {
		return storePages;
	}

	if (/Cannot access a (?:chrome|edge|about|chrome-extension|devtools|chrome-search):/i.test(error) || /Cannot access contents of the page/i.test(error)) {
		return ownPages;
	}

	return undefined;
}
