/** The toolbar badge: what the reader is doing, readable at a glance. */
import {browser} from 'wxt/browser';
import type {Status} from '../messaging/protocol';

const looks: Record<Status['state'], {text: string; color: string}> = {
	idle: {text: '', color: '#000000'},
	loading: {text: '…', color: '#6b7280'},
	playing: {text: '▶', color: '#15803d'},
	paused: {text: '❚❚', color: '#b45309'},
	error: {text: '!', color: '#b91c1c'},
};

export async function showBadge(status: Status): Promise<void> {
	const look = looks[status.state];
	const action = browser.action ?? browser.browserAction;
	await Promise.all([
		action.setBadgeText({text: look.text}),
		action.setBadgeBackgroundColor({color: look.color}),
		action.setTitle({title: status.state === 'error' && status.error ? `Read aloud: ${status.error}` : 'Read aloud (play/pause)'}),
	]);
}
