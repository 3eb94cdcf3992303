/**
The content script: extracts what to read, remembers each sentence's place in the page, and
highlights what the player reports. It trusts only messages from the extension itself; the page
cannot reach it, and page text is only ever read as data.
*/
import {browser, type Browser} from 'wxt/browser';
import type {ContentScriptContext} from 'wxt/utils/content-script-context';
import {extractArticle} from '../extract/article';
import {extractFromPoint, pointFromClick} from '../extract/fromHere';
import {type PageText, rangeFor} from '../extract/pageText';
import {extractSelection} from '../extract/selection';
import {Highlighter} from '../highlight/highlight';
import type {Extraction, ReadSource, ToContent} from '../messaging/protocol';
import {isFromBackground} from '../messaging/senders';
import {type Sentence, splitSentences} from '../segment/sentences';
import {showNotice} from './notice';

type Reading = {jobId: string; page: PageText; sentences: Sentence[]; index: number};

export function startContent(ctx: ContentScriptContext): void {
	const highlighter = new Highlighter(document);
	let reading: Reading | undefined;
	let lastPoint: {node: Node; offset: number} | null = null;

	// "Read from here" arrives after the menu closes; remember where the menu was opened.
	ctx.addEventListener(document, 'contextmenu', event => {
		lastPoint = pointFromClick(document, event.clientX, event.clientY, event.target);
	}, {capture: true, passive: true});

	const onMessage = (message: unknown, sender: Browser.runtime.MessageSender) => {
		if (!isFromBackground(sender) || !isToContent(message)) {
			return undefined;
		}

		switch (message.type) {
			case 'extract': {
				const {extraction, page, sentences} = extract(message.source, lastPoint);
				if (page && sentences) {
					reading = {jobId: message.jobId, page, sentences, index: -1};
				}

				return Promise.resolve(extraction);
			}

			case 'highlight': {
				if (reading?.jobId !== message.jobId) {
					return undefined;
				}

				const sentence = reading.sentences[message.index];
				if (!sentence) {
					return undefined;
				}

				if (reading.index !== message.index || message.follow) {
					reading.index = message.index;
					highlighter.sentence(rangeFor(reading.page, sentence.start, sentence.end), message.follow ?? false);
				}

				if (message.word) {
					highlighter.word(rangeFor(reading.page, sentence.start + message.word.start, sentence.start + message.word.end));
				}

				return undefined;
			}

			case 'clear': {
				if (!message.jobId || reading?.jobId === message.jobId) {
					highlighter.clear();
					reading = undefined;
				}

				return undefined;
			}

			case 'notice': {
				showNotice(document, message.text, message.kind);
				return undefined;
			}
		}
	};

	browser.runtime.onMessage.addListener(onMessage);
	ctx.onInvalidated(() => {
		browser.runtime.onMessage.removeListener(onMessage);
		highlighter.dispose();
	});
}

function extract(source: ReadSource, point: {node: Node; offset: number} | null): {extraction: Extraction; page?: PageText; sentences?: Sentence[]} {
	let page: PageText | null = null;
	if (source === 'selection' || source === 'auto') {
		page = extractSelection(window);
		if (!page && source === 'selection') {
			return {extraction: {ok: false, error: 'nothing-selected', message: 'Nothing is selected. Select some text first, or use "Read this page aloud".'}};
		}
	}

	if (!page) {
		page = source === 'here' && point ? extractFromPoint(document, point) : extractArticle(document);
	}

	const sentences = page ? splitSentences(page.text) : [];
	if (!page || sentences.length === 0) {
		return {extraction: {ok: false, error: 'no-text', message: 'No readable text was found on this page.'}};
	}

	return {
		extraction: {ok: true, title: document.title, sentences: sentences.map(({text, lang}) => ({text, lang}))},
		page,
		sentences,
	};
}

function isToContent(message: unknown): message is ToContent {
	return typeof message === 'object' && message !== null && (message as {channel?: unknown}).channel === 'content';
}
