import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BlogportError } from '../../src/model/errors.js';
import { OutputFolder } from '../../src/write/outputFolder.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'blogport-out-'));
});

describe('OutputFolder', () => {
  it.each([['../escape.md'], ['/etc/passwd'], ['posts/../../x.md'], ['a\\b.md'], [''], ['posts//x.md'], ['./x.md'], ['..'], ['.'], ['posts/..'], ['posts/.'], ['posts/'], ['a/./b.md'], ['x\0.md']])(
    'refuses the unsafe path %j',
    (path) => {
      const folder = new OutputFolder(root);
      expect(() => folder.resolve(path)).toThrow(/unsafe|outside/);
    },
  );

  it.each([['..draft.md'], ['posts/.hidden.md'], ['posts/x..md'], ['posts/...'], ['a/b/c.md']])('keeps the safe path %j inside the folder', (path) => {
    const folder = new OutputFolder(root);
    expect(folder.resolve(path)).toBe(join(root, path));
  });

  it('writes atomically into an existing folder: the file appears whole and no temp file is left behind', async () => {
    const folder = new OutputFolder(root);
    await folder.prepare();
    await folder.write('posts/deep/hello.md', 'x'.repeat(100_000));
    expect(readFileSync(join(root, 'posts/deep/hello.md'), 'utf8')).toHaveLength(100_000);
    expect(readdirSync(join(root, 'posts/deep'))).toEqual(['hello.md']);
  });

  it('fills a new folder under a partial name beside it, and gives it its name only at commit', async () => {
    const folder = new OutputFolder(join(root, 'site'));
    await folder.prepare();
    await folder.write('posts/deep/hello.md', 'x'.repeat(100_000));
    await folder.write('posts/other.md', 'y');
    // Until commit, a crash would leave no "site" at all, only the clearly named partial folder.
    expect(readdirSync(root)).toEqual([`.site.blogport-partial-${process.pid}`]);
    await folder.commit();
    expect(readdirSync(root)).toEqual(['site']);
    expect(readFileSync(join(root, 'site/posts/deep/hello.md'), 'utf8')).toHaveLength(100_000);
    expect(readdirSync(join(root, 'site/posts')).sort()).toEqual(['deep', 'other.md']);
  });

  it('a new folder that got no file is never created', async () => {
    const folder = new OutputFolder(join(root, 'empty'));
    await folder.prepare();
    await folder.commit();
    expect(readdirSync(root)).toEqual([]);
  });

  it('tells absent, identical and different existing files apart', async () => {
    const folder = new OutputFolder(root);
    await folder.prepare();
    writeFileSync(join(root, 'same.md'), 'content');
    writeFileSync(join(root, 'other.md'), 'something else');
    expect(await folder.existing('none.md', 'content')).toBe('absent');
    expect(await folder.existing('same.md', 'content')).toBe('same');
    expect(await folder.existing('other.md', 'content')).toBe('different');
  });

  it('refuses to write through a symlink that leads out of the folder', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'blogport-outside-'));
    symlinkSync(outside, join(root, 'posts'));
    const folder = new OutputFolder(root);
    await folder.prepare();
    await expect(folder.write('posts/x.md', 'x')).rejects.toThrow(/leaves the output folder/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('names the path when the output folder is a file', async () => {
    writeFileSync(join(root, 'file'), '');
    const error = await new OutputFolder(join(root, 'file')).prepare().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlogportError);
    expect((error as BlogportError).code).toBe('OUTPUT_UNWRITABLE');
  });

  it('creates nothing until the first file is written', async () => {
    const folder = new OutputFolder(join(root, 'not-yet'));
    await folder.prepare();
    expect(readdirSync(root)).toEqual([]);
    await folder.write('a/b.md', 'x');
    await folder.commit();
    expect(readdirSync(join(root, 'not-yet/a'))).toEqual(['b.md']);
  });

  it('writes bytes as they are and compares them, reads files back, and appends journal lines', async () => {
    const folder = new OutputFolder(join(root, 'site'));
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);
    // A folder that was there before the run: files in it are compared (see the next test for new ones).
    mkdirSync(join(root, 'site/static/images'), { recursive: true });
    await folder.write('static/images/a.png', png);
    expect(readFileSync(join(root, 'site/static/images/a.png'))).toEqual(png);
    expect(await folder.existing('static/images/a.png', png)).toBe('same');
    expect(await folder.existing('static/images/a.png', Buffer.from('other'))).toBe('different');
    expect(await folder.read('static/images/a.png')).toEqual(png);
    expect(await folder.read('static/images/missing.png')).toBeUndefined();
    expect([await folder.hasFile('static/images/a.png'), await folder.hasFile('static/images'), await folder.hasFile('../x')]).toEqual([true, false, false]);
    await folder.append('.blogport/journal', 'one\n');
    await folder.append('.blogport/journal', 'two\n');
    expect(readFileSync(join(root, 'site/.blogport/journal'), 'utf8')).toBe('one\ntwo\n');
    await folder.remove('.blogport/journal');
    await folder.remove('.blogport/journal');
    expect(readdirSync(join(root, 'site/.blogport'))).toEqual([]);
  });

  it('makes a folder ahead of its files; a file checked in a folder it made is absent without a read', async () => {
    const folder = new OutputFolder(join(root, 'site'));
    await folder.makeFolderFor('images/posts/hello');
    expect(readdirSync(join(root, 'site/images/posts/hello'))).toEqual([]);
    expect(await folder.existing('images/posts/hello/a.jpg', 'x')).toBe('absent');
    expect(() => folder.resolve('images/../..')).toThrow(/unsafe/);
    await expect(folder.makeFolderFor('../outside')).rejects.toThrow(/unsafe/);
  });
});
