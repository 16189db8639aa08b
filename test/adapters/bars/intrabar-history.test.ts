import { describe, expect, it } from 'vitest';
import { BAR_TICK_OFFSETS_MS, intrabarPrice, intrabarVolume } from '../../../source/adapters/bars/intrabar.js';
import { BarHistory, foldMinutes } from '../../../source/adapters/bars/layout-history.js';
import type { BarSource, DayBars, MinuteBar } from '../../../source/adapters/bars/bar-source.js';
import { parseReplayCsv } from '../../../source/adapters/feed/replay-csv.js';
import { NIFTY, equity } from '../../../source/domain/market.js';
import { istInstant } from '../../../source/domain/time.js';

const D = '2026-01-05';
const open = istInstant(D, '09:15');
const m = (i: number, o: number, h: number, l: number, c: number, v = 10, symbol = 'AAA'): MinuteBar => ({ symbol, ts: open + i * 60_000, open: o, high: h, low: l, close: c, volume: v });

describe('intrabar path', () => {
  it('green bars dip first, red bars rally first; volume is cumulative in thirds', () => {
    expect([0, 1, 2, 3].map((i) => intrabarPrice(i, 100, 105, 98, 103))).toEqual([100, 98, 105, 103]);
    expect([0, 1, 2, 3].map((i) => intrabarPrice(i, 100, 105, 98, 99))).toEqual([100, 105, 98, 99]);
    expect([0, 1, 2, 3].map((i) => intrabarVolume(i, 50, 10))).toEqual([50, 53, 56, 60]);
    expect(BAR_TICK_OFFSETS_MS).toEqual([0, 20_000, 40_000, 59_000]);
  });

  it('is the path replay-csv plays for bar files', () => {
    const r = parseReplayCsv(`timestamp,symbol,open,high,low,close,volume\n${D}T09:15:00+05:30,AAA,100,105,98,99,10\n`, 'r.csv');
    expect(r.events.map((e) => [e.ts - open, e.ltp, e.volume])).toEqual([0, 1, 2, 3].map((i) => [BAR_TICK_OFFSETS_MS[i], intrabarPrice(i, 100, 105, 98, 99), intrabarVolume(i, 0, 10)]));
  });
});

describe('history from 1-minute bars', () => {
  const day = [m(0, 10, 12, 9, 11, 1), m(1, 11, 13, 10, 12, 2), m(4, 12, 12.5, 11.5, 12, 3), m(5, 12, 14, 12, 13.5, 4), m(16, 13, 13, 8, 9, 5)];

  it('folds into 5m and 15m bars aligned to 09:15 and one daily bar', () => {
    const b5 = foldMinutes('NSE:AAA', day, '5m', open);
    expect(b5.map((b) => [b.start - open, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [0, 10, 13, 9, 12, 6],
      [300_000, 12, 14, 12, 13.5, 4],
      [900_000, 13, 13, 8, 9, 5],
    ]);
    const b15 = foldMinutes('NSE:AAA', day, '15m', open);
    expect(b15.map((b) => [b.start - open, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [0, 10, 14, 9, 13.5, 10],
      [900_000, 13, 13, 8, 9, 5],
    ]);
    expect(foldMinutes('NSE:AAA', day, 'D', open)).toEqual([{ key: 'NSE:AAA', tf: 'D', start: open, open: 10, high: 14, low: 8, close: 9, volume: 15 }]);
  });

  it('answers per instrument and timeframe, only bars complete at asOf, reading a recent date once for every kind', async () => {
    const loads: string[] = [];
    const days: Record<string, MinuteBar[]> = { [D]: [...day, m(0, 24000, 24001, 23999, 24000, 0, 'NIFTY')] };
    const source: BarSource = {
      describe: 'test',
      dates: () => [D],
      loadDay: async (date): Promise<DayBars> => {
        loads.push(date);
        return { date, bars: days[date] ?? [], errors: [], missing: [] };
      },
    };
    const h = new BarHistory({ source, asOf: open + 10 * 60_000, sessionOpen: () => open });
    expect((await h.history(equity('AAA'), '5m', D, D)).map((b) => b.start - open)).toEqual([0, 300_000]);
    expect(await h.history(equity('AAA'), 'D', D, D)).toEqual([]); // the session is not over at asOf
    expect((await h.history(NIFTY, '15m', D, D))).toEqual([]); // 09:15–09:30 not complete at 09:25
    expect((await h.history(NIFTY, '5m', D, D))[0]?.key).toBe('NSE_INDEX:NIFTY');
    expect(loads).toEqual([D]); // one read folds the daily and the intraday bars of a recent date
  });

  it('folds only the daily bar of a date more than 16 sessions back, and reads it again for 5m/15m', async () => {
    const dates = Array.from({ length: 18 }, (_, i) => `2026-02-${String(i + 1).padStart(2, '0')}`);
    const loads: string[] = [];
    const source: BarSource = {
      describe: 'test',
      dates: () => dates,
      loadDay: async (date): Promise<DayBars> => {
        loads.push(date);
        return { date, bars: date === dates[0] ? day : [], errors: [], missing: [] };
      },
    };
    const h = new BarHistory({ source, asOf: Date.parse('2026-03-01T00:00:00Z'), sessionOpen: () => open });
    expect((await h.history(equity('AAA'), 'D', dates[0]!, dates[0]!)).map((b) => b.volume)).toEqual([15]);
    expect((await h.history(equity('AAA'), '5m', dates[0]!, dates[0]!)).length).toBe(3);
    expect(await h.history(equity('AAA'), 'D', dates[0]!, dates[0]!)).toHaveLength(1);
    expect(loads).toEqual([dates[0], dates[0]]);
    await h.history(equity('AAA'), 'D', dates[17]!, dates[17]!);
    await h.history(equity('AAA'), '15m', dates[17]!, dates[17]!);
    expect(loads).toEqual([dates[0], dates[0], dates[17]]);
  });
});
