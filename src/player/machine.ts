/**
The player's state machine: which sentence, and whether it is loading, playing, paused, stopped or
failed. Pure, so every transition is tested on its own; the player (player.ts) performs the side
effects each state asks for.
*/
import type {PlayerState} from '../messaging/protocol';

export type Machine = {state: PlayerState; index: number; count: number; error?: string};

export type MachineEvent =
	| {type: 'start'; index: number; count: number}
	/** The current sentence's audio is audible. */
	| {type: 'sound'}
	/** The current sentence finished. */
	| {type: 'advance'}
	| {type: 'pause'}
	| {type: 'resume'}
	| {type: 'seek'; delta: number}
	| {type: 'fail'; error: string}
	| {type: 'stop'};

export const idle: Machine = {state: 'idle', index: 0, count: 0};

export function transition(machine: Machine, event: MachineEvent): Machine {
	switch (event.type) {
		case 'start': {
			return {state: 'loading', index: clamp(event.index, event.count), count: event.count};
		}

		case 'sound': {
			return machine.state === 'loading' ? {...machine, state: 'playing'} : machine;
		}

		case 'advance': {
			if (machine.state === 'idle' || machine.state === 'error') {
				return machine;
			}

			const index = machine.index + 1;
			// A sentence that ends while paused (system voices finishing a word) does not unpause.
			const state = machine.state === 'paused' ? 'paused' : 'loading';
			return index >= machine.count ? {...idle} : {...machine, index, state};
		}

		case 'pause': {
			return machine.state === 'playing' || machine.state === 'loading' ? {...machine, state: 'paused'} : machine;
		}

		case 'resume': {
			return machine.state === 'paused' ? {...machine, state: 'loading'} : machine;
		}

		case 'seek': {
			if (machine.state === 'idle' || machine.count === 0) {
				return machine;
			}

			const index = clamp(machine.index + event.delta, machine.count);
			// Skipping while paused moves the place but stays paused; after an error it tries again.
			return {state: machine.state === 'paused' ? 'paused' : 'loading', index, count: machine.count};
		}

		case 'fail': {
			return machine.state === 'idle' ? machine : {...machine, state: 'error', error: event.error};
		}

		case 'stop': {
			return {...idle};
		}
	}
}

function clamp(index: number, count: number): number {
	return Math.max(0, Math.min(count - 1, index));
}
