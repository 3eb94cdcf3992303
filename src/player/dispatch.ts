/**
Turns `ToPlayer` messages into calls on one `Player`, wherever it lives: the offscreen document's
message listener (Chrome) and the Firefox background page call the same function.
*/
import type {BackendId, FromPlayer, Job, ToPlayer} from '../messaging/protocol';
import {voicesInUse} from '../settings/schema';
import type {Synthesizer} from '../synth/clip';
import {BrowserEngine} from '../synth/kokoro/client';
import {mark} from '../synth/kokoro/marks';
import {serverSynthesizer} from '../synth/server';
import {ElementOutput} from './elementOutput';
import type {Speaker} from './output';
import {Player} from './player';

export type PlayerHandle = {handle(message: ToPlayer): Promise<unknown> | unknown};

export function createPlayer(speaker: Speaker & {onWord?: (start: number, end: number) => void}, emit: (message: FromPlayer) => void): PlayerHandle {
	// One engine per document: the model stays loaded between readings while the document lives.
	const engine = new BrowserEngine(event => {
		emit({channel: 'background', type: 'engine', event});
	});
	const synthesizer = (backend: BackendId, job: Pick<Job, 'serverUrl' | 'modelBaseUrl' | 'voices'>): Synthesizer => {
		switch (backend) {
			case 'server': {
				return serverSynthesizer(job.serverUrl);
			}

			case 'browser': {
				return engine.synthesizer({baseUrl: job.modelBaseUrl, voices: voicesInUse(job.voices)});
			}

			case 'system': {
				return async () => {
					throw new Error('system voices speak sentences themselves; they make no audio clips');
				};
			}
		}
	};

	const player = new Player({synthesizer, speaker, output: new ElementOutput(), emit});
	return {
		handle(message) {
			switch (message.type) {
				case 'play': {
					mark('offscreen.play');
					player.play(message.job);
					return true;
				}

				case 'toggle': {
					player.toggle();
					return player.status();
				}

				case 'pause': {
					player.pause();
					return player.status();
				}

				case 'stop': {
					player.stop();
					return true;
				}

				case 'seek': {
					player.seek(message.delta);
					return player.status();
				}

				case 'speed': {
					player.setSpeed(message.speed);
					return true;
				}

				case 'status': {
					return player.status();
				}

				case 'preview': {
					return player.preview(synthesizer(message.backend, {serverUrl: message.serverUrl, modelBaseUrl: message.modelBaseUrl, voices: {en: message.voice, zh: message.voice}}), message.text, message.voice, message.speed)
						.then(() => ({ok: true}), (error: unknown) => ({ok: false, error: error instanceof Error ? error.message : String(error)}));
				}

				case 'prepare-browser': {
					mark('offscreen.prepare');
					engine.load({baseUrl: message.modelBaseUrl, voices: message.voices});
					return true;
				}

				case 'system-word': {
					speaker.onWord?.(message.start, message.end);
					return true;
				}
			}
		},
	};
}
