/**
 * The built CLI when whoever reads its output stops early (`blogport convert … | head`): the
 * run is not a failure and prints no stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from './run.js';

describe('acceptance: the CLI writing into a pipe closed by its reader', () => {
  const work = mkdtempSync(join(tmpdir(), 'blogport-closed-pipe-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('converts, exits 0 and prints no stack trace (it died of EPIPE with one)', async () => {
    const child = spawn(process.execPath, [BIN, 'convert', join(ROOT, 'fixtures/sample-blog.txt'), '-o', join(work, 'out'), '--dry-run'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader goes away before the summary is written, as `head` does after its lines.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });
});
