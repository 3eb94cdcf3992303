import {fileURLToPath} from 'node:url';
import {defineConfig} from 'wxt';

/** The server the extension talks to out of the box; users may point `settings.serverUrl` elsewhere (then the options page asks for that host). */
const defaultServerHosts = ['http://127.0.0.1/*', 'http://localhost/*'];

export default defineConfig({
	// `browser` comes from webextension-polyfill (promises and one API shape in Chrome and Firefox).
	modules: ['@wxt-dev/webextension-polyfill'],
	// Explicit imports everywhere: a reader sees where each name comes from.
	imports: false,
	// Icons and static files live in assets/ (the design card's top level); WXT copies them as they are.
	publicDir: 'assets',
	alias: {
		// One implementation of discovery, server calls and PCM handling, shared with the page library.
		'@tts-client': fileURLToPath(new URL('tts-client/source', import.meta.url)),
	},
	manifest: ({browser}) => ({
		name: 'Kokoro Read Aloud',
		description: 'Reads pages and selections aloud with Kokoro voices, on your own machine.',
		permissions: [
			'contextMenus',
			'storage',
			// Injecting the content script into a tab that was open before install, after a user gesture.
			'scripting',
			'activeTab',
			...(browser === 'firefox' ? [] : ['offscreen', 'tts']),
		],
		host_permissions: defaultServerHosts,
		// A server URL on another host is asked for when the user sets it (MV2 has no optional_host_permissions).
		...(browser === 'firefox'
			? {optional_permissions: ['http://*/*', 'https://*/*']}
			: {optional_host_permissions: ['http://*/*', 'https://*/*']}),
		action: {default_title: 'Read aloud (play/pause)'},
		commands: {
			'toggle-reading': {suggested_key: {default: 'Alt+Shift+R'}, description: 'Play or pause reading'},
			'stop-reading': {suggested_key: {default: 'Alt+Shift+S'}, description: 'Stop reading'},
			'next-sentence': {suggested_key: {default: 'Alt+Shift+Period'}, description: 'Next sentence'},
			'previous-sentence': {suggested_key: {default: 'Alt+Shift+Comma'}, description: 'Previous sentence'},
		},
		...(browser === 'firefox'
			? {browser_specific_settings: {gecko: {id: 'read-aloud@kokoro.local', strict_min_version: '128.0', data_collection_permissions: {required: ['none']}}}}
			: {}),
	}),
});
