/**
Automatic mode asks once before Kokoro in the browser downloads its weights (about 93 MB): when
the local server is not running and nothing is cached, the options page opens with the question
"download Kokoro voices, or use system voices". Meanwhile the system voices read, if there are
any. The question is asked in an extension page, never in the web page: page content can
influence a content script, so a content script gets no say in downloads.
*/
import {browser} from 'wxt/browser';
import {storage} from 'wxt/utils/storage';
import type {BackendId} from '../messaging/protocol';
import {serverDiscovery} from '../route/discovery';
import {type Settings, voicesInUse} from '../settings/schema';
import {weightsCached} from '../synth/kokoro/weights';

/** Once per browser session: a user who closed the question is not asked again at every reading. */
const askedItem = storage.defineItem<boolean>('session:askedForDownload', {fallback: false});

export async function askForDownload(settings: Settings, chosen: BackendId | null): Promise<void> {
	if (settings.backend !== 'auto' || settings.inBrowser !== 'ask' || chosen === 'server' || chosen === 'browser') {
		return;
	}

	if (await askedItem.getValue()) {
		return;
	}

	await askedItem.setValue(true);
	await browser.runtime.openOptionsPage();
}

/**
Whether the job about to be routed will most likely go to Kokoro in the browser, so its loading
can start before routing: it is forced, or automatic mode last found the server down and the
weights are in the cache. (Loading it for nothing would cost a few hundred MB and CPU seconds.)
*/
export async function likelyInBrowser(settings: Settings): Promise<boolean> {
	if (settings.backend === 'browser') {
		return true;
	}

	if (settings.backend !== 'auto' || serverDiscovery(settings.serverUrl).state.kind !== 'down') {
		return false;
	}

	return weightsCached(settings.modelBaseUrl, voicesInUse(settings.voices)).catch(() => false);
}
