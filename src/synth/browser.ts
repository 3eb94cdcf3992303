/**
Whether Kokoro in the browser can take a job. It runs in the player's document (a worker of the
offscreen document in Chrome, of the background page in Firefox); this check only decides, from
the background, whether to send it work: the weights are cached, or the user agreed to download
them (choosing "in the browser" is agreement; automatic mode asks once, in the options page).
*/
import type {Check} from '../route/router';
import {type Settings, voicesInUse} from '../settings/schema';
import {weightsCached} from './kokoro/weights';

/** What the options page and the notes say about the first download (the int8 model and two voices). */
export const downloadSize = 'about 93 MB';

export async function browserEngineCheck(settings: Settings): Promise<Check> {
	const voices = voicesInUse(settings.voices);
	let cached = false;
	try {
		cached = await weightsCached(settings.modelBaseUrl, voices);
	} catch {
		// IndexedDB unavailable (a private window in some browsers): treated as nothing cached.
	}

	if (cached) {
		return {ok: true, detail: 'Kokoro in the browser (voices downloaded)'};
	}

	if (settings.backend === 'browser' || settings.inBrowser === 'allowed') {
		return {ok: true, detail: `Kokoro in the browser (downloading its voices first, ${downloadSize}, once)`};
	}

	return {
		ok: false,
		reason: settings.inBrowser === 'declined'
			? 'Kokoro in the browser is turned off (its download was declined in the options)'
			: `Kokoro in the browser needs a one-time download (${downloadSize}): allow it in the extension's options`,
	};
}
