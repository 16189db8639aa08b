/* global process, performance, console */
// Backtest throughput and memory: writes a bar layout (docs/backtest.md) from the simulated market for
// SYMBOLS symbols over DAYS trading days (not timed), then runs the real backtest core from those files,
// each run in a fresh child process (one core):
// - RUNS (default 3) runs of the whole period. Headline: steady-state playing rate = bars of days 2..N
//   over the wall time of days 2..N of ONE run (start-up, warm-up and day 1 — JIT warm-up, first heap
//   growth — excluded; reading each played day from disk included), median over the runs. Secondary:
//   the total rate including start-up, warm-up and day 1.
// - one short run (SHORT days) to show memory does not grow with the period (heap after GC at the end).
// (An earlier version reported "long − short"; the two runs' warm-ups differ — the short period has more
// sessions of history before it to read — so the difference did not cancel and overstated the rate.)
// Honest by construction: the layout is read from disk inside the timing, the default config (all five
// seed strategies enabled, every indicator), the real engine core (app/backtest/wire-core.ts), one
// process on one JavaScript thread (only libuv's file reads leave it) — i.e. one core.
// Run: npm run build && node --expose-gc bench/backtest.mjs   [SYMBOLS=100 DAYS=20 SHORT=5 RUNS=3 SEED=7 KEEP=dir]
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
  const marks = [];
  const t0 = performance.now();
  let peakRss = m0.rss;
  const r = await runBacktest({
    config, calendar, symbols, source: opened.source, days: opened.days,
    onDay: (_done, _total, _date, barsSoFar) => {
      const cpu = process.cpuUsage();
      marks.push([performance.now() - t0, barsSoFar, (cpu.user + cpu.system) / 1000]);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    },
  });
  const t1 = performance.now();
  globalThis.gc?.();
  const m1 = process.memoryUsage();
  const enabled = Object.values(config.strategies).filter((x) => x.enabled !== false).length;
  console.log(JSON.stringify({ strategies: enabled, days: r.days.length, bars: r.bars, trades: r.trades.length, totalMs: t1 - t0, marks, heap0: m0.heapUsed, heap1: m1.heapUsed, rss0: m0.rss, rss1: m1.rss, peakRss }));
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

const RUNS = Number(process.env.RUNS ?? 3);
const runs = [];
const plan = [...Array.from({ length: RUNS }, (_, i) => [`long ${i + 1}`, period[0]]), ['short', period[period.length - SHORT]]];
for (const [label, from] of plan) {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', dir, from, period[period.length - 1]], {
    encoding: 'utf8', env: { ...process.env, SYMBOLS: String(N) },
  });
  if (r.status !== 0) {
    console.log(r.stdout, r.stderr);
    process.exit(1);
  }
  runs.push([label, JSON.parse(r.stdout.trim().split('\n').pop())]);
}
const mb = (b) => `${(b / 1048576).toFixed(0)} MB`;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
// Steady state of one run: bars played on days 2..N over the wall time from the end of day 1 to the end.
const steady = (j) => {
  const [t1, b1] = j.marks[0];
  const [tn, bn] = j.marks[j.marks.length - 1];
  return (bn - b1) / ((tn - t1) / 1000);
};
// The same over the process's CPU time (all its threads: main, GC helpers, libuv's file reads), which
// other load on a shared machine disturbs less than wall time.
const steadyCpu = (j) => {
  const [, b1, c1] = j.marks[0];
  const [, bn, cn] = j.marks[j.marks.length - 1];
  return (bn - b1) / ((cn - c1) / 1000);
};
const dayMs = (j) => j.marks.slice(1).map(([t], i) => t - j.marks[i][0]);
console.log('\nrun      days      bars  trades  total s  day-1 end s  bars/s days 2..N  bars/s total  heap start→end   RSS start→end→peak');
for (const [label, j] of runs) {
  console.log(
    `${label.padEnd(7)} ${String(j.days).padStart(5)} ${j.bars.toLocaleString('en-US').padStart(9)} ${String(j.trades).padStart(7)} ${(j.totalMs / 1000).toFixed(2).padStart(8)} ${(j.marks[0][0] / 1000).toFixed(2).padStart(12)} ${fmt(steady(j)).padStart(18)} ${fmt(j.bars / (j.totalMs / 1000)).padStart(13)}   ${mb(j.heap0)}→${mb(j.heap1)}   ${mb(j.rss0)}→${mb(j.rss1)}→${mb(j.peakRss)}`,
  );
}
const longs = runs.filter(([l]) => l.startsWith('long')).map(([, j]) => j);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const l = longs[0];
const ms = dayMs(l).map((x) => x.toFixed(0));
console.log(`\nper-day wall ms, days 2..${l.days} of run 1: ${ms.join(' ')}`);
console.log(`strategies enabled: ${l.strategies} (default config); one process, one JavaScript thread`);
console.log(`total incl. start-up, warm-up and day 1 (median of ${longs.length}): ${fmt(median(longs.map((j) => j.bars / (j.totalMs / 1000))))} bars/s`);
console.log(`same days over the process's CPU time (all threads; less disturbed by other load), median: ${fmt(median(longs.map(steadyCpu)))} bars per CPU-second`);
console.log(`\nHEADLINE steady-state playing, days 2..${l.days} of one run (median of ${longs.length}): ${fmt(median(longs.map(steady)))} bars/s (goal ≥ 500,000)`);
if (process.env.KEEP === undefined) rmSync(dir, { recursive: true, force: true });
