/**
A short message in the page ("Nothing is selected", "server stopped, continuing with system
voices"): in a closed shadow root so the page's CSS cannot hide or restyle it, as text (never
HTML), and announced to screen readers.
*/
const visibleMs = 7000;

export function showNotice(doc: Document, text: string, kind: 'info' | 'error'): void {
	const host = doc.createElement('kokoro-read-aloud-notice');
	const root = host.attachShadow({mode: 'closed'});
	const box = doc.createElement('div');
	box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
	box.textContent = text;
	const style = doc.createElement('style');
	style.textContent = `div { position: fixed; z-index: 2147483647; right: 16px; bottom: 16px; max-width: 420px;
		padding: 12px 16px; border-radius: 8px; font: 15px/1.4 system-ui, sans-serif; color: #fff;
		background: ${kind === 'error' ? '#9f1239' : '#1f2937'}; box-shadow: 0 4px 16px rgba(0,0,0,.3); }`;
	root.append(style, box);
	doc.documentElement.append(host);
	setTimeout(() => {
		host.remove();
	}, visibleMs);
}
