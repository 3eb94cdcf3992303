import {PageTextBuilder, type PageText} from './pageText';

/** What the user selected, in every range of the selection; null when nothing but whitespace is selected. */
export function extractSelection(win: Window): PageText | null {
	const field = win.document.activeElement;
	// Text selected in a form field is not part of the document's selection, and has no DOM text node to highlight.
	if (field && (field.localName === 'textarea' || field.localName === 'input')) {
		const {value, selectionStart, selectionEnd} = field as HTMLInputElement | HTMLTextAreaElement;
		const text = value.slice(selectionStart ?? 0, selectionEnd ?? 0);
		if (text.trim()) return {text, pieces: []};
	}
	const selection = win.getSelection();
	if (!selection) return null;
	const builder = new PageTextBuilder();
	for (let i = 0; i < selection.rangeCount; i++) {
		const range = selection.getRangeAt(i);
		if (range.collapsed) continue;
		const root = range.commonAncestorContainer;
		const inPre = !!(root.nodeType === root.ELEMENT_NODE ? (root as Element) : root.parentElement)?.closest('pre');
		builder.add(root, {within: range}, inPre);
		builder.paragraph();
	}
	return builder.build();
}
