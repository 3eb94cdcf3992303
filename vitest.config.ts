import {defineConfig} from 'vitest/config';
import {WxtVitest} from 'wxt/testing/vitest-plugin';

// Unit tests: WXT's plugin gives `browser` a fake (in memory) and resolves the same aliases as the build.
export default defineConfig({
	plugins: [WxtVitest()],
	test: {
		include: ['tests/unit/**/*.test.{ts,tsx}'],
		environment: 'jsdom',
	},
});
