/** One language's voice, with a preview. */
import {useState} from 'preact/hooks';
import {browser} from 'wxt/browser';
import type {Control} from '../../messaging/protocol';
import type {Lang} from '../../segment/sentences';
import {type Voice, voiceLabel} from '../../settings/voices';

const titles: Record<Lang, string> = {en: 'English voice', zh: 'Chinese voice (中文)'};

export function VoiceSetting({lang, value, voices, onChange}: {lang: Lang; value: string; voices: Voice[]; onChange(value: string): void}) {
	const [preview, setPreview] = useState<string>('');
	const listed = voices.some(voice => voice.id === value) ? voices : [{id: value, language: lang, gender: 'female' as const}, ...voices];
	const play = async () => {
		setPreview('Playing…');
		const message: Control = {type: 'preview', voice: value, lang};
		const answer = await browser.runtime.sendMessage(message) as {ok: boolean; error?: string} | undefined;
		setPreview(answer?.ok ? '' : `Preview failed: ${answer?.error ?? 'no answer'}`);
	};

	return (
		<div class="row">
			<label for={`voice-${lang}`}>{titles[lang]}</label>
			<select id={`voice-${lang}`} value={value} onChange={event => {
				onChange(event.currentTarget.value);
			}}>
				{listed.map(voice => <option key={voice.id} value={voice.id}>{voiceLabel(voice)}</option>)}
			</select>
			<button type="button" onClick={() => void play()}>Preview</button>
			{preview && <span class="hint" role="status">{preview}</span>}
		</div>
	);
}
