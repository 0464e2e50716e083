import { describe, expect, it } from 'vitest';
import { layouts } from '../../../src/layouts/index.js';
import { checkAssetsDir, placeFor, postKey, StemBook, stemOf } from '../../../src/write/assets/names.js';

describe('stemOf', () => {
  it.each([
    ['https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEiG/s1600/Investment-page-001.jpg', 'investment-page-001'],
    ['https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEiG/s640/Investment-page-001.jpg', 'investment-page-001-s640'],
    ['https://1.bp.blogspot.com/-abc/Tx/AAA/s0/Caf%C3%A9%20Racer.JPG', 'cafe-racer'],
    ['https://1.bp.blogspot.com/-abc/Tx/AAA/w400-h300/x.png', 'x-w400-h300'],
    ['https://blogger.googleusercontent.com/img/a/AVvXsEg3n4UqYnho_LRF0766zjnqKDcAFFGWijv8CsvQd7l4dI6Pnu9O=s1600', 'image'],
    ['https://blogger.googleusercontent.com/img/a/AVvXsEg3n4UqYnho_LRF0766zjnqKDcAFFGWijv8CsvQd7l4dI6Pnu9O=w400-h300', 'image-w400-h300'],
    ['https://x.test/..%2F..%2F..%2Fetc%2Fpasswd', 'etc-passwd'],
    ['https://x.test/a/%2e%2e/%2e%2e/x.png', 'x'],
    ['https://x.test/CON.png', 'con-1'],
    ['https://x.test/%E6%97%A5%E6%9C%AC.png', 'image'],
    ['https://x.test/%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82.png', 'privet'],
    ['https://x.test/', 'image'],
    ['https://x.test/%E0%A4%A', 'e0-a4-a'],
    ['data:image/png;base64,AAAA', 'image'],
    [`https://x.test/${'long-'.repeat(40)}.jpg`, 'long-long-long-long-long-long-long-long-long-long-long-long'],
  ])('%s → %s', (url, stem) => {
    expect(stemOf(url)).toBe(stem);
    expect(stem).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});

describe('StemBook', () => {
  it('hands out unique stems per folder, case-insensitively, after those already held', () => {
    const book = new StemBook();
    book.hold('images/a', 'Photo');
    expect([book.claim('images/a', 'photo'), book.claim('images/a', 'photo'), book.claim('images/b', 'photo'), book.claim('Images/A', 'photo')]).toEqual(['photo-2', 'photo-3', 'photo', 'photo-4']);
  });
});

describe('placeFor', () => {
  const file = 'x.jpg';
  it.each([
    ['plain', false, 'posts/hello.md', '', 'images/posts/hello', '../images/posts/hello/x.jpg'],
    ['plain', false, 'pages/about.md', '', 'images/pages/about', '../images/pages/about/x.jpg'],
    ['hugo', false, 'content/posts/hello.md', '', 'static/images/posts/hello', '/images/posts/hello/x.jpg'],
    ['hugo', true, 'content/posts/hello/index.md', '', 'content/posts/hello', 'x.jpg'],
    ['hugo', false, 'content/about.md', '', 'static/images/about', '/images/about/x.jpg'],
    ['jekyll', false, '_posts/2015-03-01-hello.md', '', 'assets/images/posts/2015-03-01-hello', '/assets/images/posts/2015-03-01-hello/x.jpg'],
    ['jekyll', false, '_drafts/hello.md', '', 'assets/images/drafts/hello', '/assets/images/drafts/hello/x.jpg'],
    ['eleventy', false, 'posts/hello.md', '', 'public/images/posts/hello', '/images/posts/hello/x.jpg'],
    ['astro', false, 'src/content/blog/hello.md', '', 'public/images/blog/hello', '/images/blog/hello/x.jpg'],
    ['hugo', false, 'garden-diary/content/posts/hello.md', 'garden-diary/', 'garden-diary/static/images/posts/hello', '/images/posts/hello/x.jpg'],
    ['plain', false, 'garden-diary/posts/hello.md', 'garden-diary/', 'garden-diary/images/posts/hello', '../images/posts/hello/x.jpg'],
  ] as const)('%s (bundle %s): %s → %s', (layout, bundle, documentPath, prefix, folder, link) => {
    const place = placeFor(layouts[layout], { bundle }, documentPath, prefix);
    expect(place.folder).toBe(folder);
    expect(place.linkTo(`${folder}/${file}`)).toBe(link);
  });

  it('links relatively when the layout does not publish the chosen folder', () => {
    const place = placeFor(layouts.hugo, { bundle: false, assetsDir: 'media files' }, 'content/posts/hello.md', '');
    expect(place.linkTo(`${place.folder}/x.jpg`)).toBe('../../media%20files/posts/hello/x.jpg');
  });

  it.each([
    ['content/posts/hello.md', 'posts/hello'],
    ['content/posts/hello/index.md', 'posts/hello'],
    ['_posts/2015-03-01-hello.md', 'posts/2015-03-01-hello'],
    ['src/content/pages/about.md', 'pages/about'],
    ['about.md', 'about'],
  ])('postKey(%s) = %s', (path, key) => {
    expect(postKey(path)).toBe(key);
  });
});

describe('checkAssetsDir', () => {
  it.each([
    ['static/img/', 'static/img'],
    ['./media', 'media'],
    ['assets\\images', 'assets/images'],
  ])('accepts %j as %j', (dir, clean) => {
    expect(checkAssetsDir(dir)).toBe(clean);
  });

  it.each(['/etc', '../up', 'a/../../b', 'C:/x', '', 'a//b'])('refuses %j, which could leave the output folder', (dir) => {
    expect(() => checkAssetsDir(dir)).toThrow(/--assets-dir .* must be a folder inside the output folder/);
  });
});
