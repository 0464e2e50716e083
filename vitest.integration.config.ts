import { defineConfig } from 'vitest/config';

// The integration suite: blogport's output built into real sites by Hugo, Jekyll, Eleventy and
// Astro (see test/integration/). One file per generator, so two build at a time on two cores.
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    globalSetup: ['test/integration/globalSetup.ts'],
    testTimeout: 600_000,
    hookTimeout: 1_200_000,
  },
});
