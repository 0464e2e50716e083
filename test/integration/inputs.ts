/**
 * What the integration suite converts and builds. The sample archive and the Blogger fixture are
 * in the repo; the real exports come from ../shared/corpus and are used only when it is there
 * (as in the acceptance suite), so the rest never depends on it.
 */
import { existsSync } from 'node:fs';
import { CORPUS, CORPUS_REL } from '../acceptance/run.js';
import type { SiteInput, Variant } from './check.js';

export const SAMPLE: SiteInput = {
  name: 'fixtures/sample-blog.txt',
  input: 'fixtures/sample-blog.txt',
  // Its times have no zone; a zone far from UTC shows they stay the wall-clock times written.
  timezone: 'Asia/Tokyo',
};

const TEXT_EDGE_CASES_TXT = 'test/fixtures/sites/text-edge-cases.txt';

/**
 * A plain-text dump with what generators misread: a day-only date, a time late in the evening,
 * a title YAML reads as true, pipes, `$$`, `{:`, a line starting `: `, Liquid and shortcodes,
 * a numbered list inside a paragraph.
 */
export const TEXT_EDGE_CASES: SiteInput = {
  name: TEXT_EDGE_CASES_TXT,
  input: TEXT_EDGE_CASES_TXT,
  timezone: 'Pacific/Auckland',
};

const EDGE_CASES_XML = 'test/fixtures/sites/blogger-edge-cases.xml';

export const EDGE_CASES: SiteInput = {
  name: EDGE_CASES_XML,
  input: EDGE_CASES_XML,
  timezone: 'America/Los_Angeles',
  bloggerXml: EDGE_CASES_XML,
  drafts: ['Half-written', 'Price list (unfinished)', 'Summer plans (scheduled)'],
};

export const corpusExists = existsSync(CORPUS);

const ARBORLODGE = `${CORPUS_REL}/blogger-classic/arborlodge-neighborhood-2022.xml`;
const TAKEOUT_BLOG = `${CORPUS_REL}/blogger-takeout/orcunkoraliseri/Blogs/Personal Blog`;

/**
 * Real exports: a large classic backup (641 posts and pages, drafts, comments, labels, derived
 * titles with non-ASCII punctuation) and a Google Takeout feed (Turkish titles and labels, pages,
 * threaded comments; its dates are in UTC).
 */
export const CORPUS_INPUTS: readonly SiteInput[] = corpusExists
  ? [
      { name: ARBORLODGE, input: ARBORLODGE, timezone: 'America/Los_Angeles', bloggerXml: ARBORLODGE },
      {
        name: `${TAKEOUT_BLOG}/feed.atom`,
        input: `${TAKEOUT_BLOG}/feed.atom`,
        timezone: 'Etc/UTC',
        bloggerXml: `${TAKEOUT_BLOG}/feed.atom`,
        settingsCsv: `${TAKEOUT_BLOG}/settings.csv`,
      },
    ]
  : [];

export const COMMENTS_IN_FRONT_MATTER: Variant = { name: '--comments front-matter', args: ['--comments', 'front-matter'] };
export const HUGO_BUNDLES: Variant = { name: '--bundle', args: ['--bundle'] };
