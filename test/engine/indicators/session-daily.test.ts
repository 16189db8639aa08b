import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../source/domain/market.js';
import { istInstant } from '../../../source/domain/time.js';
import { DailyHistory } from '../../../source/engine/indicators/daily-features.js';
import { NiftyTrend } from '../../../source/engine/indicators/nifty-trend.js';
import { SessionStats } from '../../../source/engine/indicators/session-stats.js';
import { volumeRangePct } from '../../../source/engine/indicators/timeframe-features.js';
import { ewmBatch, expectClose, randomBars } from './talib-reference.js';

const OPEN = istInstant('2025-03-03', '09:15');
const M5 = 5 * 60_000;

/** Batch definitions of seed-strategies.md §2.4–2.6 over one day's bars. */
function dayBatch(d: ReturnType<typeof randomBars>) {
  const n = d.c.length;
  return Array.from({ length: n }, (_, i) => {
    const hs = d.h.slice(0, i);
    const ls = d.l.slice(0, i);
    const prevH = Math.max(...hs);
    const prevL = Math.min(...ls);
    const bull = (j: number) => j >= 1 && d.c[j]! > Math.max(...d.h.slice(0, j)) && d.c[j]! > d.o[j]!;
    const bear = (j: number) => j >= 1 && d.c[j]! < Math.min(...d.l.slice(0, j)) && d.c[j]! < d.o[j]!;
    const idx = [...Array(i + 1).keys()];
    const firstBull = idx.find(bull);
    const firstBear = idx.find(bear);
    const ranges = idx.map((j) => d.h[j]! - d.l[j]!);
    const ex = idx.filter((j) => j >= 6).map((j) => ranges[j]!);
    const ref = i < 6 ? ranges.reduce((a, b) => a + b, 0) / (i + 1) : ex.reduce((a, b) => a + b, 0) / ex.length;
    const range = ranges[i]!;
    const [o, h, l, c] = [d.o[i]!, d.h[i]!, d.l[i]!, d.c[i]!];
    return {
      candleCount: i + 1,
      cumSpBullish: idx.filter(bull).length,
      cumSpBearish: idx.filter(bear).length,
      spBullishRangePct: firstBull === undefined ? null : ((d.c[firstBull]! - Math.max(...d.h.slice(0, firstBull))) / Math.max(...d.h.slice(0, firstBull))) * 100,
      spBearishRangePct: firstBear === undefined ? null : ((Math.min(...d.l.slice(0, firstBear)) - d.c[firstBear]!) / d.c[firstBear]!) * 100,
      isRangeBullish: range > 0.7 * ref && c > o && c > o + 0.5 * (h - o),
      isRangeBearish: range > 0.7 * ref && c < o && c < l + 0.5 * (o - l),
      cumVolume: d.v.slice(0, i + 1).reduce((a, b) => a + b, 0),
      dayHigh: Math.max(...d.h.slice(0, i + 1)),
      dayLow: Math.min(...d.l.slice(0, i + 1)),
      prevH, prevL,
    };
  });
}

describe('SessionStats (single prints, range bars, volume)', () => {
  for (const seed of [41, 42, 43]) {
    it(`matches the batch definitions over two random 5m sessions (seed ${seed})`, () => {
      const s = new SessionStats();
      let bulls = 0;
      for (const day of [0, 1]) {
        const d = randomBars(75, seed + day * 100, 500, 0.006);
        const ref = dayBatch(d);
        const open = OPEN + day * 86_400_000;
        for (let i = 0; i < 75; i++) {
          const got = s.update(open, open + i * M5, d.o[i]!, d.h[i]!, d.l[i]!, d.c[i]!, d.v[i]!);
          const r = ref[i]!;
          expect(got.candleCount).toBe(r.candleCount);
          expect(got.cumSpBullish).toBe(r.cumSpBullish);
          expect(got.cumSpBearish).toBe(r.cumSpBearish);
          expect(expectClose(got.spBullishRangePct, r.spBullishRangePct)).toBe(true);
          expect(expectClose(got.spBearishRangePct, r.spBearishRangePct)).toBe(true);
          expect(got.isRangeBullish).toBe(r.isRangeBullish);
          expect(got.isRangeBearish).toBe(r.isRangeBearish);
          expect(got.cumVolume).toBe(r.cumVolume);
          expect(got.dayHigh).toBe(r.dayHigh);
          expect(got.dayLow).toBe(r.dayLow);
          if (got.isRangeBullish) bulls++;
        }
      }
      expect(bulls).toBeGreaterThan(0);
    });
  }

  it('first bar never confirms; the first confirmation fixes the level for the day (crafted)', () => {
    const s = new SessionStats();
    expect(s.update(OPEN, OPEN, 100, 110, 90, 109, 1).cumSpBullish).toBe(0); // bar 1 cannot confirm
    const b2 = s.update(OPEN, OPEN + M5, 105, 112, 104, 111, 1); // 111 > 110, close > open
    expect(b2.cumSpBullish).toBe(1);
    expect(b2.spBullishRangePct).toBeCloseTo(((111 - 110) / 110) * 100, 12);
    const b3 = s.update(OPEN, OPEN + 2 * M5, 111, 125, 111, 124, 1); // another confirmation
    expect(b3.cumSpBullish).toBe(2);
    expect(b3.spBullishRangePct).toBeCloseTo(((111 - 110) / 110) * 100, 12);
    const b4 = s.update(OPEN, OPEN + 3 * M5, 124, 125, 100, 101, 1); // close above all earlier lows: no bear
    expect(b4.cumSpBearish).toBe(0);
    const b5 = s.update(OPEN, OPEN + 4 * M5, 95, 95, 85, 89, 1); // close 89 < 90 but > open? no: 89 < 95
    expect(b5.cumSpBearish).toBe(1);
    expect(b5.spBearishRangePct).toBeCloseTo(((90 - 89) / 89) * 100, 12);
    // a new session resets everything
    expect(s.update(OPEN + 86_400_000, OPEN + 86_400_000, 100, 101, 99, 100, 1).candleCount).toBe(1);
  });

  it('range-bar close position is tested at exactly 0.5 (strict)', () => {
    const s = new SessionStats();
    // single bar: ref = its own range, so the size test passes; close exactly at o + 0.5·(h − o) fails.
    expect(s.update(OPEN, OPEN, 100, 110, 99, 105, 1).isRangeBullish).toBe(false);
    const t = new SessionStats();
    expect(t.update(OPEN, OPEN, 100, 110, 99, 105.01, 1).isRangeBullish).toBe(true);
  });
});

describe('volumeRangePct', () => {
  const daily = { atr10: 10, volume10: 1000, close10: 100 };
  it('is (cumVol / volume10) / (range / atr10)', () => {
    expect(volumeRangePct(500, 105, 100, daily)).toBeCloseTo(0.5 / 0.5, 12);
    expect(volumeRangePct(200, 110, 100, daily)).toBeCloseTo(0.2, 12);
  });
  it('is Infinity for a zero range and null without daily values', () => {
    expect(volumeRangePct(200, 100, 100, daily)).toBe(Number.POSITIVE_INFINITY);
    expect(volumeRangePct(200, 110, 100, null)).toBeNull();
    expect(volumeRangePct(200, 110, 100, { ...daily, volume10: 0 })).toBeNull();
  });
});

describe('DailyHistory', () => {
  const dayBar = (date: string, o: number, h: number, l: number, c: number, v: number): Bar => ({
    key: 'NSE:X', tf: 'D', start: istInstant(date, '09:15'), open: o, high: h, low: l, close: c, volume: v,
  });
  const dates = Array.from({ length: 20 }, (_, i) => `2025-02-${String(i + 3).padStart(2, '0')}`);

  it('matches pandas ewm(span 10) of TR seeded with H − L and 10-day means, using only earlier days', () => {
    const d = randomBars(20, 51, 300, 0.02);
    const h = new DailyHistory();
    // add out of order to check sorting
    for (let i = 19; i >= 0; i--) h.add(dayBar(dates[i]!, d.o[i]!, d.h[i]!, d.l[i]!, d.c[i]!, d.v[i]!));
    const asOf = istInstant('2025-02-20', '10:00'); // days 03..19 → 17 days (index 0..16)
    const n = 17;
    const tr = d.h.slice(0, n).map((hi, i) => (i === 0 ? hi - d.l[0]! : Math.max(hi - d.l[i]!, Math.abs(hi - d.c[i - 1]!), Math.abs(d.l[i]! - d.c[i - 1]!))));
    const got = h.asOf(asOf)!;
    expect(got.atr10).toBeCloseTo(ewmBatch(tr, 10).at(-1)!, 9);
    expect(got.volume10).toBeCloseTo(d.v.slice(n - 10, n).reduce((a, b) => a + b, 0) / 10, 9);
    expect(got.close10).toBeCloseTo(d.c.slice(n - 10, n).reduce((a, b) => a + b, 0) / 10, 9);
  });

  it('is null with fewer than 10 earlier days, and a same-date bar replaces the old one', () => {
    const h = new DailyHistory();
    for (let i = 0; i < 10; i++) h.add(dayBar(dates[i]!, 100, 101, 99, 100, 10));
    expect(h.asOf(istInstant(dates[9]!, '12:00'))).toBeNull(); // only 9 days before
    expect(h.asOf(istInstant(dates[10]!, '12:00'))?.volume10).toBe(10);
    h.add(dayBar(dates[9]!, 100, 101, 99, 100, 110));
    expect(h.asOf(istInstant(dates[10]!, '12:00'))?.volume10).toBe(20);
    expect(h.size).toBe(10);
  });
});

describe('NiftyTrend', () => {
  it('is null while warming up, +1 in an accelerating up-trend and −1 in an accelerating down-trend', () => {
    const up = new NiftyTrend({ adxPeriod: 14 });
    const down = new NiftyTrend({ adxPeriod: 14 });
    let u: number | null = null;
    let dn: number | null = null;
    for (let i = 0; i < 400; i++) {
      // accelerating moves, so MACD keeps pulling away from its signal line
      const pu = 20000 + 0.05 * i * i;
      const pd = 20000 - 0.05 * i * i;
      u = up.next(pu + 5, pu - 5, pu);
      dn = down.next(pd + 5, pd - 5, pd);
      if (i < 199) expect(u).toBeNull();
    }
    expect(u).toBe(1);
    expect(dn).toBe(-1);
  });

  it('is 0 when ADX is below the threshold (flat market)', () => {
    const t = new NiftyTrend({ adxPeriod: 14 });
    let v: number | null = null;
    for (let i = 0; i < 400; i++) {
      const p = 20000 + (i % 2 === 0 ? 5 : -5);
      v = t.next(p + 5, p - 5, p);
    }
    expect(v).toBe(0);
  });
});
