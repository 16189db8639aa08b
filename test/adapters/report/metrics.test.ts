import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exposure, maxDrawdown, perDay, statsBy, tradeStats, type EquitySample } from '../../../source/adapters/report/metrics.js';
import { buildSummary } from '../../../source/adapters/report/summary.js';
import { formatSummary } from '../../../source/adapters/report/format.js';
import { equityChart } from '../../../source/adapters/report/equity-chart.js';
import { tradesCsv, writeBacktestOut } from '../../../source/adapters/report/write-out.js';
import type { Trade } from '../../../source/domain/trading.js';
import { istInstant } from '../../../source/domain/time.js';

const t = (id: string, pnlPaise: number, chargesPaise: number, strategy = '11', exitReason: Trade['exitReason'] = 'TRAIL_STOP', date = '2026-01-05'): Trade => ({
  id, symbol: 'AAA', side: 'LONG', strategy, qty: 10, entryPrice: 100, exitPrice: 100 + pnlPaise / 1000,
  entryTime: istInstant(date, '10:00'), exitTime: istInstant(date, '11:00'), exitReason, pnlPaise, chargesPaise,
});
const s = (min: number, equityPaise: number, openPositions = 0, marginPaise = 0): EquitySample => ({ ts: istInstant('2026-01-05', '09:15') + min * 60_000, equityPaise, openPositions, marginPaise });

describe('trade stats', () => {
  it('counts wins on net P&L, profit factor on gross, and null where undefined', () => {
    const st = tradeStats([t('a', 10_000, 500), t('b', -4_000, 500), t('c', 300, 500)]);
    expect(st).toMatchObject({ trades: 3, wins: 1, losses: 2, grossPaise: 6_300, chargesPaise: 1_500, netPaise: 4_800, avgNetPaise: 1_600 });
    expect(st.winRate).toBeCloseTo(1 / 3);
    expect(st.profitFactor).toBeCloseTo(10_300 / 4_000);
    expect(st.netProfitFactor).toBeCloseTo(9_500 / (4_500 + 200));
    expect(tradeStats([t('a', 100, 0)]).profitFactor).toBeNull();
    expect(tradeStats([])).toMatchObject({ trades: 0, winRate: null, profitFactor: null, avgNetPaise: null });
    expect(Object.keys(statsBy([t('a', 1, 0, '8'), t('b', 1, 0, '12', 'EOD')], (x) => x.exitReason))).toEqual(['EOD', 'TRAIL_STOP']);
  });

  it('measures drawdown from the running peak (starting at the capital) and exposure over session minutes', () => {
    const eq = [s(0, 0), s(1, 5_000, 1, 100_000), s(2, -1_000, 1, 100_000), s(3, 3_000), s(4, -2_000)];
    expect(maxDrawdown(eq, 1_000_000)).toEqual({ maxPaise: 7_000, maxPctOfCapital: 0.007, peakAt: eq[1]!.ts, troughAt: eq[4]!.ts });
    expect(maxDrawdown([s(0, -500)], 1_000_000).maxPaise).toBe(500);
    expect(exposure(eq, 1_000_000)).toEqual({ minutes: 5, minutesWithPosition: 2, pct: 0.4, avgMarginPaise: 40_000, avgMarginPctOfCapital: 0.04 });
    expect(perDay([t('a', 100, 10)], ['2026-01-05', '2026-01-06'])).toEqual([
      { date: '2026-01-05', trades: 1, wins: 1, grossPaise: 100, chargesPaise: 10, netPaise: 90 },
      { date: '2026-01-06', trades: 0, wins: 0, grossPaise: 0, chargesPaise: 0, netPaise: 0 },
    ]);
  });
});

describe('report output', () => {
  const trades = [t('P1', 10_000, 500, '12'), t('P2', -4_000, 500, '8', 'EOD')];
  const summary = buildSummary({
    from: '2026-01-05', to: '2026-01-05', days: ['2026-01-05'], source: 'test', symbols: 1, bars: 375, capitalPaise: 20_000_000,
    trades, equity: [s(0, 0), s(1, 9_500), s(2, 5_000)], rejections: { SYMBOL_HELD: 1, MAX_OPEN_POSITIONS: 3 }, rowErrors: 0, notes: [],
  });

  it('writes trades.csv and summary.json atomically into a new directory', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'algo-bt-out-')), 'nested', 'out');
    await writeBacktestOut(dir, trades, summary);
    const csv = (await readFile(path.join(dir, 'trades.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('id,date,symbol,side,strategy,qty,entry_time,entry_price,exit_time,exit_price,exit_reason,gross_inr,charges_inr,net_inr');
    expect(csv[1]).toBe('P1,2026-01-05,AAA,LONG,12,10,2026-01-05T10:00:00+05:30,100.00,2026-01-05T11:00:00+05:30,110.00,TRAIL_STOP,100.00,5.00,95.00');
    expect(csv).toHaveLength(3);
    const json = JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')) as typeof summary;
    expect(json.overall.netPaise).toBe(5_000);
    expect(Object.keys(json.rejections)).toEqual(['MAX_OPEN_POSITIONS', 'SYMBOL_HELD']);
    expect(json.drawdown.maxPaise).toBe(4_500);
    expect(json.trades).toEqual([
      expect.objectContaining({ id: 'P1', symbol: 'AAA', entryTime: '2026-01-05T10:00:00+05:30', entryPrice: 100, exitPrice: 110, grossPaise: 10_000, chargesPaise: 500, netPaise: 9_500 }),
      expect.objectContaining({ id: 'P2', exitReason: 'EOD', grossPaise: -4_000, netPaise: -4_500 }),
    ]);
    expect(tradesCsv([])).toBe(`${csv[0]}\n`);
  });

  it('says so instead of drawing a flat equity line', () => {
    expect(equityChart([s(0, 0), s(1, 0)], { columns: 80, height: 6 })).toMatch(/^\(equity flat at ₹0 all period/);
    const chart = equityChart([s(0, 0), s(1, 100)], { columns: 80, height: 6 });
    expect(chart).toContain('┤');
    expect(chart.split('\n').at(-1)?.trim()).toBe('2026-01-05');
    const twoDays = equityChart([s(0, 0), { ...s(1, 100), ts: s(1, 100).ts + 86_400_000 }], { columns: 80, height: 6 }).split('\n').at(-1) ?? '';
    expect(twoDays.trim()).toMatch(/^2026-01-05 +2026-01-06$/);
    expect([...twoDays].length).toBeLessThanOrEqual(80);
  });

  it('charts a long run (500,000 samples) without running out of call stack', () => {
    const long = Array.from({ length: 500_000 }, (_, i) => s(i, (i % 1000) * 100));
    const chart = equityChart(long, { columns: 80, height: 6 });
    expect(chart).toContain('┤');
    for (const line of chart.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('prints a text report within 80 columns, ∞ for a profit factor without losses', () => {
    const text = formatSummary(summary, equityChart(summary.perDay.length ? [s(0, 0), s(1, 9_500), s(2, 5_000)] : [], { columns: 80, height: 6 }));
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(text).toMatch(/^12 +1 +100\.0% .* ∞$/m);
    expect(text).toContain('MAX_OPEN_POSITIONS');
    expect(text).toContain('net ₹50');
  });
});
