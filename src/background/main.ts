/**
Wires the browser's events to the reader. Listeners are registered synchronously at start, as
MV3 requires for a service worker that is woken by them.
*/
import {browser, type Browser} from 'wxt/browser';
import type {Control, FromPlayer, SystemSpoken} from '../messaging/protocol';
import {isExtensionPage} from '../messaging/senders';
import {chooseBackend} from '../route/router';
import {serverDiscovery, serverHealth} from '../route/discovery';
import {loadSettings, voicesInUse, watchSettings} from '../settings/schema';
import {checksFor} from './checks';
import {registerMenus, sourceOfMenu} from './menus';
import {inPageHost, offscreenHost, type PlayerHost} from './playerHost';
import {Reader} from './reading';
import {hasTts, ttsControl, ttsSpeak} from './systemVoices';

const commands: Record<string, Control> = {
	'toggle-reading': {type: 'toggle'},
	'stop-reading': {type: 'stop'},
	'next-sentence': {type: 'next'},
	'previous-sentence': {type: 'previous'},
};

export function startBackground(): void {
	// Firefox has no offscreen documents; its background is a page, so the player lives here. Decided
	// at build time, so Chrome's service worker does not carry the player and the inference worker.
	let reader: Reader;
	const host: PlayerHost = import.meta.env.FIREFOX ? inPageHost(message => void reader.onPlayerEvent(message)) : offscreenHost();
	reader = new Reader(host);

	browser.runtime.onInstalled.addListener(() => {
		void registerMenus();
	});
	browser.contextMenus.onClicked.addListener((info, tab) => {
		const source = sourceOfMenu(info.menuItemId);
		if (source) {
			void reader.read(source, tab?.id);
		}
	});
	(browser.action ?? browser.browserAction).onClicked.addListener(() => {
		void reader.control({type: 'toggle'});
	});
	browser.commands.onCommand.addListener(command => {
		const control = commands[command];
		if (control) {
			void handleControl(reader, host, control);
		}
	});
	browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender) => {
		if (!isExtensionPage(sender) || typeof message !== 'object' || message === null) {
			return undefined;
		}

		const typed = message as {channel?: string};
		if (typed.channel === 'background') {
			return onPlayerMessage(reader, message as FromPlayer);
		}

		if (typed.channel === undefined || typed.channel === 'control') {
			return handleControl(reader, host, message as Control);
		}

		return undefined;
	});
	// Speed changes reach the sentence being heard at once; other settings apply from the next job.
	watchSettings(settings => {
		void host.alive().then(async alive => {
			if (alive) {
				await host.send({channel: 'player', type: 'speed', speed: settings.speed});
			}
		});
	});
}

async function handleControl(reader: Reader, host: PlayerHost, message: Control): Promise<unknown> {
	switch (message.type) {
		case 'read': {
			return reader.read(message.source, message.tabId);
		}

		case 'status': {
			return reader.status();
		}

		case 'backend-info': {
			const settings = await loadSettings();
			const decision = await chooseBackend(settings.backend, checksFor(settings));
			const health = serverHealth(serverDiscovery(settings.serverUrl));
			return {
				backend: decision.backend,
				reason: decision.reason,
				server: {url: settings.serverUrl, up: health !== undefined, version: health?.version, voices: health?.voices},
			};
		}

		case 'preview': {
			const settings = await loadSettings();
			const decision = await chooseBackend(settings.backend, checksFor(settings));
			if (!decision.backend) {
				return {ok: false, error: decision.reason};
			}

			const text = message.lang === 'zh' ? '你好，这是我的声音。' : 'Hello, this is how I sound.';
			return host.send({channel: 'player', type: 'preview', text, voice: message.voice, lang: message.lang, backend: decision.backend, serverUrl: settings.serverUrl, modelBaseUrl: settings.modelBaseUrl, speed: settings.speed});
		}

		case 'download-voices': {
			const settings = await loadSettings();
			return host.send({channel: 'player', type: 'prepare-browser', modelBaseUrl: settings.modelBaseUrl, voices: voicesInUse(settings.voices)});
		}

		default: {
			return reader.control(message);
		}
	}
}

function onPlayerMessage(reader: Reader, message: FromPlayer): Promise<unknown> | undefined {
	if (message.type === 'system-speak') {
		if (!hasTts()) {
			return Promise.resolve({error: 'this browser has no tts API'} satisfies SystemSpoken);
		}

		return ttsSpeak(message.text, message.lang, message.rate, (start, end) => {
			void browser.runtime.sendMessage({channel: 'player', type: 'system-word', start, end}).catch(() => undefined);
		}).then(ended => ({ended}) satisfies SystemSpoken, (error: unknown) => ({error: error instanceof Error ? error.message : String(error)}) satisfies SystemSpoken);
	}

	if (message.type === 'system-control') {
		ttsControl(message.action);
		return Promise.resolve(true);
	}

	return reader.onPlayerEvent(message).then(() => true);
}
