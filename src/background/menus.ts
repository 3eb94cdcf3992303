/** The context menu: "Read selection" (only over selected text), "Read this page", "Read from here". */
import {browser, type Browser} from 'wxt/browser';
import type {ReadSource} from '../messaging/protocol';

type Context = `${Browser.contextMenus.ContextType}`;

const items: Array<{id: string; title: string; contexts: [Context, ...Context[]]; source: ReadSource}> = [
	{id: 'read-selection', title: 'Read selection aloud', contexts: ['selection'], source: 'selection'},
	{id: 'read-page', title: 'Read this page aloud', contexts: ['page', 'link', 'image', 'frame'], source: 'page'},
	{id: 'read-here', title: 'Read aloud from here', contexts: ['page', 'link', 'image', 'frame'], source: 'here'},
];

export async function registerMenus(): Promise<void> {
	await browser.contextMenus.removeAll();
	for (const {id, title, contexts} of items) {
		browser.contextMenus.create({id, title, contexts});
	}
}

export function sourceOfMenu(id: string | number): ReadSource | undefined {
	return items.find(item => item.id === id)?.source;
}
