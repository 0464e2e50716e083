import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FrontMatterDate, renderDocument } from '../../src/layouts/frontMatter.js';
import { createSlugRegistry, getLayout, isLayoutName, layoutNames, layouts } from '../../src/layouts/index.js';
import type { LayoutName, LayoutOptions } from '../../src/layouts/layout.js';
import { slugify } from '../../src/layouts/slug.js';
import { BlogportError } from '../../src/model/errors.js';
import type { Post } from '../../src/model/post.js';
import { makePost } from '../helpers/makePost.js';

const flat: LayoutOptions = { bundle: false };
const bundled: LayoutOptions = { bundle: true };

const post = makePost();
const page = makePost({ kind: 'page', title: 'About' });
const draft = makePost({ draft: true });
const draftPage = makePost({ kind: 'page', draft: true });
const dateless = makePost({ date: undefined });

interface PathCase {
  post: string;
  page: string;
  draft: string;
  draftPage: string;
  dateless: string;
  bundle: string;
}

const paths: Record<LayoutName, PathCase> = {
  plain: {
    post: 'posts/hello.md',
    page: 'pages/hello.md',
    draft: 'posts/hello.md',
    draftPage: 'pages/hello.md',
    dateless: 'posts/hello.md',
    bundle: 'posts/hello.md',
  },
  hugo: {
    post: 'content/posts/hello.md',
    page: 'content/hello.md',
    draft: 'content/posts/hello.md',
    draftPage: 'content/hello.md',
    dateless: 'content/posts/hello.md',
    bundle: 'content/posts/hello/index.md',
  },
  jekyll: {
    post: '_posts/2015-03-01-hello.md',
    page: 'hello.md',
    draft: '_drafts/hello.md',
    draftPage: 'hello.md',
    dateless: '_drafts/hello.md',
    bundle: '_posts/2015-03-01-hello.md',
  },
  eleventy: {
    post: 'posts/hello.md',
    page: 'hello.md',
    draft: 'posts/hello.md',
    draftPage: 'hello.md',
    dateless: 'posts/hello.md',
    bundle: 'posts/hello.md',
  },
  astro: {
    post: 'src/content/blog/hello.md',
    page: 'src/content/pages/hello.md',
    draft: 'src/content/blog/hello.md',
    draftPage: 'src/content/pages/hello.md',
    dateless: 'src/content/blog/hello.md',
    bundle: 'src/content/blog/hello.md',
  },
};

describe('the layout table', () => {
  it('has one layout per name, named after its key, plain first', () => {
    expect(Object.keys(layouts).sort()).toEqual([...layoutNames].sort());
    for (const name of layoutNames) expect(layouts[name].name).toBe(name);
    expect(layoutNames[0]).toBe('plain');
  });

  it('describes every layout in one line', () => {
    for (const name of layoutNames) {
      expect(layouts[name].description).toMatch(/^\S.*\S$/);
      expect(layouts[name].description).not.toContain('\n');
    }
  });

  it('looks layouts up by name, refusing unknown ones with the choices', () => {
    expect(getLayout('hugo')).toBe(layouts.hugo);
    expect(isLayoutName('toString')).toBe(false);
    expect(() => getLayout('gatsby')).toThrow(BlogportError);
    expect(() => getLayout('__proto__')).toThrow(/unknown layout/);
  });
});

describe.each(layoutNames)('%s layout', (name) => {
  const layout = layouts[name];
  const expected = paths[name];

  it('places posts, pages, drafts and dateless posts', () => {
    expect(layout.pathFor(post, 'hello', flat)).toBe(expected.post);
    expect(layout.pathFor(page, 'hello', flat)).toBe(expected.page);
    expect(layout.pathFor(draft, 'hello', flat)).toBe(expected.draft);
    expect(layout.pathFor(draftPage, 'hello', flat)).toBe(expected.draftPage);
    expect(layout.pathFor(dateless, 'hello', flat)).toBe(expected.dateless);
    expect(layout.pathFor(post, 'hello', bundled)).toBe(expected.bundle);
  });

  it('refuses a slug that did not come from slugify', () => {
    for (const bad of ['../x', '/abs', 'a/b', 'a\\b', '.', '..', '', '.hidden', 'Hello', 'a--b', '-a']) {
      expect(() => layout.pathFor(post, bad, flat), bad).toThrow(TypeError);
    }
  });

  it('can never write outside the output folder, whatever the title', () => {
    const titles = ['../../etc/passwd', '/abs', '..', '.', '\\\\server\\share', 'C:\\Windows', '~root', 'a/../../b', '%2e%2e%2f', '....//....//', '_config', '.git'];
    const registry = createSlugRegistry(layout);
    for (const title of titles) {
      for (const p of [makePost({ title }), makePost({ title, kind: 'page' }), makePost({ title, draft: true })]) {
        for (const options of [flat, bundled]) {
          const slug = registry.claim(slugify(title) || 'untitled', layout.slugScope(p));
          const path = layout.pathFor(p, slug, options);
          expect(path).not.toMatch(/^[/\\]|^[a-zA-Z]:|\\/);
          expect(path.split('/')).not.toContain('..');
          expect(path.split('/')).not.toContain('.');
          expect(path.split('/')).not.toContain('');
          expect(path).toMatch(/\.md$/);
        }
      }
    }
  });

  it('front matter is ordered, without empty values, and survives YAML', () => {
    const fm = layout.frontMatter(post, 'hello', flat);
    for (const value of Object.values(fm)) {
      expect(value).not.toBeUndefined();
      expect(value).not.toBeNull();
      if (Array.isArray(value)) expect(value.length).toBeGreaterThan(0);
    }
    const doc = renderDocument(fm, 'Body');
    expect(doc.startsWith('---\n')).toBe(true);
    const yaml = doc.slice(4, doc.indexOf('\n---\n') + 1);
    const parsed = parse(yaml, { version: '1.1' }) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(Object.keys(fm));
    expect(parsed.title).toBe('Hello World');
  });

  it('writes a title that looks like another type as a string', () => {
    for (const title of ['2015-03-01', 'yes', 'null', '0123', '12:30', '~', '']) {
      const fm = layout.frontMatter(makePost({ title }), 'hello', flat);
      expect(parse(renderDocument(fm, '').split('---\n')[1]!, { version: '1.1' }).title).toBe(title);
    }
  });

  it('writes dates as timestamps, with the zone offset when given', () => {
    const fm = layout.frontMatter(post, 'hello', { bundle: false, timezone: 'Europe/London' });
    const dates = Object.values(fm).filter((v) => v instanceof FrontMatterDate);
    expect(dates.map(String)).toEqual(['2015-03-01T22:34:00+00:00']);
  });

  it('uses each name the generator expects', () => {
    const full: Post = makePost({
      title: 'Full',
      titleDerived: true,
      excerpt: true,
      date: { precision: 'offset', date: '2015-03-01', time: '22:34:00', offset: '-08:00' },
      updated: { precision: 'day', date: '2016-01-02' },
      author: 'Ann',
      tags: ['a', 'b'],
      categories: ['c'],
      draft: true,
      aliases: ['/2015/03/full.html'],
    });
    const fm = layout.frontMatter(full, 'full', flat);
    expect(JSON.parse(JSON.stringify(fm))).toEqual(fullFrontMatter[name]);
  });
});

const fullFrontMatter: Record<LayoutName, Record<string, unknown>> = {
  plain: {
    title: 'Full',
    date: '2015-03-01T22:34:00-08:00',
    updated: '2016-01-02',
    author: 'Ann',
    tags: ['a', 'b'],
    categories: ['c'],
    draft: true,
    slug: 'full',
    aliases: ['/2015/03/full.html'],
    title_derived: true,
    truncated: true,
  },
  hugo: {
    title: 'Full',
    date: '2015-03-01T22:34:00-08:00',
    lastmod: '2016-01-02',
    author: 'Ann',
    tags: ['a', 'b'],
    categories: ['c'],
    draft: true,
    slug: 'full',
    aliases: ['/2015/03/full.html'],
    title_derived: true,
    truncated: true,
  },
  jekyll: {
    layout: 'post',
    title: 'Full',
    date: '2015-03-01T22:34:00-08:00',
    last_modified_at: '2016-01-02',
    author: 'Ann',
    tags: ['a', 'b'],
    categories: ['c'],
    redirect_from: ['/2015/03/full.html'],
    title_derived: true,
    truncated: true,
  },
  eleventy: {
    title: 'Full',
    date: '2015-03-01T22:34:00-08:00',
    author: 'Ann',
    tags: ['posts', 'a', 'b'],
    categories: ['c'],
    draft: true,
    permalink: false,
    aliases: ['/2015/03/full.html'],
    title_derived: true,
    truncated: true,
  },
  astro: {
    title: 'Full',
    description: '',
    pubDate: '2015-03-01T22:34:00-08:00',
    updatedDate: '2016-01-02',
    author: 'Ann',
    tags: ['a', 'b'],
    categories: ['c'],
    draft: true,
    redirect_from: ['/2015/03/full.html'],
    title_derived: true,
    truncated: true,
  },
};

describe('layout specifics', () => {
  it('plain keeps only true flags and known values', () => {
    const fm = layouts.plain.frontMatter(makePost({ date: undefined }), 'hello', flat);
    expect(fm).toEqual({ title: 'Hello World', slug: 'hello' });
  });

  it('hugo bundles pages too', () => {
    expect(layouts.hugo.pathFor(page, 'about', bundled)).toBe('content/about/index.md');
  });

  it('jekyll names post files by the day the source wrote, not the UTC day', () => {
    const late = makePost({ date: { precision: 'offset', date: '2015-03-01', time: '23:30:00', offset: '-08:00' } });
    expect(layouts.jekyll.pathFor(late, 'late', flat)).toBe('_posts/2015-03-01-late.md');
  });

  it('jekyll scopes post slugs per day, drafts and pages on their own', () => {
    const other = makePost({ date: { precision: 'day', date: '2015-03-02' } });
    expect(layouts.jekyll.slugScope(post)).not.toBe(layouts.jekyll.slugScope(other));
    expect(layouts.jekyll.slugScope(draft)).toBe(layouts.jekyll.slugScope(dateless));
    expect(layouts.jekyll.slugScope(page)).toBe(layouts.jekyll.slugScope(draftPage));
    const registry = createSlugRegistry(layouts.jekyll);
    expect(registry.claim('hello', layouts.jekyll.slugScope(post))).toBe('hello');
    expect(registry.claim('hello', layouts.jekyll.slugScope(other))).toBe('hello');
    expect(registry.claim('hello', layouts.jekyll.slugScope(post))).toBe('hello-2');
  });

  it('jekyll gives pages the page layout and hides draft pages with published: false', () => {
    expect(layouts.jekyll.frontMatter(page, 'about', flat)).toMatchObject({ layout: 'page' });
    expect(layouts.jekyll.frontMatter(page, 'about', flat)).not.toHaveProperty('published');
    expect(layouts.jekyll.frontMatter(draftPage, 'about', flat)).toMatchObject({ published: false });
    expect(layouts.jekyll.frontMatter(draft, 'hello', flat)).not.toHaveProperty('published');
  });

  it('jekyll writes a time without a zone as a string, so Jekyll reads it in the site zone, not as UTC', () => {
    const yamlOf = (fm: Record<string, unknown>) => renderDocument(fm, '').split('---\n')[1]!;
    const local = layouts.jekyll.frontMatter(post, 'hello', flat);
    expect(local.date).toBe('2015-03-01T22:34:00');
    expect(yamlOf(local)).toContain('date: "2015-03-01T22:34:00"');
    // Read as YAML 1.1 (as Psych does), it stays a string: Jekyll parses it in the site's timezone.
    expect(parse(yamlOf(local), { version: '1.1' }).date).toBe('2015-03-01T22:34:00');
    // Offsets and days are timestamps, as are local times once --timezone gives them an offset.
    const offset = makePost({ date: { precision: 'offset', date: '2015-03-01', time: '23:30:00', offset: '-08:00' } });
    expect(yamlOf(layouts.jekyll.frontMatter(offset, 'x', flat))).toContain('date: 2015-03-01T23:30:00-08:00\n');
    const day = makePost({ date: { precision: 'day', date: '2015-03-01' }, updated: { precision: 'local', date: '2015-03-02', time: '08:00' } });
    expect(yamlOf(layouts.jekyll.frontMatter(day, 'x', flat))).toContain('date: 2015-03-01\nlast_modified_at: "2015-03-02T08:00:00"\n');
    expect(layouts.jekyll.frontMatter(post, 'x', { bundle: false, timezone: 'Europe/London' }).date).toBeInstanceOf(FrontMatterDate);
    // Other generators read a zone-less timestamp as wall-clock time (Hugo: in its timeZone).
    expect(layouts.hugo.frontMatter(post, 'x', flat).date).toBeInstanceOf(FrontMatterDate);
  });

  it('astro always writes the description the blog starter schema requires, and old URLs as redirect_from', () => {
    expect(layouts.astro.frontMatter(post, 'h', flat)).toMatchObject({ description: '' });
    expect(layouts.astro.frontMatter(makePost({ description: 'Short' }), 'h', flat)).toMatchObject({ description: 'Short' });
    const moved = layouts.astro.frontMatter(makePost({ aliases: ['/2015/03/hello.html'] }), 'h', flat);
    expect(moved).toMatchObject({ redirect_from: ['/2015/03/hello.html'] });
    expect(moved).not.toHaveProperty('aliases');
  });

  it.each([
    ['hugo', 'aliases'],
    ['jekyll', 'redirect_from'],
    ['eleventy', 'aliases'],
    ['astro', 'redirect_from'],
    ['plain', 'aliases'],
  ] as const)('%s carries old URLs in %s', (name, key) => {
    const fm = layouts[name].frontMatter(makePost({ aliases: ['/2015/03/hello.html', '/p/hello.html'] }), 'h', flat);
    expect(fm[key]).toEqual(['/2015/03/hello.html', '/p/hello.html']);
  });

  it('only jekyll writes for a parser other than CommonMark (kramdown)', () => {
    expect(layoutNames.map((name) => layouts[name].markdownDialect ?? 'commonmark')).toEqual(['commonmark', 'commonmark', 'kramdown', 'commonmark', 'commonmark']);
  });

  it('eleventy tags posts (not pages) "posts" once', () => {
    expect(layouts.eleventy.frontMatter(makePost({ tags: ['posts', 'x'] }), 'h', flat).tags).toEqual(['posts', 'x']);
    expect(layouts.eleventy.frontMatter(post, 'h', flat).tags).toEqual(['posts']);
    expect(layouts.eleventy.frontMatter(page, 'h', flat)).not.toHaveProperty('tags');
    expect(layouts.eleventy.frontMatter(post, 'h', flat)).not.toHaveProperty('permalink');
  });

  it.each([
    ['hugo', 'page', 'posts'],
    ['hugo', 'page', 'index'],
    ['hugo', 'post', 'index'],
    ['jekyll', 'page', 'index'],
    ['jekyll', 'page', 'readme'],
    ['eleventy', 'page', 'index'],
  ] as const)('%s keeps a %s from taking the reserved slug %j', (name, kind, slug) => {
    const layout = layouts[name];
    const registry = createSlugRegistry(layout);
    const p = makePost({ kind });
    expect(registry.claim(slug, layout.slugScope(p))).toBe(`${slug}-2`);
  });
});
