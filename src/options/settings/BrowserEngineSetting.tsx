/**
Kokoro in the browser: the one-time download question (automatic mode asks here, never in a web
page), its progress, the storage it uses, and a button to delete it.
*/
import {useEffect, useState} from 'preact/hooks';
import {browser} from 'wxt/browser';
import {type EngineState, engineItem} from '../../synth/kokoro/state';
import type {Control} from '../../messaging/protocol';
import type {InBrowserConsent, Settings} from '../../settings/schema';
import {downloadSize} from '../../synth/browser';
import {deleteWeights, requestPersistence, storageUsed} from '../../synth/kokoro/weights';

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function BrowserEngineSetting({settings, onChange}: {settings: Settings; onChange(value: InBrowserConsent): void}) {
	const engine = useEngineState();
	const [used, refreshUsed] = useStorageUsed(engine);
	const download = async () => {
		onChange('allowed');
		// Asked from a page the user is looking at: a browser may grant persistence only then, and 93 MB should not be evicted.
		await requestPersistence();
		const message: Control = {type: 'download-voices'};
		await browser.runtime.sendMessage(message);
	};

	const remove = async () => {
		await deleteWeights();
		onChange('ask');
		await engineItem.setValue(null);
		refreshUsed();
	};

	const asking = settings.backend === 'auto' && settings.inBrowser === 'ask';
	return (
		<fieldset id="in-browser">
			<legend>Kokoro in the browser</legend>
			{asking && (
				<div class="ask" role="group" aria-label="Download Kokoro voices?">
					<p>When the local server is not running, Kokoro voices can run inside the browser, privately. They need a one-time download of {downloadSize}, kept in the browser's storage.</p>
					<button type="button" id="download-voices" onClick={() => void download()}>Download Kokoro voices ({downloadSize})</button>
					{' '}
					<button type="button" id="use-system-voices" onClick={() => {
						onChange('declined');
					}}>Use system voices</button>
				</div>
			)}
			{!asking && settings.inBrowser !== 'allowed' && settings.backend !== 'browser' && (
				<p><button type="button" id="download-voices" onClick={() => void download()}>Download Kokoro voices ({downloadSize})</button></p>
			)}
			<p class="hint" id="in-browser-state" role="status">{describe(engine)}</p>
			<p class="hint" id="in-browser-storage">
				Stored: {used === undefined ? '…' : megabytes(used.weightsBytes)}
				{used?.quota ? ` (this extension uses ${megabytes(used.usage ?? 0)} of ${megabytes(used.quota)} available)` : ''}
				{' '}
				<button type="button" id="delete-voices" disabled={!used?.weightsBytes} onClick={() => void remove()}>Delete downloaded voices</button>
			</p>
		</fieldset>
	);
}

function describe(engine: EngineState | null): string {
	switch (engine?.state) {
		case 'downloading': {
			return `Downloading: ${Math.floor((100 * engine.done) / engine.total)}% of ${megabytes(engine.total)}…`;
		}

		case 'ready': {
			return `Ready: ${engine.detail}.`;
		}

		case 'error': {
			return `Could not load: ${engine.error}`;
		}

		default: {
			return 'Not loaded in this browser session.';
		}
	}
}

function useEngineState(): EngineState | null {
	const [state, setState] = useState<EngineState | null>(null);
	useEffect(() => {
		void engineItem.getValue().then(setState);
		return engineItem.watch(setState);
	}, []);
	return state;
}

type Used = Awaited<ReturnType<typeof storageUsed>>;

/** Re-read when a download finishes or the user deletes. */
function useStorageUsed(engine: EngineState | null): [Used | undefined, () => void] {
	const [used, setUsed] = useState<Used | undefined>();
	const [generation, setGeneration] = useState(0);
	useEffect(() => {
		void storageUsed().then(setUsed, () => {
			setUsed(undefined);
		});
	}, [engine?.state, generation]);
	return [used, () => {
		setGeneration(value => value + 1);
	}];
}
