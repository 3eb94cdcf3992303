/** The options page: one component per setting, and the line saying which engine speaks. */
import {useEffect, useState} from 'preact/hooks';
import {request} from '@tts-client/utils/request';
import type {Lang} from '../segment/sentences';
import {bundledVoices, groupVoices, type Voice} from '../settings/voices';
import {BackendLine} from './BackendLine';
import {BackendSetting} from './settings/BackendSetting';
import {BrowserEngineSetting} from './settings/BrowserEngineSetting';
import {ServerUrlSetting} from './settings/ServerUrlSetting';
import {SpeedSetting} from './settings/SpeedSetting';
import {VoiceSetting} from './settings/VoiceSetting';
import {useSettings} from './useSettings';

export function App() {
	const [settings, update, loaded] = useSettings();
	const voices = useVoices(settings.serverUrl);
	if (!loaded) {
		return null;
	}

	const setVoice = (lang: Lang) => (voice: string) => {
		update({voices: {...settings.voices, [lang]: voice}});
	};

	return (
		<main>
			<h1>Kokoro Read Aloud</h1>
			<BackendLine settings={settings} />
			<BackendSetting value={settings.backend} onChange={backend => {
				update({backend});
			}} />
			<BrowserEngineSetting settings={settings} onChange={inBrowser => {
				update({inBrowser});
			}} />
			<section>
				<VoiceSetting lang="en" value={settings.voices.en} voices={voices.en} onChange={setVoice('en')} />
				<VoiceSetting lang="zh" value={settings.voices.zh} voices={voices.zh} onChange={setVoice('zh')} />
				<SpeedSetting value={settings.speed} onChange={speed => {
					update({speed});
				}} />
				<ServerUrlSetting value={settings.serverUrl} onChange={serverUrl => {
					update({serverUrl});
				}} />
			</section>
			<p class="hint">Right-click a page: "Read this page aloud", "Read aloud from here", or over selected text "Read selection aloud". The toolbar button plays and pauses; shortcuts are listed at chrome://extensions/shortcuts.</p>
		</main>
	);
}

/** The server's voice list when it answers, else the bundled one. */
function useVoices(serverUrl: string): Record<Lang, Voice[]> {
	const [voices, setVoices] = useState(bundledVoices);
	useEffect(() => {
		let live = true;
		void (async () => {
			try {
				const response = await request((input, init) => fetch(input, init), `${serverUrl}/voices`, {method: 'GET', timeoutMs: 1500});
				const body = await response.json() as {voices?: Voice[]};
				const grouped = groupVoices(body.voices ?? []);
				if (live && grouped.en.length > 0) {
					setVoices(grouped);
				}
			} catch {
				// No server: the bundled list is the same voices.
			}
		})();
		return () => {
			live = false;
		};
	}, [serverUrl]);
	return voices;
}
