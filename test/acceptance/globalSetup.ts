import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Build dist/ once from the current source before the acceptance suites run the CLI (they run in
 * parallel; building in each would race). A failed build fails the run with the compiler's output.
 */
export default function buildOnce(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  try {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`npm run build failed, so the acceptance suites cannot run:\n${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`);
  }
}
