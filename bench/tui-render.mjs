// Benchmark: the TUI at 160×48 with 200 watchlist symbols and 3 positions, receiving a new EngineView at
// 10 Hz plus a log line a second, exactly as the console renders it (TuiApp with its default props, Ink
// with maxFps TUI_MAX_FPS, React production build).
//
// What it measures, after a warm-up:
// - CPU % of one core for the whole process (every thread: React, Yoga, Ink output, GC) over wall time.
//   Views are built before the clock starts, so the figure is the TUI's own work, not the bench's.
// - Frame time: every macrotask in which TUI work runs (the state dispatch, Ink's throttle timer, the
//   app's own timers, React's scheduler) is timed from its start until the microtasks it queued have run,
//   in wall time and in process CPU time. A task that writes to the terminal is a drawn frame; its time is
//   the real work behind that frame (React render + commit + Yoga layout + Ink output + write, whichever
//   of them ran in it). Work done in tasks that drew nothing is reported too, so nothing hides there.
// - Heap growth across the run (with --expose-gc), since a console runs for a whole trading day.
// Run: npm run build && node --expose-gc bench/tui-render.mjs [seconds]   (BENCH_SIZE=80x24, BENCH_MAX_FPS=15,
// BENCH_DEV=1 for the React development build)
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import os from 'node:os';

// Ink renders only the last frame when it believes it runs in CI; the bench wants every frame.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
// As the console runs it (commands/tui.ts sets this before loading React); BENCH_DEV=1 measures the dev build.
if (process.env.BENCH_DEV !== '1') process.env.NODE_ENV = 'production';

// ---- task timing: wrap every timer source before React, the scheduler or Ink capture them ----
const tasks = []; // { wall, cpu, frame }
let measuring = false;
let inTask = false;
let wroteInTask = false;
function timed(fn) {
  return function (...args) {
    if (inTask || !measuring) return fn.apply(this, args);
    inTask = true;
    wroteInTask = false;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    try {
      return fn.apply(this, args);
    } finally {
      // Microtasks queued during the task (React's sync render, promise chains) run before this one.
      queueMicrotask(() => {
        const wall = performance.now() - t0;
        const c = process.cpuUsage(c0);
        tasks.push({ wall, cpu: (c.user + c.system) / 1000, frame: wroteInTask });
        inTask = false;
      });
    }
  };
}
for (const name of ['setTimeout', 'setInterval', 'setImmediate']) {
  const original = globalThis[name];
  globalThis[name] = function (cb, ...rest) {
    return typeof cb === 'function' ? original.call(this, timed(cb), ...rest) : original.call(this, cb, ...rest);
  };
}

const React = (await import('react')).default;
const { render } = await import('ink');
const { TuiApp, TUI_MAX_FPS } = await import('../dist/tui/app.js');
const MAX_FPS = Number(process.env.BENCH_MAX_FPS ?? TUI_MAX_FPS);

const SECONDS = Number(process.argv[2] ?? 10);
const WARMUP_MS = 2000;
// BENCH_SIZE=80x24 measures the compact layout.
const [COLUMNS, ROWS] = (process.env.BENCH_SIZE ?? '160x48').split('x').map(Number);

class FakeStdout extends EventEmitter {
  columns = COLUMNS;
  rows = ROWS;
  isTTY = true;
  bytes = 0;
  writes = 0;
  write(s) {
    if (measuring) {
      this.bytes += s.length;
      this.writes++;
    }
    wroteInTask = true;
    return true;
  }
}
class FakeStdin extends EventEmitter {
  isTTY = false;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

const listeners = { phase: new Set(), state: new Set(), event: new Set() };
const backend = {
  onPhase: (l) => (listeners.phase.add(l), () => listeners.phase.delete(l)),
  onState: (l) => (listeners.state.add(l), () => listeners.state.delete(l)),
  onEvent: (l) => (listeners.event.add(l), () => listeners.event.delete(l)),
  request: async () => ({ ok: true, result: { message: 'ok' } }),
  snapshotLogs: () => [],
};

const IST = 5.5 * 3600e3;
const t0 = Date.parse('2025-06-12T11:00:00Z') - IST;
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const watch = Array.from({ length: 200 }, (_, i) => ({
  symbol: `SYM${String(i).padStart(3, '0')}`,
  last: 100 + rand() * 3000,
  changePct: 0,
  trend: 0,
  setup: i % 7 === 0 ? { strategy: '11', met: 3, total: 8 } : null,
  held: i < 3,
}));
const strategies = ['8', '9', '10', '11', '12'].map((id) => ({ id, side: 'LONG', timeframe: '5m', used: 0, max: 1, enabled: true }));

// A fresh object graph per view, as the bus client decodes one per state.
function viewAt(n) {
  const now = t0 + n * 100;
  for (const w of watch) {
    w.last = Math.max(1, Math.round((w.last * (1 + (rand() - 0.5) * 0.002)) * 20) / 20);
    w.changePct = (rand() - 0.5) * 4;
    w.trend = w.changePct > 0.5 ? 1 : w.changePct < -0.5 ? -1 : 0;
  }
  const positions = watch.slice(0, 3).map((w, i) => {
    const entry = Math.round(w.last * 20) / 20;
    return {
      id: `p${i}`, symbol: w.symbol, side: i === 1 ? 'SHORT' : 'LONG', strategy: String(8 + i), timeframe: '5m', qty: 100 + i,
      entryPrice: entry, entryTime: t0 - 600_000, atr: 5, stop: entry - 7.5, best: w.last, lastPrice: w.last, status: 'OPEN',
      entryOrderId: `o${i}`, stopHistory: [], unrealizedPaise: Math.round((rand() - 0.5) * 500_000), stopDistance: 7.5,
      stopDistanceAtr: 1.5, ageMs: now - (t0 - 600_000),
    };
  });
  return {
    mode: 'SIM', engineState: 'ACTIVE', stateReason: null, startedAt: t0, pid: 1,
    clock: { now, phase: 'OPEN', tradingDay: true, next: { label: 'entries close & square-off', at: t0 + 4 * 3600e3 }, speed: 1 },
    feed: { status: 'LIVE', source: 'sim', lastTickAt: now, ticks: n * 400, staleSymbols: 0, rejected: {}, reconnects: 0 },
    broker: { name: 'paper', status: 'ok' },
    positions,
    constraints: {
      openPositions: 3, maxOpenPositions: 3, tradesToday: 3, maxDailyTrades: 5, strategies,
      realizedPaise: 120_000, unrealizedPaise: positions.reduce((s, p) => s + p.unrealizedPaise, 0),
      lossLimitPaise: 600_000, capitalPaise: 20_000_000, capitalInUsePaise: 12_000_000, rejectionCounts: {}, lastRejections: [],
    },
    watchlist: watch.map((w) => ({ ...w })),
    trades: [], unmanaged: [], niftyTrend: 1, symbols: 200,
  };
}
const TOTAL = Math.ceil((WARMUP_MS + SECONDS * 1000) / 100) + 5;
const views = Array.from({ length: TOTAL }, (_, n) => viewAt(n));

const stdout = new FakeStdout();
const inkRenders = [];
const instance = render(React.createElement(TuiApp, { backend, onQuit: () => {} }), {
  stdout, stdin: new FakeStdin(), stderr: new FakeStdout(), exitOnCtrlC: false, patchConsole: false, maxFps: MAX_FPS,
  onRender: ({ renderTime }) => {
    if (measuring) inkRenders.push(renderTime);
  },
});
for (const l of listeners.phase) l('live');

let n = 0;
let cpuStart = null;
let wallStart = 0;
let heapStart = 0;
let statesMeasured = 0;
const heap = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};
const started = performance.now();
const timer = setInterval(() => {
  const view = views[Math.min(n, views.length - 1)];
  n++;
  for (const l of listeners.state) l(view);
  if (n % 10 === 0) {
    for (const l of listeners.event) l({ type: 'log', record: { ts: view.clock.now, level: 'info', msg: `scan ${n}: 200 symbols, 0 signals` } });
  }
  if (measuring) statesMeasured++;
  else if (performance.now() - started >= WARMUP_MS) {
    heapStart = heap();
    measuring = true;
    cpuStart = process.cpuUsage();
    wallStart = performance.now();
  }
}, 100);

await new Promise((r) => setTimeout(r, WARMUP_MS + SECONDS * 1000));
clearInterval(timer);
measuring = false;
const cpu = process.cpuUsage(cpuStart);
const wall = performance.now() - wallStart;
const heapEnd = heap();
instance.unmount();

const pct = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};
const f = (x) => x.toFixed(2);
const dist = (a) => `p50 ${f(pct(a, 0.5))} / p95 ${f(pct(a, 0.95))} / p99 ${f(pct(a, 0.99))} / max ${f(Math.max(...a))} ms`;
const cpuMs = (cpu.user + cpu.system) / 1000;
const cpuPct = (cpuMs / wall) * 100;
const frames = tasks.filter((t) => t.frame);
const idle = tasks.filter((t) => !t.frame);
const sum = (a) => a.reduce((s, x) => s + x, 0);
console.log(`tui-render: ${COLUMNS}×${ROWS}, 200 watchlist symbols, 3 positions, state at 10 Hz, maxFps ${MAX_FPS}, ${SECONDS} s after ${WARMUP_MS / 1000} s warm-up (node ${process.version}, React ${process.env.NODE_ENV ?? 'development'} build)`);
console.log(`  CPU: ${f(cpuPct)} % of one core (goal < 15 %), ${f(cpuMs)} ms over ${(wall / 1000).toFixed(1)} s`);
console.log(`  drawn frames: ${frames.length} for ${statesMeasured} states; all CPU / frames = ${f(cpuMs / Math.max(1, frames.length))} ms`);
console.log(`  frame task CPU  (React + Yoga + Ink output + write): ${dist(frames.map((t) => t.cpu))} (goal < 16 ms)`);
console.log(`  frame task wall (stretches with load):              ${dist(frames.map((t) => t.wall))}`);
console.log(`  tasks that drew nothing: ${idle.length}, CPU ${f(sum(idle.map((t) => t.cpu)))} ms in total, ${dist(idle.map((t) => t.cpu))}`);
console.log(`  Ink output alone (its onRender renderTime, wall): ${dist(inkRenders)}`);
console.log(`  written: ${stdout.writes} writes, ${(stdout.bytes / 1024).toFixed(0)} KiB; heap ${globalThis.gc ? `${((heapEnd - heapStart) / 1024).toFixed(0)} KiB growth after GC` : 'growth: run with --expose-gc'}`);
console.log(`  load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores (wall times stretch with load)`);
process.exit(0);
