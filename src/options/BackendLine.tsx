/** "Which backend speaks now, and why", refreshed when the settings change and every few seconds. */
import {useEffect, useState} from 'preact/hooks';
import {browser} from 'wxt/browser';
import type {BackendInfo, Control} from '../messaging/protocol';
import type {Settings} from '../settings/schema';

const refreshMs = 3000;

export function BackendLine({settings}: {settings: Settings}) {
	const [info, setInfo] = useState<BackendInfo | undefined>();
	useEffect(() => {
		let live = true;
		const ask = async () => {
			const message: Control = {type: 'backend-info'};
			const answer = await browser.runtime.sendMessage(message) as BackendInfo;
			if (live) {
				setInfo(answer);
			}
		};

		void ask();
		const timer = setInterval(() => void ask(), refreshMs);
		return () => {
			live = false;
			clearInterval(timer);
		};
	}, [settings.backend, settings.serverUrl]);
	if (!info) {
		return <p class="status" id="backend-line">Checking which voice engine is available…</p>;
	}

	return (
		<p class={info.backend ? 'status' : 'status error'} id="backend-line" role="status">
			{info.backend ? `Speaking with: ${info.reason}` : info.reason}
		</p>
	);
}
