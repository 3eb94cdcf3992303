/**
Host permissions stay as narrow as the server: a server URL on another host asks for that one
host (any port, as match patterns have no ports in Firefox), never for every site, and is only
saved once granted.
*/
import {render} from 'preact';
import {act} from 'preact/test-utils';
import {afterEach, expect, test, vi} from 'vitest';
import {fakeBrowser} from 'wxt/testing/fake-browser';
import {ServerUrlSetting} from '../../src/options/settings/ServerUrlSetting';

let container: HTMLElement;

afterEach(() => {
	vi.restoreAllMocks();
	render(null, container);
	container.remove();
});

async function save(url: string, granted: boolean) {
	const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async () => granted);
	const onChange = vi.fn();
	container = document.body.appendChild(document.createElement('div'));
	await act(() => {
		render(<ServerUrlSetting value="http://127.0.0.1:9527" onChange={onChange} />, container);
	});
	const input = container.querySelector('input')!;
	await act(() => {
		input.value = url;
		input.dispatchEvent(new Event('input', {bubbles: true}));
	});
	await act(async () => {
		container.querySelector('button')!.click();
		await new Promise(resolve => setTimeout(resolve, 0));
	});
	return {request, onChange, problem: container.querySelector('[role=alert]')?.textContent};
}

test('another host: exactly that host is asked for, and the URL saved once granted', async () => {
	const {request, onChange} = await save('http://192.168.1.20:9000/ignored/path', true);
	expect(request).toHaveBeenCalledWith({origins: ['http://192.168.1.20/*']});
	expect(onChange).toHaveBeenCalledWith('http://192.168.1.20:9000');
});

test('refused: nothing is saved, and the page says why', async () => {
	const {onChange, problem} = await save('https://tts.example.org', false);
	expect(onChange).not.toHaveBeenCalled();
	expect(problem).toMatch(/permission to reach tts\.example\.org/);
});

test('not http(s): nothing is asked for', async () => {
	const {request, onChange} = await save('file:///etc/passwd', true);
	expect(request).not.toHaveBeenCalled();
	expect(onChange).not.toHaveBeenCalled();
});
