/**
Turns `ToPlayer` messages into calls on one `Player`, wherever it lives: the offscreen document's
message listener (Chrome) and the Firefox background page call the same function.
*/
import type {BackendId, FromPlayer, Job, ToPlayer} from '../messaging/protocol';
import type {Synthesizer} from '../synth/clip';
import {serverSynthesizer} from '../synth/server';
import {ElementOutput} from './elementOutput';
import type {Speaker} from './output';
import {Player} from './player';

export type PlayerHandle = {handle(message: ToPlayer): Promise<unknown> | unknown};

export function createPlayer(speaker: Speaker & {onWord?: (start: number, end: number) => void}, emit: (message: FromPlayer) => void): PlayerHandle {
	const player = new Player({synthesizer, speaker, output: new ElementOutput(), emit});
	return {
		handle(message) {
			switch (message.type) {
				case 'play': {
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
					return player.preview(synthesizer(message.backend, {serverUrl: message.serverUrl}), message.text, message.voice, message.speed)
						.then(() => ({ok: true}), (error: unknown) => ({ok: false, error: error instanceof Error ? error.message : String(error)}));
				}

				case 'system-word': {
					speaker.onWord?.(message.start, message.end);
					return true;
				}
			}
		},
	};
}

/** The clip-making backend for a job. The in-browser engine is issue 11: until it exists the router never picks it. */
function synthesizer(backend: BackendId, job: Pick<Job, 'serverUrl'>): Synthesizer {
	if (backend === 'server') {
		return serverSynthesizer(job.serverUrl);
	}

	return async () => {
		throw new Error(`the ${backend} backend does not make audio clips`);
	};
}
