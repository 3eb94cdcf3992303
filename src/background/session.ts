/**
The reading position, kept where it survives the service worker stopping: `storage.session`
(memory only, cleared when the browser closes). The background writes it on every player report
and reads it back when it wakes, so it never needs to hold state itself.
*/
import {storage} from 'wxt/utils/storage';
import type {Job, Status} from '../messaging/protocol';

/** `job` is null after a command that failed before it became one (nothing selected, restricted page). */
export type Reading = {job: Job | null; status: Status; reason: string};

export const readingItem = storage.defineItem<Reading | null>('session:reading', {fallback: null});

export const idleStatus: Status = {state: 'idle', backend: null, sentence: null, played_s: 0};
