// ALGO_TUI_MEMLOG=1: the engine logs where its memory is at named stages (start, warm-up progress,
// after warm-up, live) so bench/engine-memory.mjs can show RSS next to the V8 heap and malloc figures.
// Off by default: reading /proc and forcing a GC have no place in a normal run.
import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import type { Logger } from '../../ports/logger.js';

export interface MemLog {
  /** Logs the figures now, labelled `stage`. */
  (stage: string): void;
  /** Logs a 'live' figure every `ms` of wall time until the returned stop is called. */
  every(ms: number): () => void;
}

const MB = 1048576;
const mb = (b: number): number => Math.round((b / MB) * 10) / 10;

/** Anonymous (malloc + V8) and file-backed (code, libraries) resident memory, from smaps_rollup. */
function smaps(): Record<string, number> {
  try {
    const text = readFileSync('/proc/self/smaps_rollup', 'utf8');
    const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) / 1024;
    return { smapsRss: kb('Rss'), anon: kb('Anonymous'), fileRss: kb('Rss') - kb('Anonymous') };
  } catch {
    return {}; // not Linux
  }
}

/** A stage logger when ALGO_TUI_MEMLOG=1, else a no-op. With --expose-gc, stages ending in '+gc' collect first. */
export function memLog(logger: Logger, env: NodeJS.ProcessEnv = process.env): MemLog {
  if (env.ALGO_TUI_MEMLOG !== '1') return Object.assign(() => {}, { every: () => () => {} });
  const gc = (globalThis as { gc?: () => void }).gc;
  const log = (stage: string): void => {
    if (stage.endsWith('+gc')) gc?.();
    const m = process.memoryUsage();
    const spaces: Record<string, number> = {};
    for (const s of getHeapSpaceStatistics()) spaces[s.space_name.replace(/_space$/, '')] = mb(s.space_size);
    logger.info(`memlog ${stage}`, {
      rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external),
      arrayBuffers: mb(m.arrayBuffers), ...smaps(), spaces, gc: stage.endsWith('+gc') ? gc !== undefined : undefined,
    });
  };
  return Object.assign(log, {
    every: (ms: number) => {
      const t = setInterval(() => log('live'), ms).unref();
      return () => clearInterval(t);
    },
  });
}
