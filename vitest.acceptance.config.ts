import { defineConfig } from 'vitest/config';

// The acceptance suite: blogport run end to end (the built CLI) over the real archives in
// ../shared/corpus. Kept apart from `npm test` because the corpus lives outside the repo.
export default defineConfig({
  test: {
    include: ['test/acceptance/**/*.test.ts'],
    globalSetup: ['test/acceptance/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
