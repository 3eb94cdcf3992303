import type {LocalNetworkAccessState} from '../types/events.js';

/** What `navigator.permissions.query` returns, reduced to what we read. */
export type PermissionStatusLike = {
	readonly state: string;
	addEventListener?(type: 'change', listener: () => void): void;
};

export type PermissionsLike = {query(descriptor: {name: string}): Promise<PermissionStatusLike>};

export type LnaStatus = {
	state: LocalNetworkAccessState;
	permission: string | undefined;
	status: PermissionStatusLike | undefined;
};

/**
Asks for Chrome's Local Network Access permission state. Chrome 145+ knows the granular `loopback-network` / `local-network`, 142-144 only `local-network-access`; browsers without LNA throw a TypeError for unknown names, which means "unsupported", not "denied".
*/
export async function queryLocalNetworkAccess(permissions: PermissionsLike | undefined, space: 'loopback' | 'local'): Promise<LnaStatus> {
	const names = space === 'loopback' ? ['loopback-network', 'local-network-access'] : ['local-network', 'local-network-access'];
	if (permissions && typeof permissions.query === 'function') {
		for (const name of names) {
			try {
				// Descriptor names outside lib.dom's PermissionName union; the structural type above keeps this cast-free.
				// eslint-disable-next-line no-await-in-loop
				const status = await permissions.query({name});
				if (status.state === 'granted' || status.state === 'denied' || status.state === 'prompt') {
					return {state: status.state, permission: name, status};
				}
			} catch {
				// Unknown permission name in this browser: try the older one.
			}
		}
	}

	return {state: 'unsupported', permission: undefined, status: undefined};
}

/** `navigator.userActivation.isActive`: true while a click or key press is fresh (about 5 s in Chrome). Unknown (old browsers) counts as true, since those browsers have no LNA prompt to protect either. */
export function hasUserGesture(): boolean {
	const activation = (globalThis as {navigator?: {userActivation?: {isActive?: boolean}}}).navigator?.userActivation;
	return activation?.isActive ?? true;
}
