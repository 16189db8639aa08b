// The backtest's shortcuts change nothing: skipping the engine's view (Publisher.wantsState) and skipping
// the clock's settle after timers that queued no asynchronous work (ManualClock `activity`) give the same
// trades, rejections, equity curve and counts, to the paisa and the millisecond, as a run that builds
// every view and settles after every timer as the live engine's clock does. Several days, both sides,
// from layout files, so rollover, archiving, fills, stops and the 15:20 close are all exercised.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSessionCalendar, packageRoot, resolveConfig } from '../../../source/adapters/config/index.js';
import { SimBarSource } from '../../../source/adapters/bars/sim-source.js';
import { openBarSource } from '../../../source/adapters/bars/open-bar-source.js';
import { runBacktest, type BacktestRun } from '../../../source/app/backtest/run-backtest.js';
import { istTime } from '../../../source/domain/time.js';

const root = packageRoot();
const { config } = resolveConfig({ flags: {}, env: { HOME: path.join(root, '.no-home') }, cwd: root, packageRoot: root });
const { calendar } = loadSessionCalendar(config, root);
const symbols = Array.from({ length: 16 }, (_, i) => `FP${String(i + 1).padStart(2, '0')}`);
const FROM = '2025-06-02';
const TO = '2025-06-10';
let fast: BacktestRun;
let slow: BacktestRun;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'algo-bt-fast-'));
  const sim = new SimBarSource({ seed: 5, symbols: [...symbols, 'NIFTY'], from: FROM, to: TO, isTradingDay: (d) => calendar.isTradingDay(d) });
  for (const d of sim.dates()) {
    const day = await sim.loadDay(d);
    const by = new Map<string, string[]>();
    for (const b of day.bars) {
      if (!by.has(b.symbol)) by.set(b.symbol, ['timestamp,open,high,low,close,volume']);
      by.get(b.symbol)!.push(`${d}T${istTime(b.ts)}+05:30,${b.open},${b.high},${b.low},${b.close},${b.volume}`);
    }
    await mkdir(path.join(dir, d), { recursive: true });
    for (const [s, rows] of by) await writeFile(path.join(dir, d, `${s}.csv`), `${rows.join('\n')}\n`);
  }
  const run = (unoptimised: boolean): Promise<BacktestRun> => {
    const opened = openBarSource({ data: dir, symbols, from: FROM, to: TO, calendar });
    return runBacktest({ config, calendar, symbols, source: opened.source, days: opened.days, unoptimised });
  };
  slow = await run(true);
  fast = await run(false);
}, 120_000);

describe('backtest fast paths', () => {
  it('play several days and trade both sides', () => {
    expect(fast.days.length).toBeGreaterThanOrEqual(5);
    expect(new Set(slow.trades.map((t) => t.side))).toEqual(new Set(['LONG', 'SHORT']));
    expect(new Set(slow.trades.map((t) => t.exitTime - (t.exitTime % 86_400_000))).size).toBeGreaterThan(2);
  });

  it('give the same trades, to the paisa and the millisecond', () => {
    expect(fast.trades.length).toBeGreaterThan(5);
    expect(fast.trades).toEqual(slow.trades);
  });

  it('give the same rejections, equity curve, bar and tick counts and faults', () => {
    expect(fast.rejections).toEqual(slow.rejections);
    expect(fast.equity).toEqual(slow.equity);
    expect(fast.equity.length).toBeGreaterThan(300);
    expect([fast.bars, fast.ticks, fast.rowErrors, fast.missingSymbolDays]).toEqual([slow.bars, slow.ticks, slow.rowErrors, slow.missingSymbolDays]);
    expect(fast.faults).toEqual(slow.faults);
    expect(fast.warmUp).toEqual(slow.warmUp);
  });
});
