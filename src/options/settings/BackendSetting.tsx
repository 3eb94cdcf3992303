/** Which engine speaks. */
import type {BackendChoice} from '../../settings/schema';

const choices: Array<{value: BackendChoice; label: string; hint: string}> = [
	{value: 'auto', label: 'Automatic', hint: 'The local server when it runs, else Kokoro in the browser, else the system\'s voices.'},
	{value: 'server', label: 'Local server', hint: 'Only tts-server on this computer (fastest, with word highlighting).'},
	{value: 'browser', label: 'In the browser', hint: 'Kokoro running inside the browser (downloads the model once).'},
	{value: 'system', label: 'System voices', hint: 'The voices of your operating system; nothing to install.'},
];

export function BackendSetting({value, onChange}: {value: BackendChoice; onChange(value: BackendChoice): void}) {
	return (
		<fieldset>
			<legend>Voice engine</legend>
			{choices.map(choice => (
				<label key={choice.value} class="choice">
					<input type="radio" name="backend" value={choice.value} checked={value === choice.value} onChange={() => {
						onChange(choice.value);
					}} />
					<span><strong>{choice.label}</strong> — {choice.hint}</span>
				</label>
			))}
		</fieldset>
	);
}
