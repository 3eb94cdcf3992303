import {defineContentScript} from 'wxt/utils/define-content-script';
import {startContent} from '../src/content/main';

export default defineContentScript({
	// Declared for every http(s) page, so "read from here" has seen the right-click and `read` with a tabId works without a gesture.
	matches: ['http://*/*', 'https://*/*'],
	runAt: 'document_idle',
	main(ctx) {
		startContent(ctx);
	},
});
