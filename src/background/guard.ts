/**
Who may talk to the background. Web pages cannot reach it at all (no `externally_connectable`);
of the extension's own contexts, only its pages (options, offscreen, tests driving an extension
page) may send control messages. A content script's sender carries the page's URL, and page
content can influence a content script, so content scripts get no say in what is read.
*/
import {browser, type Browser} from 'wxt/browser';

export function isExtensionPage(sender: Browser.runtime.MessageSender): boolean {
	return sender.id === browser.runtime.id
		&& typeof sender.url === 'string'
		&& sender.url.startsWith(browser.runtime.getURL('/'));
}
