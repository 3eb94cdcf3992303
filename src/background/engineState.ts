/**
The background's side of Kokoro in the browser: the worker's reports go to `storage.session`
for the options page, and to the badge and the page being read while its weights download: a
first download takes minutes, and silence then would look like a hang.
*/
import {browser} from 'wxt/browser';
import type {EngineEvent} from '../synth/kokoro/client';
import {engineItem} from '../synth/kokoro/state';
import {readingItem} from './session';
import {tellContent} from './tabs';


/** A note in the page every this many percent of a download, so the reader sees it move without a flood of notes. */
const noteEveryPercent = 10;

export async function onEngineEvent(event: EngineEvent): Promise<void> {
	const before = await engineItem.getValue();
	switch (event.type) {
		case 'progress': {
			const {done, total, fileDone, fileTotal} = event.progress;
			// A file found in the cache is reported whole at once; only bytes arriving mid-file mean a download.
			if (fileDone >= fileTotal || done >= total) {
				return;
			}

			await engineItem.setValue({state: 'downloading', done, total});
			const percent = Math.floor((100 * done) / total);
			const action = browser.action ?? browser.browserAction;
			await action.setBadgeText({text: `${percent}%`});
			const previous = before?.state === 'downloading' ? Math.floor((100 * before.done) / before.total) : -noteEveryPercent;
			if (Math.floor(percent / noteEveryPercent) > Math.floor(previous / noteEveryPercent)) {
				await noteReadingTab(`Downloading Kokoro voices for the browser (once): ${percent}% of ${Math.round(total / 1e6)} MB. Reading starts when it is done.`);
			}

			return;
		}

		case 'loaded': {
			await engineItem.setValue({state: 'ready', detail: event.detail, timings: event.timings});
			return;
		}

		case 'load-failed': {
			await engineItem.setValue({state: 'error', error: event.error});
		}
	}
}

async function noteReadingTab(text: string): Promise<void> {
	const reading = await readingItem.getValue();
	if (reading?.job?.backend === 'browser' && reading.status.state === 'loading') {
		tellContent(reading.job.tabId, {channel: 'content', type: 'notice', kind: 'info', text});
	}
}
