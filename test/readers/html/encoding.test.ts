import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { declaredCharset, decodePage, pageEncoding } from '../../../src/readers/html/encoding.js';
import { inputFromBytes } from '../../../src/readers/input.js';
import { readAll } from '../../helpers/readAll.js';

/** A small Blogger-classic page in any encoding, declaring `declared` (or nothing). */
function pageBytes(title: string, body: string, encoding: string, declared?: string): Uint8Array {
  const meta = declared ? `<meta http-equiv="Content-Type" content="text/html; charset=${declared}">` : '';
  const html = `<html><head>${meta}<meta name="generator" content="Blogger"><title>t</title></head><body>
<h2 class="date-header">Monday, March 2, 2015</h2>
<div class="post"><h3 class="post-title">${title}</h3><div class="post-body"><p>${body}</p></div></div></body></html>`;
  return iconv.encode(html, encoding);
}

describe('page encodings', () => {
  it.each([
    ['windows-1251 declared', 'Привет, мир', 'Это блог о машинах и дорогах.', 'windows-1251', 'windows-1251'],
    ['Shift_JIS declared', '日本語のタイトル', '今日はいい天気でした。散歩に行きました。', 'shift_jis', 'Shift_JIS'],
    ['GBK declared as gb2312', '中文标题', '这是一个中文博客文章。今天天气很好，我们去公园散步了。', 'gbk', 'gb2312'],
    ['ISO-8859-2 declared', 'Zażółć gęślą jaźń', 'Pójdź kińże tę chmurność w głąb flaszy.', 'iso-8859-2', 'iso-8859-2'],
    ['iso-8859-1 declared decodes as windows-1252 (curly quotes)', '“Quoted” café', 'Naïve façade — 5 €.', 'windows-1252', 'iso-8859-1'],
    ['Shift_JIS undeclared (detected)', '日本語のタイトル', '今日はいい天気でした。散歩に行きました。公園はとても静かでした。', 'shift_jis', undefined],
    ['windows-1251 undeclared (detected)', 'Новости блога', 'Сегодня мы расскажем о новой модели видеорегистратора и о том, как она работает ночью.', 'windows-1251', undefined],
  ])('%s', async (_, title, body, encoding, declared) => {
    const { posts } = await readAll(inputFromBytes('page.html', pageBytes(title, body, encoding, declared)));
    expect(posts.map((p) => p.title)).toEqual([title]);
    expect(posts[0]!.body.value).toContain(body);
  });

  it.each([
    ['UTF-16LE', 'utf-16le', [0xff, 0xfe]],
    ['UTF-16BE', 'utf-16be', [0xfe, 0xff]],
  ])('a page saved as "Unicode" (%s with its byte-order mark) is recognised as a page and read', async (_, encoding, bom) => {
    const text = iconv.decode(Buffer.from(pageBytes('Grüße aus Köln', 'Schöne Straßen.', 'utf-8')), 'utf-8');
    const bytes = new Uint8Array([...bom, ...iconv.encode(text, encoding)]);
    const { posts, error } = await readAll(inputFromBytes('unicode-page.html', bytes));
    expect(error).toBeUndefined();
    expect(posts.map((p) => p.title)).toEqual(['Grüße aus Köln']);
  });

  it('a page that declares UTF-8 but holds windows-1251 bytes is detected, and the report says so', async () => {
    const { posts, warnings } = await readAll(inputFromBytes('liar.html', pageBytes('Новости блога', 'Сегодня мы расскажем о новой модели видеорегистратора.', 'windows-1251', 'utf-8')));
    expect(posts.map((p) => p.title)).toEqual(['Новости блога']);
    expect(warnings).toEqual([expect.objectContaining({ code: 'ENCODING_MISMATCH', source: { file: 'liar.html' } })]);
    expect(warnings[0]!.message).toMatch(/declares charset "utf-8" but the bytes are not valid UTF-8; read as windows-1251/);
  });

  it('a page that declares windows-1252 but was re-saved as UTF-8 is read as UTF-8, with a warning', async () => {
    const { posts, warnings } = await readAll(inputFromBytes('resaved.html', pageBytes('Grüße aus Köln', 'Schöne Straßen.', 'utf-8', 'windows-1252')));
    expect(posts.map((p) => p.title)).toEqual(['Grüße aus Köln']);
    expect(warnings.map((w) => w.code)).toEqual(['ENCODING_MISMATCH']);
  });

  it('a BOM wins over the declaration; --encoding wins over both', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...pageBytes('x', 'y', 'utf-8', 'windows-1252')]);
    expect(pageEncoding(bom)).toMatchObject({ encoding: 'utf-8', bomLength: 3, how: 'bom' });
    expect(pageEncoding(pageBytes('x', 'y', 'utf-8', 'utf-8'), 'koi8-r')).toMatchObject({ encoding: 'koi8-r', how: 'user' });
  });

  it('finds the declaration in <meta charset>, http-equiv and the XML prolog', () => {
    const ascii = (s: string) => new TextEncoder().encode(s);
    expect(declaredCharset(ascii('<html><head><meta charset="ISO-8859-15">'))).toBe('iso-8859-15');
    expect(declaredCharset(ascii(`<meta content='text/html; charset=Windows-1251' http-equiv='Content-Type'/>`))).toBe('windows-1251');
    expect(declaredCharset(ascii('<?xml version="1.0" encoding="EUC-JP"?><html>'))).toBe('euc-jp');
    expect(declaredCharset(ascii('<html><head><title>none</title>'))).toBeUndefined();
  });

  it('an unknown declared charset falls back to detection with a warning', () => {
    const bytes = pageBytes('Straße', 'Grüße', 'utf-8', 'x-mac-klingon');
    const enc = pageEncoding(bytes);
    expect(enc).toMatchObject({ encoding: 'utf-8', how: 'detected', mismatch: { declared: 'x-mac-klingon' } });
    expect(decodePage(bytes, enc)).toContain('Straße');
  });
});
