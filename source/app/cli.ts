#!/usr/bin/env node
// The algo-tui bin. Kept to a few lines (the work is in cli-main.ts) so tests can import the CLI
// without running it.
import { main } from './cli-main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`algo-tui: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
