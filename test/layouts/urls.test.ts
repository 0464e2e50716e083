import { describe, expect, it } from 'vitest';
import { layouts } from '../../src/layouts/index.js';
import type { LayoutName, LayoutOptions } from '../../src/layouts/layout.js';
import { eleventyTerm, hugoTerm, jekyllTerm } from '../../src/layouts/terms.js';
import { makePost } from '../helpers/makePost.js';

const flat: LayoutOptions = { bundle: false };
const bundled: LayoutOptions = { bundle: true };

const post = makePost();
const page = makePost({ kind: 'page', title: 'About' });
const draft = makePost({ draft: true });
const draftPage = makePost({ kind: 'page', draft: true });
const dateless = makePost({ date: undefined });
const categorised = makePost({ categories: ['Travel', 'Long Reads', 'travel'] });

/** Where each generator serves the file `pathFor` gives, with its default configuration. */
const urls: Record<LayoutName, { post: string; page: string; bundle: string; dateless: string | undefined; categorised: string }> = {
  plain: { post: '/posts/hello/', page: '/pages/about/', bundle: '/posts/hello/', dateless: '/posts/hello/', categorised: '/posts/hello/' },
  hugo: { post: '/posts/hello/', page: '/about/', bundle: '/posts/hello/', dateless: '/posts/hello/', categorised: '/posts/hello/' },
  // _posts/2015-03-01-hello.md under the default `date` permalink; categories lower-cased, once each.
  jekyll: { post: '/2015/03/01/hello.html', page: '/about.html', bundle: '/2015/03/01/hello.html', dateless: undefined, categorised: '/travel/long reads/2015/03/01/hello.html' },
  eleventy: { post: '/posts/hello/', page: '/about/', bundle: '/posts/hello/', dateless: '/posts/hello/', categorised: '/posts/hello/' },
  astro: { post: '/blog/hello/', page: '/about/', bundle: '/blog/hello/', dateless: '/blog/hello/', categorised: '/blog/hello/' },
};

describe('layout.urlOf: the URL the generator serves each written file at', () => {
  it.each(Object.keys(urls) as LayoutName[])('%s', (name) => {
    const layout = layouts[name];
    const want = urls[name];
    expect(layout.urlOf(post, 'hello', flat)).toBe(want.post);
    expect(layout.urlOf(page, 'about', flat)).toBe(want.page);
    expect(layout.urlOf(post, 'hello', bundled)).toBe(want.bundle);
    expect(layout.urlOf(dateless, 'hello', flat)).toBe(want.dateless);
    expect(layout.urlOf(categorised, 'hello', flat)).toBe(want.categorised);
    // Drafts get no page in any generator's default build.
    expect(layout.urlOf(draft, 'hello', flat)).toBeUndefined();
    expect(layout.urlOf(draftPage, 'about', flat)).toBeUndefined();
  });

  it('follows the slug the file was written under (a renamed duplicate keeps its -2)', () => {
    for (const layout of Object.values(layouts)) {
      const path = layout.pathFor(post, 'hello-2', flat);
      const url = layout.urlOf(post, 'hello-2', flat)!;
      expect(path, layout.name).toContain('hello-2');
      expect(url, layout.name).toMatch(/\/hello-2(?:\/|\.html)$/);
    }
  });

  it('refuses a slug that did not come from the slug registry, like pathFor', () => {
    for (const layout of Object.values(layouts)) expect(() => layout.urlOf(post, '../x', flat), layout.name).toThrow(/Unsafe slug/);
  });
});

describe('layout.tagUrl and the generators’ term rules', () => {
  const tags = ['Land Use', 'Café racer', 'C++', 'Q&A', "Don't panic", '  Many   spaces ', 'İstanbul', '日本語'];

  it('Hugo urlizes terms: letters of any script, digits and . _ + ~ # @ - kept, spaces to one hyphen, lower case', () => {
    expect(tags.map(hugoTerm)).toEqual(['land-use', 'café-racer', 'c++', 'qa', 'dont-panic', 'many-spaces', 'istanbul', '日本語']);
    expect(hugoTerm('a - b')).toBe('a-b');
    expect(hugoTerm('100%25 sure')).toBe('100%25-sure');
    expect(layouts.hugo.tagUrl('Land Use')).toBe('/tags/land-use/');
  });

  it('Jekyll (jekyll-archives) slugifies: runs of anything but letters, marks and digits to one hyphen', () => {
    expect(tags.map(jekyllTerm)).toEqual(['land-use', 'café-racer', 'c', 'q-a', 'don-t-panic', 'many-spaces', 'i̇stanbul', '日本語']);
    expect(layouts.jekyll.tagUrl('Land Use')).toBe('/tag/land-use/');
  });

  it('Eleventy’s slugify filter transliterates and drops apostrophes', () => {
    expect(tags.map(eleventyTerm)).toEqual(['land-use', 'cafe-racer', 'c', 'q-and-a', 'dont-panic', 'many-spaces', 'istanbul', '']);
    expect(layouts.eleventy.tagUrl('Café racer')).toBe('/tags/cafe-racer/');
    expect(layouts.astro.tagUrl('Café racer')).toBe('/tags/cafe-racer/');
    expect(layouts.plain.tagUrl('Café racer')).toBe('/tags/cafe-racer/');
  });
});

describe('layout.publicRoot: the folder copied as-is to the site root', () => {
  it('is static/ for Hugo, public/ for Eleventy and Astro, the root for Jekyll and plain', () => {
    expect(Object.fromEntries(Object.values(layouts).map((l) => [l.name, l.publicRoot]))).toEqual({
      plain: '',
      hugo: 'static/',
      jekyll: '',
      eleventy: 'public/',
      astro: 'public/',
    });
  });
});
