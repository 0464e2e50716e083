import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/acceptance/**', 'test/integration/**', 'node_modules/**'],
    pool: 'threads',
  },
});
