// The backtest core end to end from layout files (written from the simulated market): fills are the
// intrabar path's prices with the configured slippage, rollover and archiving across days behave, and a
// run is deterministic.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSessionCalendar, packageRoot, resolveConfig } from '../../../source/adapters/config/index.js';
import { SimBarSource } from '../../../source/adapters/bars/sim-source.js';
import { openBarSource } from '../../../source/adapters/bars/open-bar-source.js';
import { BAR_TICK_OFFSETS_MS, intrabarPrice } from '../../../source/adapters/bars/intrabar.js';
import type { MinuteBar } from '../../../source/adapters/bars/bar-source.js';
import { runBacktest, type BacktestRun } from '../../../source/app/backtest/run-backtest.js';
import { roundToTick } from '../../../source/domain/money.js';
import { istDate, istInstant, istTime } from '../../../source/domain/time.js';

const root = packageRoot();
const { config } = resolveConfig({ flags: {}, env: { HOME: path.join(root, '.no-home') }, cwd: root, packageRoot: root });
const { calendar } = loadSessionCalendar(config, root);
const symbols = ['RELIANCE', 'TCS', 'INFY', 'HDFCBANK', 'ICICIBANK', 'SBIN'];
const FROM = '2025-06-02';
const TO = '2025-06-04';
let dir = '';
const bars = new Map<string, MinuteBar[]>();
let run: BacktestRun;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'algo-bt-run-'));
  const sim = new SimBarSource({ seed: 11, symbols, from: FROM, to: TO, isTradingDay: (d) => calendar.isTradingDay(d) });
  for (const d of sim.dates()) {
    const day = await sim.loadDay(d);
    const by = new Map<string, string[]>();
    for (const b of day.bars) {
      if (!by.has(b.symbol)) by.set(b.symbol, ['timestamp,open,high,low,close,volume']);
      by.get(b.symbol)!.push(`${d}T${istTime(b.ts)}+05:30,${b.open},${b.high},${b.low},${b.close},${b.volume}`);
      bars.set(`${d}|${b.symbol}`, [...(bars.get(`${d}|${b.symbol}`) ?? []), b]);
    }
    await mkdir(path.join(dir, d), { recursive: true });
    for (const [s, rows] of by) await writeFile(path.join(dir, d, `${s}.csv`), `${rows.join('\n')}\n`);
  }
  const opened = openBarSource({ data: dir, symbols, from: FROM, to: TO, calendar });
  run = await runBacktest({ config, calendar, symbols, source: opened.source, days: opened.days });
}, 60_000);

/**
 * The price a fill at `ms` sees: the last intrabar tick strictly before `ms`. Entries (scan), exits
 * (monitor, 15:20 timer) run on the engine's timers, which at an instant shared with a tick group fire
 * before the feed's (docs/backtest.md: a signal on a bar close fills at that bar's close, ± slippage).
 */
function lastTick(symbol: string, ms: number): number {
  let price = NaN;
  for (const b of bars.get(`${istDate(ms)}|${symbol}`) ?? []) {
    for (let i = 0; i < 4; i++) if (b.ts + BAR_TICK_OFFSETS_MS[i]! < ms) price = intrabarPrice(i, b.open, b.high, b.low, b.close);
  }
  return price;
}

describe('runBacktest over a layout', () => {
  it('plays every bar of the period and trades', () => {
    expect(run.days).toEqual(['2025-06-02', '2025-06-03', '2025-06-04']);
    const expected = run.days.reduce((n, d) => n + [...symbols, 'NIFTY'].reduce((m, s) => m + (bars.get(`${d}|${s}`)?.length ?? 0), 0), 0);
    expect(run.bars).toBe(expected);
    expect(run.ticks).toBe(expected * 4);
    expect(run.rowErrors).toBe(0);
    expect(run.warmUp.failed).toEqual([]);
    expect(run.trades.length).toBeGreaterThan(0);
    expect(run.faults.tickErrors).toBe(0);
  });

  it('fills at the intrabar path price with slippage, closes by 15:20, respects the daily limits', () => {
    const slip = config.risk.slippageBps / 10_000;
    for (const t of run.trades) {
      const buyIn = t.side === 'LONG';
      const fill = (ms: number, buy: boolean): number => (buy ? roundToTick(lastTick(t.symbol, ms) * (1 + slip), 'up') : roundToTick(lastTick(t.symbol, ms) * (1 - slip), 'down'));
      expect(t.entryPrice, `${t.id} entry`).toBe(fill(t.entryTime, buyIn));
      expect(t.exitPrice, `${t.id} exit`).toBe(fill(t.exitTime, !buyIn));
      expect(t.exitTime).toBeLessThanOrEqual(istInstant(istDate(t.exitTime), '15:20'));
      expect(t.pnlPaise).toBe(Math.round((buyIn ? t.exitPrice - t.entryPrice : t.entryPrice - t.exitPrice) * t.qty * 100));
      expect(t.chargesPaise).toBeGreaterThan(0);
    }
    for (const d of run.days) {
      const day = run.trades.filter((t) => istDate(t.exitTime) === d);
      expect(day.length).toBeLessThanOrEqual(config.risk.maxDailyTrades);
      expect(new Set(day.map((t) => t.strategy)).size).toBe(day.length);
    }
    // Equity samples cover each session minute once, and end at the realised net total (no position left).
    expect(run.equity).toHaveLength(run.days.length * 375);
    const net = run.trades.reduce((a, t) => a + t.pnlPaise - t.chargesPaise, 0);
    expect(run.equity.at(-1)?.equityPaise).toBe(net);
  });

  it('is deterministic', async () => {
    const opened = openBarSource({ data: dir, symbols, from: FROM, to: TO, calendar });
    const again = await runBacktest({ config, calendar, symbols, source: opened.source, days: opened.days });
    expect(again.trades).toEqual(run.trades);
    expect(again.rejections).toEqual(run.rejections);
  }, 60_000);
});
