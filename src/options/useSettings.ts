/** The settings as preact state: loaded once, kept in step with storage (another options tab, the background). */
import {useEffect, useState} from 'preact/hooks';
import {defaultSettings, loadSettings, saveSettings, type Settings, watchSettings} from '../settings/schema';

export function useSettings(): [Settings, (patch: Partial<Settings>) => void, boolean] {
	const [settings, setSettings] = useState<Settings>(defaultSettings);
	const [loaded, setLoaded] = useState(false);
	useEffect(() => {
		void loadSettings().then(value => {
			setSettings(value);
			setLoaded(true);
		});
		return watchSettings(setSettings);
	}, []);
	const update = (patch: Partial<Settings>) => {
		setSettings(current => ({...current, ...patch}));
		void saveSettings(patch);
	};

	return [settings, update, loaded];
}
