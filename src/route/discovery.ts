/**
The local server's health, as the background sees it: tts-client's `ServerDiscovery` (one
implementation with the page library), keyed by server URL. The background may be stopped at any
time; losing this cache costs one probe.
*/
import {ServerDiscovery} from '@tts-client/core/discovery';
import type {HealthInfo} from '@tts-client/types/events';

/** A probe that takes longer than this counts as "down": a local server answers /health in a few ms. */
export const probeTimeoutMs = 400;

const discoveries = new Map<string, ServerDiscovery>();

export function serverDiscovery(serverUrl: string, now: () => number = Date.now): ServerDiscovery {
	let discovery = discoveries.get(serverUrl);
	if (!discovery) {
		discovery = new ServerDiscovery({
			serverUrl,
			probeTimeoutMs,
			// The background refreshes before every check (checks.ts): each job probes, so there is nothing to wait out.
			reprobeMs: 0,
			permissionPromptTimeoutMs: probeTimeoutMs,
			fetch: (input, init) => fetch(input, init),
			now,
			emit() {},
		});
		discoveries.set(serverUrl, discovery);
	}

	return discovery;
}

/** The last /health answer, when the server is up. */
export function serverHealth(discovery: ServerDiscovery): HealthInfo | undefined {
	const {state} = discovery;
	return state.kind === 'up' ? state.health : undefined;
}
