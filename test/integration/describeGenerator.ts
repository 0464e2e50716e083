import { afterAll, describe, expect, inject, it } from 'vitest';
import { useTempFolders } from '../acceptance/run.js';
import { convertAndBuild, DEFAULT_VARIANT, type SiteInput, type Variant } from './check.js';
import { corpusExists, CORPUS_INPUTS, EDGE_CASES, SAMPLE, TEXT_EDGE_CASES } from './inputs.js';
import { SITES } from './sites.js';
import type { GeneratorName } from './tools.js';

export interface Case {
  input: SiteInput;
  variant?: Variant;
}

const secondsOf = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The tests for one generator: the sample archive, the Blogger fixture, any extra variants, and
 * the corpus exports when ../shared/corpus is there. Skipped (with a line saying so) only when
 * the generator is missing and BLOGPORT_INTEGRATION_SKIP_MISSING=1; otherwise globalSetup has
 * already failed the run.
 */
export function describeGenerator(generator: GeneratorName, extra: readonly Case[] = []): void {
  const tool = inject('tools')[generator];
  const spec = SITES[generator];
  const cases: Case[] = [{ input: SAMPLE }, { input: TEXT_EDGE_CASES }, { input: EDGE_CASES }, ...extra, ...CORPUS_INPUTS.map((input) => ({ input }))];
  if (!corpusExists) console.log(`integration (${generator}): ../shared/corpus not found, corpus exports not built`);

  (tool.missing ? describe.skip : describe)(`${generator} (${tool.version ?? tool.missing}) builds blogport's ${spec.layout} output`, () => {
    const { fresh } = useTempFolders(`blogport-${generator}-`);
    const timings: string[] = [];
    afterAll(() => {
      if (timings.length > 0) console.log(timings.join('\n'));
    });

    for (const { input, variant = DEFAULT_VARIANT } of cases) {
      const label = variant.name ? `${input.name} ${variant.name}` : input.name;
      it(label, () => {
        const run = convertAndBuild(spec, tool, input, variant, fresh(`${generator}-${label}`));
        timings.push(
          `integration ${generator} ${label}: convert ${secondsOf(run.convertMs)}, build ${secondsOf(run.buildMs)}; ` +
            `${run.published} pages, ${run.unpublished} unpublished, ${run.redirects} old URLs, ${run.commentsChecked} comment counts`,
        );
        expect(run.problems).toEqual([]);
        // Guards against a check that passes because it looked at nothing.
        expect(run.published).toBeGreaterThan(0);
        if (input.bloggerXml) expect(run.redirects).toBeGreaterThan(0);
        if (input.bloggerXml && !variant.args.includes('front-matter')) expect(run.commentsChecked).toBeGreaterThan(0);
      });
    }
  });
}
