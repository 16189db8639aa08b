#!/usr/bin/env node
// The algo-tui bin. Kept to a few lines (the work is in cli-main.ts) so tests can import the CLI
// without running it.
import { main } from './cli-main.js';
import { parseCli } from './cli-parse.js';
import { applyEngineV8Flags } from './engine/v8-flags.js';

// Here rather than in the engine command: only a real engine process, never a test importing the CLI.
const parsed = parseCli(process.argv.slice(2));
if (parsed.kind === 'run' && parsed.command === 'engine') applyEngineV8Flags();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`algo-tui: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
