import { describe, expect, it } from 'vitest';
import { decodeDataUrl } from '../../../src/write/assets/dataUrl.js';
import { formatBytes, parseSize } from '../../../src/write/assets/size.js';
import { imageTypeOf, sniffImage } from '../../../src/write/assets/sniff.js';

const bytes = (...parts: Array<number[] | string>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('sniffImage', () => {
  it.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xdb], 'rest'), 'jpg'],
    ['png', bytes([0x89], 'PNG\r\n\x1a\n', 'IHDR'), 'png'],
    ['gif87a', bytes('GIF87a....'), 'gif'],
    ['gif89a', bytes('GIF89a....'), 'gif'],
    ['webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'webp'],
    ['avif', bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0]), 'avif'],
    ['heic', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]), 'heic'],
    ['tiff (little-endian)', bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'tif'],
    ['bmp', bytes('BM', Buffer.alloc(30).toString('latin1')), 'bmp'],
    ['ico', bytes([0, 0, 1, 0, 1, 0, 16, 16]), 'ico'],
    ['svg', bytes('\ufeff<?xml version="1.0"?>\n<!-- made by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'svg'],
  ])('knows %s from its magic numbers', (_, data, ext) => {
    expect(sniffImage(data)?.ext).toBe(ext);
  });

  it.each([
    ['html', bytes('<!DOCTYPE html><html>')],
    ['text', bytes('hello')],
    ['a RIFF that is not WebP', bytes('RIFF\0\0\0\0WAVEfmt ')],
    ['an MP4', bytes([0, 0, 0, 0x18], 'ftypmp42')],
  ])('knows no image in %s', (_, data) => {
    expect(sniffImage(data)).toBeUndefined();
  });
});

describe('imageTypeOf', () => {
  const jpeg = bytes([0xff, 0xd8, 0xff, 0xe0], 'x');
  it('believes the bytes over a wrong Content-Type or extension', () => {
    expect(imageTypeOf(jpeg, 'image/png', 'https://x.test/a.png')).toEqual({ type: { mime: 'image/jpeg', ext: 'jpg' } });
  });

  it('falls back on a specific Content-Type, then the extension, for bytes it cannot tell', () => {
    const unknown = bytes('\0\0\0 some new format');
    expect(imageTypeOf(unknown, 'image/jxl; q=1', 'https://x.test/a')).toMatchObject({ problem: expect.stringMatching(/^not an image/) });
    expect(imageTypeOf(unknown, 'image/webp', 'https://x.test/a')).toEqual({ type: { mime: 'image/webp', ext: 'webp' } });
    expect(imageTypeOf(unknown, 'application/octet-stream', 'https://x.test/photo.JPEG?x=1')).toEqual({ type: { mime: 'image/jpeg', ext: 'jpg' } });
  });

  it.each([
    ['an HTML page served as an image', bytes('<!DOCTYPE html><p>Photo removed</p>'), 'image/jpeg', 'not an image (image/jpeg, HTML/XML content)'],
    ['an empty body', bytes(''), 'image/png', 'the response was empty'],
    ['an SVG with a script', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml', expect.stringMatching(/^an SVG with scripts/)],
    ['an SVG with an event handler', bytes('<svg onload="alert(1)"></svg>'), 'image/svg+xml', expect.stringMatching(/^an SVG with scripts/)],
  ])('refuses %s', (_, data, contentType, problem) => {
    expect(imageTypeOf(data, contentType, 'https://x.test/a.jpg')).toEqual({ problem });
  });
});

describe('decodeDataUrl', () => {
  it.each([
    ['data:image/png;base64,iVBORw0KGgo=', 'image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
    ['data:image/png;charset=x;base64,iVBO%0ARw0K%20Ggo=', 'image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
    ['data:image/svg+xml,%3Csvg%3E%3C/svg%3E', 'image/svg+xml', [...Buffer.from('<svg></svg>')]],
    ['data:,hi', 'text/plain', [0x68, 0x69]],
  ])('decodes %s', (url, mime, expected) => {
    expect(decodeDataUrl(url)).toEqual({ mime, bytes: Buffer.from(expected) });
  });

  it('refuses bad base64, and payloads over the limit before decoding them', () => {
    expect(decodeDataUrl('data:image/png;base64,@@@')).toEqual({ problem: 'the data: URL is not valid base64' });
    expect(decodeDataUrl(`data:image/png;base64,${'A'.repeat(4000)}`, 1024)).toEqual({ problem: 'larger than the 1 KB limit' });
    expect(decodeDataUrl('https://x.test/a.png')).toBeUndefined();
  });
});

describe('sizes', () => {
  it.each([
    ['50MB', 50 * 1024 * 1024],
    ['500k', 500 * 1024],
    ['2.5 MiB', 2.5 * 1024 * 1024],
    ['1g', 1024 ** 3],
    ['1048576', 1048576],
    [4096, 4096],
    ['0', undefined],
    ['lots', undefined],
    ['-5MB', undefined],
  ] as const)('parseSize(%j) = %j', (text, size) => {
    expect(parseSize(text)).toBe(size);
  });

  it.each([
    [50 * 1024 * 1024, '50 MB'],
    [1.5 * 1024 * 1024, '1.5 MB'],
    [300 * 1024, '300 KB'],
    [12, '12 bytes'],
  ])('formatBytes(%d) = %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});
