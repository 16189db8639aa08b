// V8 flags for the engine process, set by the bin (app/cli.ts) before the engine command runs.
//
// Why: with 2,000 symbols the engine's live JS heap is ~45 MB, but with V8's default heap sizing its
// RSS settled at ~270 MB. Warm-up parses ~6,000 history replies; V8 answers that allocation rate by
// growing the old generation to ~130-170 MB (the heap-growing factor lets old space reach ~3x the live
// size before a full GC) with a 32 MB new space, and pages it frees later stay resident.
// --optimize-for-size keeps the heap near its live size (small growing factor, memory-reducing full
// GCs, new space shrunk to 1-16 MB). bench/engine-memory.mjs, 3 runs each, medians: live VmRSS
// 268 -> 128 MB, VmHWM 269 -> 145 MB. The price is GC CPU during warm-up: 12 -> 26 CPU s against the
// simulator (against a real OpenAlgo server warm-up is paced at 8 req/s, ~13 min, so not CPU-bound);
// live CPU (4-5% of a core) and the feed rate are unchanged. --heap-growing-percent=50 alone gave
// 188 MB; MALLOC_ARENA_MAX=2 and --max-semi-space-size=1/2 alone gave nothing (264-276 MB).
//
// How: node refuses --optimize-for-size in NODE_OPTIONS, and a flag in the service's ExecStart would
// miss `node dist/app/cli.js engine` and the TUI's engine child. v8.setFlagsFromString before the
// engine allocates anything reaches every way the engine is started, and V8 reads this flag at each
// GC and heap-limit computation (measured: the same figures as `node --optimize-for-size`).
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
