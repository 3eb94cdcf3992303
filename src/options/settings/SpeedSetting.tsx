/** Reading speed; a change is heard at once in the sentence being read. */
import {speedRange} from '../../settings/schema';

export function SpeedSetting({value, onChange}: {value: number; onChange(value: number): void}) {
	return (
		<div class="row">
			<label for="speed">Speed</label>
			<input id="speed" type="range" min={speedRange.min} max={speedRange.max} step={speedRange.step} value={value} onInput={event => {
				onChange(Number(event.currentTarget.value));
			}} />
			<output for="speed">{value.toFixed(1)}×</output>
		</div>
	);
}
