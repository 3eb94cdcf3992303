/**
Where the local server is. The extension may reach 127.0.0.1 and localhost from install; another
host is asked for here, from the click, as browsers require.
*/
import {useEffect, useState} from 'preact/hooks';
import {browser} from 'wxt/browser';

export function ServerUrlSetting({value, onChange}: {value: string; onChange(value: string): void}) {
	const [draft, setDraft] = useState(value);
	const [problem, setProblem] = useState('');
	useEffect(() => {
		setDraft(value);
	}, [value]);
	const save = async () => {
		let url: URL;
		try {
			url = new URL(draft.trim());
		} catch {
			setProblem('Not a URL: write it like http://127.0.0.1:9527');
			return;
		}

		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			setProblem('The server URL must start with http:// or https://');
			return;
		}

		const granted = await browser.permissions.request({origins: [`${url.protocol}//${url.hostname}/*`]});
		if (!granted) {
			setProblem(`The extension needs your permission to reach ${url.hostname}.`);
			return;
		}

		setProblem('');
		onChange(url.origin);
	};

	return (
		<div class="row">
			<label for="server-url">Server URL</label>
			<input id="server-url" type="url" value={draft} onInput={event => {
				setDraft(event.currentTarget.value);
			}} />
			<button type="button" onClick={() => void save()} disabled={draft.trim() === value}>Save</button>
			{problem && <span class="error" role="alert">{problem}</span>}
		</div>
	);
}
