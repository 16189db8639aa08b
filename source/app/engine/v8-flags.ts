// V8 flags for the engine process, set by the bin (app/cli.ts) before the engine command runs.
//
// Why: with 2,000 symbols the engine's live JS heap is ~45 MB, but with V8's default heap sizing its
// RSS settled at ~270 MB. Warm-up parses ~6,000 history replies in ~25 s; V8 answers that allocation
// rate by growing the old generation to ~140 MB (a 16 MB semi-space promotes reply garbage, and the
// heap-growing factor lets old space reach ~3× the live size before a full GC), and the pages it then
// frees stay resident. --optimize-for-size keeps the heap near its live size (1 MB semi-spaces, a
// small growing factor, memory-reducing full GCs): RSS ~125 MB, peak ~130 MB (bench/engine-memory.mjs).
// The price is CPU spent in GC during warm-up (a few seconds against the simulator; against a real
// OpenAlgo server warm-up is paced at 8 req/s, so it is not CPU-bound); live ticks and scans measured
// no slower.
//
// How: node refuses --optimize-for-size in NODE_OPTIONS, and a flag in the service's ExecStart would
// miss `node dist/app/cli.js engine` and the TUI's engine child. v8.setFlagsFromString before the
// engine allocates anything reaches every way the engine is started. The flag is read at each
// heap-limit computation and GC, which is what matters here. (The semi-space size is fixed at heap
// set-up, so it keeps its default unless given on the command line — measured: the gain holds.)
//
// ALGO_TUI_ENGINE_V8_FLAGS overrides the list ('' turns it off), e.g. to compare in a benchmark.
import { setFlagsFromString } from 'node:v8';

export const ENGINE_V8_FLAGS = '--optimize-for-size';

/** The flags to set for an engine process, given its environment and node's own command-line flags. */
export function engineV8Flags(env: NodeJS.ProcessEnv, execArgv: readonly string[]): string[] {
  const wanted = (env.ALGO_TUI_ENGINE_V8_FLAGS ?? ENGINE_V8_FLAGS).split(/\s+/).filter((f) => f.startsWith('--'));
  // A flag given to node itself (node --no-optimize-for-size …) is the operator's choice: leave it.
  const name = (f: string): string => f.replace(/^--(no-)?/, '').replace(/=.*$/, '').replaceAll('_', '-');
  const given = new Set(execArgv.filter((a) => a.startsWith('--')).map(name));
  return wanted.filter((f) => !given.has(name(f)));
}

let applied: readonly string[] = [];

/** Sets the engine's V8 flags in this process; returns what was set. Call before the engine starts. */
export function applyEngineV8Flags(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): string[] {
  const flags = engineV8Flags(env, execArgv);
  for (const f of flags) setFlagsFromString(f);
  applied = [...applied, ...flags];
  return flags;
}

/** The flags applyEngineV8Flags set in this process (for the engine's start-up log line). */
export function appliedEngineV8Flags(): readonly string[] {
  return applied;
}
