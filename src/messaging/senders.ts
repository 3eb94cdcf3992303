/**
Who may give orders, checked by every listener of internal messages (background, offscreen player,
content script). Web pages cannot reach the extension at all: there is no `externally_connectable`,
so a page has no `runtime.sendMessage` that arrives anywhere, and nothing listens to `window`
messages. Content scripts carry the extension's id but run inside pages whose content can steer
them, so they get no say either: only the extension's own pages (the background, the offscreen
document, the options page, tests driving an extension page) may start, stop or read anything.
*/
import {browser, type Browser} from 'wxt/browser';

/** The sender is one of the extension's own pages (its URL is under the extension's origin), not a content script. */
export function isExtensionPage(sender: Browser.runtime.MessageSender): boolean {
	return sender.id === browser.runtime.id
		&& typeof sender.url === 'string'
		// The origin with its closing slash: `chrome-extension://<id>.evil/` does not pass.
		&& sender.url.startsWith(browser.runtime.getURL('/'));
}

/**
What a content script takes orders from: the background, which has no tab. Another content script
(ours in another tab) or an extension page open in a tab never talks to a content script.
*/
export function isFromBackground(sender: Browser.runtime.MessageSender): boolean {
	return isExtensionPage(sender) && sender.tab === undefined;
}
