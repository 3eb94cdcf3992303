import {describe, expect, test} from 'vitest';
import {idle, type Machine, type MachineEvent, transition} from '../../src/player/machine';

const at = (state: Machine['state'], index = 1, count = 3): Machine => ({state, index, count});
const run = (machine: Machine, ...events: MachineEvent[]) => events.reduce(transition, machine);

describe('start', () => {
	test('loads the asked sentence, clamped into the job', () => {
		expect(transition(idle, {type: 'start', index: 2, count: 5})).toEqual({state: 'loading', index: 2, count: 5});
		expect(transition(idle, {type: 'start', index: 9, count: 5})).toEqual({state: 'loading', index: 4, count: 5});
		expect(transition(idle, {type: 'start', index: -3, count: 5})).toEqual({state: 'loading', index: 0, count: 5});
	});

	test('replaces whatever was going on, error included', () => {
		expect(transition({...at('error'), error: 'x'}, {type: 'start', index: 0, count: 2})).toEqual({state: 'loading', index: 0, count: 2});
	});
});

describe('sound', () => {
	test('turns loading into playing and nothing else', () => {
		expect(transition(at('loading'), {type: 'sound'})).toEqual(at('playing'));
		for (const state of ['idle', 'playing', 'paused', 'error'] as const) {
			expect(transition(at(state), {type: 'sound'})).toEqual(at(state));
		}
	});
});

describe('advance', () => {
	test('goes to the next sentence, loading', () => {
		expect(transition(at('playing', 0), {type: 'advance'})).toEqual(at('loading', 1));
	});

	test('after the last sentence the machine is idle', () => {
		expect(transition(at('playing', 2), {type: 'advance'})).toEqual(idle);
	});

	test('a sentence ending while paused moves on but stays paused', () => {
		expect(transition(at('paused', 0), {type: 'advance'})).toEqual(at('paused', 1));
	});

	test('does nothing when idle or failed', () => {
		expect(transition(idle, {type: 'advance'})).toEqual(idle);
		expect(transition({...at('error'), error: 'x'}, {type: 'advance'})).toEqual({...at('error'), error: 'x'});
	});
});

describe('pause and resume', () => {
	test('pause from playing or loading only', () => {
		expect(transition(at('playing'), {type: 'pause'})).toEqual(at('paused'));
		expect(transition(at('loading'), {type: 'pause'})).toEqual(at('paused'));
		for (const state of ['idle', 'paused', 'error'] as const) {
			expect(transition(at(state), {type: 'pause'})).toEqual(at(state));
		}
	});

	test('resume goes back to loading (sound comes when audio is heard), only from paused', () => {
		expect(transition(at('paused'), {type: 'resume'})).toEqual(at('loading'));
		for (const state of ['idle', 'loading', 'playing', 'error'] as const) {
			expect(transition(at(state), {type: 'resume'})).toEqual(at(state));
		}
	});
});

describe('seek', () => {
	test('moves by delta and loads', () => {
		expect(transition(at('playing', 1), {type: 'seek', delta: 1})).toEqual(at('loading', 2));
		expect(transition(at('loading', 1), {type: 'seek', delta: -1})).toEqual(at('loading', 0));
	});

	test('clamps at both ends', () => {
		expect(transition(at('playing', 2), {type: 'seek', delta: 1})).toEqual(at('loading', 2));
		expect(transition(at('playing', 0), {type: 'seek', delta: -1})).toEqual(at('loading', 0));
	});

	test('keeps paused while moving the place', () => {
		expect(transition(at('paused', 1), {type: 'seek', delta: 1})).toEqual(at('paused', 2));
		expect(transition(at('paused', 0), {type: 'seek', delta: -1})).toEqual(at('paused', 0));
	});

	test('after an error, tries again and drops the error', () => {
		expect(transition({...at('error', 1), error: 'x'}, {type: 'seek', delta: 1})).toEqual(at('loading', 2));
	});

	test('does nothing when idle', () => {
		expect(transition(idle, {type: 'seek', delta: 1})).toEqual(idle);
	});
});

describe('fail and stop', () => {
	test('fail records the error, except when idle', () => {
		expect(transition(at('playing'), {type: 'fail', error: 'server failed: gone'})).toEqual({...at('error'), error: 'server failed: gone'});
		expect(transition(idle, {type: 'fail', error: 'late'})).toEqual(idle);
	});

	test('stop resets from any state, and returns a copy of idle', () => {
		for (const state of ['loading', 'playing', 'paused', 'error'] as const) {
			const stopped = transition({...at(state), error: 'x'}, {type: 'stop'});
			expect(stopped).toEqual(idle);
			expect(stopped).not.toBe(idle);
		}
	});

	test('a whole reading: start, sound, pause, resume, advance to the end', () => {
		expect(run(idle, {type: 'start', index: 0, count: 2}, {type: 'sound'}, {type: 'pause'}, {type: 'resume'}, {type: 'sound'}, {type: 'advance'}, {type: 'sound'}, {type: 'advance'})).toEqual(idle);
	});
});
