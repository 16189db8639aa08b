// Counts promise creations and settlements in this process (node:v8 promiseHooks), for ManualClock's
// `activity` option: a timer body across which the count did not move queued no asynchronous work, so
// the clock need not spend a macrotask turn settling it. Most of a backtest's ~57,000 timer firings a
// day (1 s scans and bar closes, 2 s monitor passes, tick groups) start nothing asynchronous.
import { promiseHooks } from 'node:v8';

export interface PromiseActivity {
  /** Promises created or settled since start (only ever grows). */
  count(): number;
  /** Removes the hooks. */
  stop(): void;
}

export function promiseActivity(): PromiseActivity {
  let n = 0;
  const bump = (): void => {
    n++;
  };
  const stop = promiseHooks.createHook({ init: bump, settled: bump }) as () => void;
  return { count: () => n, stop: () => stop() };
}
