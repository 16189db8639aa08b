/* global process, performance, console */
// Backtest throughput and memory: writes a bar layout (docs/backtest.md) from the simulated market for
// SYMBOLS symbols over DAYS trading days (not timed), then runs the real backtest core from those files
// twice, over a short period (SHORT days) and the whole period, each in a fresh child process (one
// core), and prints bars/s (playing only, and with warm-up and reading), heap and RSS at start and end.
// Memory should not grow with the period (one day is held at a time). Goal: ≥ 500,000 bars/s.
// Honest by construction: the layout is read from disk inside the timing, the default config (all five
// seed strategies enabled, every indicator), the real engine core (app/backtest/wire-core.ts), one
// process on one JavaScript thread (only libuv's file reads leave it) — i.e. one core.
// Run: npm run build && node --expose-gc bench/backtest.mjs   [SYMBOLS=100 DAYS=20 SHORT=5 SEED=7 KEEP=dir]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.SYMBOLS ?? 100);
const DAYS = Number(process.env.DAYS ?? 20);
const SHORT = Number(process.env.SHORT ?? 5);
const SEED = Number(process.env.SEED ?? 7);
const child = process.argv[2] === '--child';

const dist = (p) => path.join(here, '..', 'dist', p);
const { loadSessionCalendar, packageRoot, resolveConfig } = await import(dist('adapters/config/index.js'));
const root = packageRoot();
const { config } = resolveConfig({ flags: {}, env: { HOME: path.join(root, '.no-home') }, cwd: root, packageRoot: root });
const { calendar } = loadSessionCalendar(config, root);
const symbols = Array.from({ length: N }, (_, i) => `SIM${String(i + 1).padStart(3, '0')}`);

if (child) {
  const [, , , dir, from, to] = process.argv;
  const { openBarSource } = await import(dist('adapters/bars/open-bar-source.js'));
  const { runBacktest } = await import(dist('app/backtest/run-backtest.js'));
  globalThis.gc?.();
  const m0 = process.memoryUsage();
  const opened = openBarSource({ data: dir, symbols, from, to, calendar });
  let tFirst = 0;
  const t0 = performance.now();
  let peakRss = m0.rss;
  const r = await runBacktest({
    config, calendar, symbols, source: opened.source, days: opened.days,
    onDay: (done) => {
      if (done === 1) tFirst = performance.now();
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    },
  });
  const t1 = performance.now();
  globalThis.gc?.();
  const m1 = process.memoryUsage();
  const enabled = Object.values(config.strategies).filter((x) => x.enabled !== false).length;
  console.log(JSON.stringify({ strategies: enabled, days: r.days.length, bars: r.bars, trades: r.trades.length, totalMs: t1 - t0, firstDayDoneMs: tFirst - t0, heap0: m0.heapUsed, heap1: m1.heapUsed, rss0: m0.rss, rss1: m1.rss, peakRss }));
  process.exit(0);
}

// ---- parent: write the layout, then time the two periods ----
const { SimBarSource } = await import(dist('adapters/bars/sim-source.js'));
const { istDate, istTime } = await import(dist('domain/time.js'));
const dir = process.env.KEEP ?? mkdtempSync(path.join(os.tmpdir(), 'algo-bt-bench-'));
const lastDate = process.env.TO ?? '2025-06-30';
// Enough sessions before the period for warm-up (12 intraday, ~42 daily) are generated too.
const probe = new SimBarSource({ seed: SEED, symbols: [...symbols, 'NIFTY'], from: lastDate, to: lastDate, isTradingDay: (d) => calendar.isTradingDay(d), warmUpSessions: DAYS + 12, dailySessions: DAYS + 45 });
const all = probe.model.days;
const period = all.slice(-DAYS);
const t0 = performance.now();
let written = 0;
if (!existsSync(path.join(dir, period[period.length - 1]))) {
  for (const d of probe.dates()) {
    const day = await probe.loadDay(d);
    const by = new Map();
    for (const b of day.bars) {
      if (!by.has(b.symbol)) by.set(b.symbol, ['timestamp,open,high,low,close,volume']);
      by.get(b.symbol).push(`${istDate(b.ts)}T${istTime(b.ts)}+05:30,${b.open},${b.high},${b.low},${b.close},${b.volume}`);
      written++;
    }
    mkdirSync(path.join(dir, d), { recursive: true });
    for (const [s, rows] of by) writeFileSync(path.join(dir, d, `${s}.csv`), `${rows.join('\n')}\n`);
  }
}
console.log(`layout: ${dir} — ${probe.dates().length} sessions, ${N} symbols + NIFTY, ${written.toLocaleString('en-US')} bars written in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed below)`);
console.log(`period: ${period[0]} → ${period[period.length - 1]} (${DAYS} days); warm-up reads the sessions before it from the same files`);

const runs = [];
for (const [label, from] of [['short', period[period.length - SHORT]], ['long', period[0]]]) {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', dir, from, period[period.length - 1]], {
    encoding: 'utf8', env: { ...process.env, SYMBOLS: String(N) },
  });
  if (r.status !== 0) {
    console.log(r.stdout, r.stderr);
    process.exit(1);
  }
  const j = JSON.parse(r.stdout.trim().split('\n').pop());
  runs.push([label, j]);
}
const mb = (b) => `${(b / 1048576).toFixed(0)} MB`;
console.log('\nperiod  days      bars  trades  total s  bars/s (all)  heap start→end   RSS start→end→peak');
for (const [label, j] of runs) {
  console.log(
    `${label.padEnd(6)} ${String(j.days).padStart(5)} ${j.bars.toLocaleString('en-US').padStart(9)} ${String(j.trades).padStart(7)} ${(j.totalMs / 1000).toFixed(2).padStart(8)} ${Math.round(j.bars / (j.totalMs / 1000)).toLocaleString('en-US').padStart(13)}   ${mb(j.heap0)}→${mb(j.heap1)}   ${mb(j.rss0)}→${mb(j.rss1)}→${mb(j.peakRss)}`,
  );
}
const [s, l] = runs.map((x) => x[1]);
// Every day of the simulated layout has the same bars, so days 2..n of the long run are (days−1)/days of it.
const after = (j) => (j.bars * (j.days - 1)) / j.days / ((j.totalMs - j.firstDayDoneMs) / 1000);
console.log(`strategies enabled: ${l.strategies} (default config); one process, one JavaScript thread`);
console.log(`long run after its first day (warm-up, start-up and day 1 excluded): ${Math.round(after(l)).toLocaleString('en-US')} bars/s`);
const playRate = (l.bars - s.bars) / ((l.totalMs - s.totalMs) / 1000);
console.log(`\nplaying only (long − short: ${(l.days - s.days)} days, warm-up and start-up cancel out): ${Math.round(playRate).toLocaleString('en-US')} bars/s (goal ≥ 500,000)`);
if (process.env.KEEP === undefined) rmSync(dir, { recursive: true, force: true });
