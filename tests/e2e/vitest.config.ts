import {defineConfig} from 'vitest/config';

// The built extension in a real Chromium against the real server: one file at a time (they share
// the machine's two cores and the model), generous timeouts (speech takes real seconds).
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.e2e.ts'],
		environment: 'node',
		fileParallelism: false,
		testTimeout: 180_000,
		hookTimeout: 120_000,
	},
});
