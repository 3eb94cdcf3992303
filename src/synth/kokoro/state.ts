/**
What Kokoro in the browser is doing (downloading, ready, failed), in `storage.session`: the
background writes it from the worker's reports, the options page shows it.
*/
import type {LoadTimings} from '@tts-client/engines/kokoroProtocol';
import {storage} from 'wxt/utils/storage';

export type EngineState =
	| {state: 'downloading'; done: number; total: number}
	| {state: 'ready'; detail: string; timings?: LoadTimings}
	| {state: 'error'; error: string};

export const engineItem = storage.defineItem<EngineState | null>('session:engine', {fallback: null});
