#!/usr/bin/env node
// Thin launcher: the compiled CLI owns argument parsing, output and the exit code.
import { main } from '../dist/cli/main.js';

// `blogport convert … | head`: a reader that stops early closes the pipe. That is no failure of
// the conversion (the files are written by then), so no stack trace for it; the rest is dropped.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
