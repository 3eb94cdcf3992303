import {defineConfig} from 'vitest/config';

// The wasm G2P against the server binary (`make test-g2p`). Kept out of the quick unit run: it needs
// `make build-g2p`, `make build-server` and `make setup`, and parses some 25 MB of dictionaries.
export default defineConfig({
	test: {
		include: ['tests/g2p/**/*.test.ts'],
		environment: 'node',
		testTimeout: 300_000,
		hookTimeout: 300_000,
	},
});
