/** The router's availability checks, as the background performs them. */
import type {Checks} from '../route/router';
import {serverDiscovery, serverHealth} from '../route/discovery';
import type {Settings} from '../settings/schema';
import {browserEngineCheck} from '../synth/browser';
import {systemVoicesCheck} from './systemVoices';

export function checksFor(settings: Settings): Checks {
	return {
		async server() {
			const discovery = serverDiscovery(settings.serverUrl);
			// Each job, and each press of play after a failure, asks the server afresh: a probe costs a few
			// milliseconds, and a server started a moment ago must be found (the re-probe delay is for page scripts).
			discovery.refresh();
			const availability = await discovery.check({signal: new AbortController().signal, userGesture: false});
			const host = settings.serverUrl.replace(/^https?:\/\//, '');
			if (!availability.ok) {
				return {ok: false, reason: `server not running at ${host}`};
			}

			const health = serverHealth(discovery);
			const version = typeof health?.version === 'string' ? ` ${health.version}` : '';
			const voices = typeof health?.voices === 'number' ? `, ${health.voices} voices` : '';
			return {ok: true, detail: `local server${version} at ${host}${voices}`};
		},
		browser: async () => browserEngineCheck(settings),
		system: systemVoicesCheck,
	};
}
