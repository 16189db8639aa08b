// Benchmark: the TUI at 160×48 with 200 watchlist symbols and 3 positions, receiving a new EngineView at
// 10 Hz plus a log line a second. Prints CPU % of one core at steady state and per-update times.
// Run: npm run build && node bench/tui-render.mjs [seconds]
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';

// Ink renders only the last frame when it believes it runs in CI; the bench wants every frame.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
// As the console runs it (commands/tui.ts sets this before loading React); BENCH_DEV=1 measures the dev build.
if (process.env.BENCH_DEV !== '1') process.env.NODE_ENV = 'production';

const React = (await import('react')).default;
const { render } = await import('ink');
const { TuiApp, TUI_MAX_FPS } = await import('../dist/tui/app.js');
const MAX_FPS = Number(process.env.BENCH_MAX_FPS ?? TUI_MAX_FPS);

const SECONDS = Number(process.argv[2] ?? 10);
const WARMUP_MS = 2000;
const COLUMNS = 160;
const ROWS = 48;

class FakeStdout extends EventEmitter {
  columns = COLUMNS;
  rows = ROWS;
  isTTY = true;
  bytes = 0;
  writes = 0;
  write(s) {
    this.bytes += s.length;
    this.writes++;
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

const stdout = new FakeStdout();
const inkRenders = [];
const instance = render(React.createElement(TuiApp, { backend, onQuit: () => {} }), {
  stdout, stdin: new FakeStdin(), stderr: new FakeStdout(), exitOnCtrlC: false, patchConsole: false, maxFps: MAX_FPS,
  onRender: ({ renderTime }) => inkRenders.push(renderTime),
});
for (const l of listeners.phase) l('live');

const updates = [];
let n = 0;
let cpuStart = null;
let wallStart = 0;
let measuring = false;
const started = performance.now();
const timer = setInterval(() => {
  const view = viewAt(n++);
  const t = performance.now();
  for (const l of listeners.state) l(view);
  if (n % 10 === 0) {
    for (const l of listeners.event) l({ type: 'log', record: { ts: view.clock.now, level: 'info', msg: `scan ${n}: 200 symbols, 0 signals` } });
  }
  const dt = performance.now() - t;
  if (!measuring && performance.now() - started >= WARMUP_MS) {
    measuring = true;
    cpuStart = process.cpuUsage();
    wallStart = performance.now();
    updates.length = 0;
    inkRenders.length = 0;
  } else if (measuring) {
    updates.push(dt);
  }
}, 100);

await new Promise((r) => setTimeout(r, WARMUP_MS + SECONDS * 1000));
clearInterval(timer);
const cpu = process.cpuUsage(cpuStart);
const wall = performance.now() - wallStart;
instance.unmount();

const pct = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};
const f = (x) => x.toFixed(2);
const cpuPct = ((cpu.user + cpu.system) / 1000 / wall) * 100;
console.log(`tui-render: ${COLUMNS}×${ROWS}, 200 watchlist symbols, 3 positions, state at 10 Hz, maxFps ${MAX_FPS}, ${SECONDS} s after ${WARMUP_MS / 1000} s warm-up (node ${process.version}, React ${process.env.NODE_ENV ?? 'development'} build)`);
console.log(`  CPU: ${f(cpuPct)} % of one core (goal < 15 %)`);
console.log(`  CPU per drawn frame (React + Yoga + Ink output, all work / frames): ${f((cpu.user + cpu.system) / 1000 / Math.max(1, inkRenders.length))} ms (goal < 16 ms) over ${inkRenders.length} frames for ${updates.length} states`);
console.log(`  Ink output render (wall): median ${f(pct(inkRenders, 0.5))} ms, p95 ${f(pct(inkRenders, 0.95))} ms; state dispatch p95 ${f(pct(updates, 0.95))} ms`);
console.log(`  written: ${stdout.writes} writes, ${(stdout.bytes / 1024).toFixed(0)} KiB; load average ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores (wall times stretch with load)`);
process.exit(0);
