import type { TestProject } from 'vitest/node';
import buildOnce from '../acceptance/globalSetup.js';
import { GENERATORS, locateTools, SKIP_MISSING_ENV, type Tools } from './tools.js';

declare module 'vitest' {
  export interface ProvidedContext {
    tools: Tools;
  }
}

/**
 * Once per run: build dist/ (the suites run the built CLI), find Hugo and Jekyll, install the
 * pinned Eleventy and Astro into their cache folder. A missing generator stops the run with what
 * to install, unless BLOGPORT_INTEGRATION_SKIP_MISSING=1 says to skip its tests.
 */
export default function setup(project: TestProject): void {
  const started = performance.now();
  buildOnce();
  const { tools, installMs } = locateTools();
  const missing = GENERATORS.filter((g) => tools[g].missing);
  if (missing.length > 0 && process.env[SKIP_MISSING_ENV] !== '1') {
    throw new Error(
      `site generators missing:\n${missing.map((g) => `  ${tools[g].missing}`).join('\n')}\n` +
        `Install them (.ci/run shows how), or set ${SKIP_MISSING_ENV}=1 to skip their tests.`,
    );
  }
  for (const g of missing) console.warn(`integration: SKIPPING ${g} (${SKIP_MISSING_ENV}=1): ${tools[g].missing}`);
  const versions = GENERATORS.filter((g) => !tools[g].missing).map((g) => tools[g].version);
  console.log(
    `integration: ${versions.join('; ')}; setup ${((performance.now() - started) / 1000).toFixed(1)} s` +
      (installMs > 0 ? ` (npm generators installed in ${(installMs / 1000).toFixed(1)} s)` : ' (npm generators cached)'),
  );
  project.provide('tools', tools);
}
