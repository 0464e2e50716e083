#!/usr/bin/env node
// Thin launcher: the compiled CLI owns argument parsing, output and the exit code.
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
