import { describe, expect, it } from 'vitest';
import { layouts } from '../../src/layouts/index.js';
import { BlogportError } from '../../src/model/errors.js';
import type { BlogInfo, Post } from '../../src/model/post.js';
import { decodePath, encodePath, labelPath, SiteMap } from '../../src/write/siteMap.js';
import { makePost } from '../helpers/makePost.js';

const blog: BlogInfo = { id: '42', url: 'https://wanderlust-notes.blogspot.com/' };
const customBlog: BlogInfo = { id: '43', url: 'http://www.wanderlust.example/', hosts: ['https://wanderlust-notes.blogspot.com/'] };

const blogPost = (path: string, overrides: Partial<Post> = {}): Post =>
  makePost({ blog, aliases: [path], url: `https://wanderlust-notes.blogspot.com${path}`, ...overrides });

function siteWith(siteUrls: string[] = [], layout = layouts.hugo) {
  const site = new SiteMap(layout, { bundle: false }, siteUrls);
  site.add(blogPost('/2019/05/lisbon-tram.html', { tags: ['Travel', 'Café culture'] }), 'lisbon-tram', '');
  site.add(blogPost('/p/about.html', { kind: 'page' }), 'about', '');
  site.add(blogPost('/2020/01/Porto_First.html'), 'porto-first', '');
  site.add(blogPost('/2020/02/broken.html'), 'broken', '').failed = true;
  site.add(blogPost('/2021/01/secret.html', { draft: true, tags: ['Hidden'] }), 'secret', '');
  return site;
}
const anyPost = blogPost('/2022/01/linking.html');
const resolve = (site: SiteMap, url: string) => {
  const target = site.classify(anyPost, url);
  return target && site.resolve(anyPost, target);
};

describe('SiteMap.classify: which links point at the blog itself', () => {
  const site = siteWith(['https://www.wanderlust.example/']);

  it('knows the blog under every blogspot country domain, either scheme, any case, with or without www', () => {
    for (const url of [
      'https://wanderlust-notes.blogspot.com/2019/05/lisbon-tram.html',
      'http://wanderlust-notes.blogspot.co.uk/2019/05/lisbon-tram.html',
      'https://wanderlust-notes.blogspot.de/2019/05/lisbon-tram.html',
      'https://wanderlust-notes.blogspot.com.br/2019/05/lisbon-tram.html',
      'HTTPS://Wanderlust-Notes.BLOGSPOT.COM/2019/05/lisbon-tram.html',
      '//wanderlust-notes.blogspot.com/2019/05/lisbon-tram.html',
      'http://wanderlust.example/2019/05/lisbon-tram.html',
      'https://www.wanderlust.example./2019/05/lisbon-tram.html',
    ]) {
      expect(site.classify(anyPost, url), url).toEqual({ kind: 'post', path: '/2019/05/lisbon-tram.html', fragment: '' });
    }
  });

  it('leaves other blogs, other hosts, relative and non-web URLs alone', () => {
    for (const url of [
      'https://other-blog.blogspot.com/2019/05/lisbon-tram.html',
      'https://wanderlust-notes.blogspot.com.evil.example/2019/05/lisbon-tram.html',
      'https://notes.blogspot.com/2019/05/lisbon-tram.html',
      '/2019/05/lisbon-tram.html',
      'mailto:ana@wanderlust.example',
      'ftp://wanderlust.example/2019/05/lisbon-tram.html',
      'not a url',
    ]) {
      expect(site.classify(anyPost, url), url).toBeUndefined();
    }
  });

  it('keeps the fragment, drops the query (?m=1, ?showComment=…), and knows labels, the home page and nothing else', () => {
    expect(site.classify(anyPost, 'https://wanderlust-notes.blogspot.com/2019/05/lisbon-tram.html?m=1#more')).toEqual({ kind: 'post', path: '/2019/05/lisbon-tram.html', fragment: '#more' });
    expect(site.classify(anyPost, 'https://wanderlust-notes.blogspot.com/2019/05/lisbon-tram.html?showComment=1#c123')).toEqual({ kind: 'post', path: '/2019/05/lisbon-tram.html', fragment: '#c123' });
    expect(site.classify(anyPost, 'https://wanderlust-notes.blogspot.com/search/label/Caf%C3%A9%20culture?max-results=20')).toEqual({ kind: 'label', label: 'Café culture', fragment: '' });
    expect(site.classify(anyPost, 'https://wanderlust-notes.blogspot.com/?m=1')).toEqual({ kind: 'home', fragment: '' });
    expect(site.classify(anyPost, 'https://wanderlust-notes.blogspot.com')).toEqual({ kind: 'home', fragment: '' });
    for (const other of ['/2019/05/', '/feeds/posts/default', '/search?q=tram', '/favicon.ico']) {
      expect(site.classify(anyPost, `https://wanderlust-notes.blogspot.com${other}`), other).toBeUndefined();
    }
  });

  it('finds a post whatever the link’s percent-encoding', () => {
    const s = new SiteMap(layouts.plain, { bundle: false }, []);
    s.add(blogPost('/2019/05/caf%C3%A9-cr%C3%A8me.html'), 'cafe-creme', '');
    const post = blogPost('/x.html');
    for (const url of ['https://wanderlust-notes.blogspot.com/2019/05/café-crème.html', 'https://wanderlust-notes.blogspot.com/2019/05/caf%c3%a9-cr%C3%A8me.html']) {
      const target = s.classify(post, url)!;
      expect(s.resolve(post, target), url).toBe('/posts/cafe-creme/');
    }
  });

  it('takes the blog’s other addresses from the export (custom domain and blogspot)', () => {
    const s = new SiteMap(layouts.plain, { bundle: false }, []);
    const post = makePost({ blog: customBlog, aliases: ['/2019/05/tram.html'] });
    s.add(post, 'tram', '');
    expect(s.classify(post, 'https://wanderlust-notes.blogspot.fr/2019/05/tram.html')?.kind).toBe('post');
    expect(s.classify(post, 'https://wanderlust.example/2019/05/tram.html')?.kind).toBe('post');
    expect(s.mention(post)!.test('see WANDERLUST-NOTES.blogspot.co.uk')).toBe(true);
    expect(s.mention(post)!.test('see wanderlust-notes.example.com')).toBe(false);
  });

  it('refuses a --site-url that is not an address', () => {
    expect(() => new SiteMap(layouts.plain, { bundle: false }, ['http://'])).toThrow(BlogportError);
  });
});

describe('SiteMap.resolve: the new address of what a link points at', () => {
  const site = siteWith();

  it('gives a post’s, a page’s and a label’s new URL, fragment kept', () => {
    expect(resolve(site, 'https://wanderlust-notes.blogspot.com/2019/05/lisbon-tram.html?m=1#photos')).toBe('/posts/lisbon-tram/#photos');
    expect(resolve(site, 'https://wanderlust-notes.blogspot.com/p/about.html')).toBe('/about/');
    expect(resolve(site, 'https://wanderlust-notes.blogspot.com/search/label/caf%C3%A9%20Culture')).toBe('/tags/caf%C3%A9-culture/');
    expect(resolve(site, 'https://wanderlust-notes.blogspot.com/#top')).toBe('/#top');
  });

  it('matches an old path case-insensitively when only the case differs', () => {
    expect(resolve(site, 'https://wanderlust-notes.blogspot.com/2020/01/porto_first.html')).toBe('/posts/porto-first/');
  });

  it('has nothing for posts not in the archive, posts that failed, drafts and labels only drafts carry', () => {
    expect(resolve(site, 'https://wanderlust-notes.blogspot.com/2018/11/deleted.html')).toBeUndefined();
    expect(resolve(site, 'https://wanderlust-notes.blogspot.com/2020/02/broken.html')).toBeUndefined();
    expect(resolve(site, 'https://wanderlust-notes.blogspot.com/2021/01/secret.html')).toBeUndefined();
    expect(resolve(site, 'https://wanderlust-notes.blogspot.com/search/label/Hidden')).toBeUndefined();
  });

  it('keeps the blogs of a multi-blog export apart', () => {
    const s = siteWith();
    const other = makePost({ blog: { id: '99', url: 'https://other-blog.blogspot.com/', folder: 'other' }, aliases: ['/2019/05/lisbon-tram.html'] });
    s.add(other, 'lisbon-tram', 'other/');
    expect(s.resolve(other, s.classify(other, 'https://other-blog.blogspot.com/2019/05/lisbon-tram.html')!)).toBe('/posts/lisbon-tram/');
    expect(s.classify(other, 'https://wanderlust-notes.blogspot.com/2019/05/lisbon-tram.html')).toBeUndefined();
    expect(s.redirectMaps().map((m) => m.folder)).toEqual(['', 'other/']);
  });
});

describe('SiteMap.redirectMaps', () => {
  it('maps each published post with an old path and a page, then each label, sorted', () => {
    const [map, ...more] = siteWith().redirectMaps();
    expect(more).toEqual([]);
    expect(map!.redirects).toEqual([
      { from: '/2019/05/lisbon-tram.html', to: '/posts/lisbon-tram/', kind: 'post' },
      { from: '/2020/01/Porto_First.html', to: '/posts/porto-first/', kind: 'post' },
      { from: '/p/about.html', to: '/about/', kind: 'page' },
      { from: '/search/label/Caf%C3%A9%20culture', to: '/tags/caf%C3%A9-culture/', kind: 'label' },
      { from: '/search/label/Travel', to: '/tags/travel/', kind: 'label' },
    ]);
  });

  it('names an old path two posts claim, and redirects it to the first', () => {
    const site = siteWith();
    site.add(blogPost('/2019/05/lisbon-tram.html'), 'lisbon-tram-2', '');
    const [map] = site.redirectMaps();
    expect(map!.duplicates).toEqual(['/2019/05/lisbon-tram.html']);
    expect(map!.redirects.filter((r) => r.from === '/2019/05/lisbon-tram.html').map((r) => r.to)).toEqual(['/posts/lisbon-tram/']);
  });

  it('has no map for posts without old addresses (a text dump)', () => {
    const site = new SiteMap(layouts.plain, { bundle: false }, []);
    site.add(makePost({ tags: ['x'] }), 'hello', '');
    expect(site.redirectMaps()).toEqual([]);
  });
});

describe('encodePath / decodePath / labelPath', () => {
  it('encode everything but unreserved characters and /, as UTF-8, upper-case hex', () => {
    expect(encodePath('/search/label/Café culture & more')).toBe('/search/label/Caf%C3%A9%20culture%20%26%20more');
    expect(encodePath("/a:b*c$d'(e)!;f=g+h@i,j")).toBe('/a%3Ab%2Ac%24d%27%28e%29%21%3Bf%3Dg%2Bh%40i%2Cj');
    expect(encodePath('/日本/😀')).toBe('/%E6%97%A5%E6%9C%AC/%F0%9F%98%80');
    expect(labelPath('AC/DC')).toBe('/search/label/AC%2FDC');
  });

  it('decode what is valid UTF-8 and leave broken escapes as they are', () => {
    expect(decodePath('/Caf%C3%A9%20x')).toBe('/Café x');
    expect(decodePath('/100%25/%zz/%E9/%c3%a9')).toBe('/100%/%zz/%E9/é');
    for (const path of ['/a b/Ç/😀', '/x%y', '/%41']) expect(decodePath(encodePath(path))).toBe(path);
  });
});
