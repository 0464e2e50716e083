// The least an Astro site needs to build blogport's output (layout `astro`).
import { defineConfig } from 'astro/config';

export default defineConfig({
  site: 'https://example.org',
  // Keep quotes and dashes as written, so the built text can be compared with the source.
  markdown: { smartypants: false },
  // The test links node_modules to a shared install: keep Astro's and Vite's caches (and the
  // content store) in the site itself, so no two test sites ever share one.
  cacheDir: './.cache/astro',
  vite: { cacheDir: './.cache/vite' },
});
