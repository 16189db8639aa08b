import { beforeAll, describe, expect, it } from 'vitest';
import { createMarketModel, INDEX_BASE_LEVEL, INDEX_REST_WEIGHT, type MarketModel } from '../../../source/adapters/sim/market-model.js';
import type { Bar } from '../../../source/domain/market.js';
import { isOnTick } from '../../../source/domain/money.js';
import { istInstant, istMinuteOfDay, istTime, istWeekday } from '../../../source/domain/time.js';
import { findSetups } from './seed-conditions.js';

const SYMBOLS = ['RELIANCE', 'TCS', 'INFY', 'HDFCBANK', 'ICICIBANK', 'SBIN', 'ITC', 'LT', 'AXISBANK', 'KOTAKBANK'];
const DATE = '2025-09-15';
let model: MarketModel;

beforeAll(() => {
  model = createMarketModel({ seed: 7, symbols: SYMBOLS, date: DATE });
  model.history('NIFTY', 'D', DATE, DATE);
});

describe('market model', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const again = createMarketModel({ seed: 7, symbols: SYMBOLS, date: DATE });
    const other = createMarketModel({ seed: 8, symbols: SYMBOLS, date: DATE });
    const bars = (m: MarketModel): Bar[] => m.history('SBIN', '1m', DATE, DATE);
    expect(bars(again)).toEqual(bars(model));
    expect(again.history('NIFTY', 'D', '2025-08-01', DATE)).toEqual(model.history('NIFTY', 'D', '2025-08-01', DATE));
    expect(bars(other).map((b) => b.close)).not.toEqual(bars(model).map((b) => b.close));
    const t = istInstant(DATE, '11:23:45');
    expect(again.quoteAt('INFY', t)).toEqual(model.quoteAt('INFY', t));
  });

  it('puts every price on the ₹0.05 tick and keeps equities in a NSE-like range', () => {
    for (const symbol of [...SYMBOLS, 'NIFTY']) {
      const bars = [...model.history(symbol, '1m', '2025-09-10', DATE), ...model.history(symbol, 'D', '2025-08-01', DATE)];
      for (const b of bars) {
        for (const p of [b.open, b.high, b.low, b.close]) expect(isOnTick(p), `${symbol} ${p}`).toBe(true);
        expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
        expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      }
      for (let t = model.sessionOpen; t < model.sessionClose; t += 997_000) expect(isOnTick(model.priceAt(symbol, t))).toBe(true);
    }
    for (const s of SYMBOLS) expect(model.profile(s).basePrice).toBeGreaterThanOrEqual(100);
  });

  it('shapes intraday volume as a U: heavy at the open and the close', () => {
    const perMinute = new Array<number>(375).fill(0);
    for (const s of SYMBOLS) {
      for (const b of model.history(s, '1m', '2025-09-01', DATE)) {
        perMinute[(istMinuteOfDay(b.start) - 555)] = (perMinute[istMinuteOfDay(b.start) - 555] ?? 0) + b.volume / model.profile(s).baseVolume;
      }
    }
    const avg = (a: number, b: number): number => perMinute.slice(a, b).reduce((x, y) => x + y, 0) / (b - a);
    const open = avg(0, 15);
    const midday = avg(150, 240);
    const close = avg(360, 375);
    expect(open).toBeGreaterThan(2 * midday);
    expect(close).toBeGreaterThan(1.5 * midday);
  });

  it('derives NIFTY from its constituents plus the rest of the index as a weighted index near 24,000', () => {
    const profiles = SYMBOLS.map((s) => model.profile(s));
    const totalWeight = profiles.reduce((a, p) => a + p.weight, 0) + INDEX_REST_WEIGHT;
    for (let t = model.sessionOpen; t < model.sessionClose; t += 1_234_000) {
      const constituents = profiles.reduce((a, p) => a + (p.weight * model.priceAt(p.symbol, t)) / p.basePrice, 0);
      const implied = (INDEX_BASE_LEVEL * (constituents + INDEX_REST_WEIGHT * model.restOfIndexAt(t))) / totalWeight;
      expect(Math.abs(model.priceAt('NIFTY', t) - implied)).toBeLessThanOrEqual(0.0251);
    }
    for (const b of model.history('NIFTY', 'D', '2025-07-01', DATE)) {
      expect(b.close).toBeGreaterThan(20_000);
      expect(b.close).toBeLessThan(28_000);
      expect(b.volume).toBe(0);
    }
    expect(model.quoteAt('NIFTY', model.sessionOpen + 60_000).exchange).toBe('NSE_INDEX');
  });

  it('serves ≥ 30 daily bars and ≥ 10 sessions of 1m/5m/15m bars aligned to 09:15 IST', () => {
    const daily = model.history('TCS', 'D', '2025-07-15', DATE);
    expect(daily.length).toBeGreaterThanOrEqual(30);
    for (const b of daily) {
      expect(istTime(b.start)).toBe('09:15:00');
      expect([0, 6]).not.toContain(istWeekday(new Date(b.start + 19_800_000).toISOString().slice(0, 10)));
      expect(b.key).toBe('NSE:TCS');
    }
    const one = model.history('TCS', '1m', '2025-09-01', DATE);
    const five = model.history('TCS', '5m', '2025-09-01', DATE);
    const fifteen = model.history('TCS', '15m', '2025-09-01', DATE);
    expect(one.length / 375).toBeGreaterThanOrEqual(10);
    expect(five.length).toBe(one.length / 5);
    expect(fifteen.length).toBe(one.length / 15);
    for (const b of five) expect((istMinuteOfDay(b.start) - 555) % 5).toBe(0);
    // 5m bars are folds of 1m bars; a daily bar is the fold of its session.
    const k = 40;
    const parts = one.slice(k * 5, k * 5 + 5);
    const f = five[k] as Bar;
    expect(f.start).toBe(parts[0]?.start);
    expect(f.open).toBe(parts[0]?.open);
    expect(f.close).toBe(parts[4]?.close);
    expect(f.high).toBe(Math.max(...parts.map((b) => b.high)));
    expect(f.low).toBe(Math.min(...parts.map((b) => b.low)));
    expect(f.volume).toBe(parts.reduce((a, b) => a + b.volume, 0));
    const session = one.slice(-375);
    const day = daily.at(-1) as Bar;
    expect(day.volume).toBe(session.reduce((a, b) => a + b.volume, 0));
    expect(day.open).toBe(session[0]?.open);
  });

  it('returns only bars complete at asOf on the sim date', () => {
    const asOf = istInstant(DATE, '10:00:30');
    expect(model.history('SBIN', '1m', DATE, DATE, asOf)).toHaveLength(45);
    expect(model.history('SBIN', '5m', DATE, DATE, asOf)).toHaveLength(9);
    expect(model.history('SBIN', '15m', DATE, DATE, asOf)).toHaveLength(3);
    expect(model.history('SBIN', 'D', DATE, DATE, asOf)).toHaveLength(0);
    expect(model.history('SBIN', 'D', DATE, DATE, model.sessionClose)).toHaveLength(1);
    expect(model.history('SBIN', '1m', DATE, DATE, istInstant(DATE, '09:00'))).toHaveLength(0);
  });

  it('makes quotes and 1m bars agree: the ticks of a minute build that minute’s bar', () => {
    const bars = model.history('ITC', '1m', DATE, DATE);
    for (const m of [0, 1, 77, 200, 374]) {
      const bar = bars[m] as Bar;
      const trades = model.tradesBetween('ITC', bar.start, bar.start + 60_000);
      const prices = trades.map((t) => model.priceAt('ITC', t));
      expect(prices[0]).toBe(bar.open);
      expect(prices.at(-1)).toBe(bar.close);
      expect(Math.max(...prices)).toBe(bar.high);
      expect(Math.min(...prices)).toBe(bar.low);
      const before = m === 0 ? 0 : model.quoteAt('ITC', bar.start - 1).volume;
      expect(model.quoteAt('ITC', bar.start + 59_999).volume - before).toBe(bar.volume);
    }
    const q = model.quoteAt('ITC', istInstant(DATE, '12:00:00'));
    const upTo = model.history('ITC', '1m', DATE, DATE, istInstant(DATE, '12:00:00'));
    expect(q.high).toBe(Math.max(...upTo.map((b) => b.high)));
    expect(q.low).toBe(Math.min(...upTo.map((b) => b.low)));
    expect(q.open).toBe(upTo[0]?.open);
    expect(q.prevClose).toBe(model.history('ITC', 'D', '2025-09-12', '2025-09-12')[0]?.close);
    const pre = model.quoteAt('ITC', istInstant(DATE, '09:05'));
    expect(pre.ltp).toBe(q.prevClose);
    expect(pre.volume).toBe(0);
  });

  it('splits the universe into high-volatility (ATR > 4 %) and low-volatility symbols', () => {
    const classes = SYMBOLS.map((s) => model.profile(s).volClass);
    expect(classes.filter((c) => c === 'high')).toHaveLength(4);
    for (const s of SYMBOLS) {
      const d = model.history(s, 'D', '2025-08-01', '2025-09-12');
      const range = d.slice(-10).reduce((a, b) => a + (b.high - b.low) / b.close, 0) / 10;
      if (model.profile(s).volClass === 'high') expect(range).toBeGreaterThan(0.04);
      else expect(range).toBeLessThan(0.04);
    }
  });

  it('gives the seed strategies setups on most days, some in the first hour', () => {
    const days = model.days.slice(-5);
    let earlyDays = 0;
    const seen = new Set<number>();
    for (const d of days) {
      const setups = findSetups(model, d);
      expect(setups.length, d).toBeGreaterThanOrEqual(2);
      setups.forEach((s) => seen.add(s.strategy));
      if (setups.some((s) => istMinuteOfDay(s.start) < 10 * 60 + 15)) earlyDays++;
    }
    expect(earlyDays).toBeGreaterThanOrEqual(4);
    expect([...seen].sort((a, b) => a - b)).toEqual([8, 9, 10, 11, 12]);
  });

  it('rejects unknown symbols with a clear error', () => {
    expect(() => model.history('NOPE', '1m', DATE, DATE)).toThrow(/unknown symbol 'NOPE'/);
    expect(() => createMarketModel({ seed: 1, symbols: [], date: DATE })).toThrow(/at least one equity symbol/);
  });
});
