// The scanner's fast path (Strategy.matches when nobody reads the conditions, setups counted only when
// bestSetup asks) must answer exactly as building every condition at each bar close: same matches and
// signals, same bestSetup for every symbol whenever asked, whatever the order of bars and questions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DailyFeatures, TimeframeFeatures, Trend } from '../../source/domain/features.js';
import type { BarCloseEvent, MarketDataView } from '../../source/engine/market-data-view.js';
import { Scanner } from '../../source/engine/scanner.js';
import { BUILTIN_STRATEGIES, createStrategies } from '../../source/strategies/registry.js';
import type { Strategy } from '../../source/strategies/strategy.js';

const SYMBOLS = ['AAA', 'BBB', 'CCC'];
const DAY0 = Date.parse('2025-06-02T09:15:00+05:30');
const MIN = 60_000;

function features(tf: '5m' | '15m', start: number, v: number[]): TimeframeFeatures {
  const pick = <T>(xs: readonly T[], i: number): T => xs[Math.abs(v[i] ?? 0) % xs.length] as T;
  const o = 100;
  const c = pick([97.5, 99, 100.5, 102.5], 0);
  const h = Math.max(o, c) + pick([0, 0.5, 1], 1);
  const l = Math.min(o, c) - pick([0, 0.5, 1], 2);
  const n = [null, 0, 0.5, 0.9, 1.1, 2] as const;
  return {
    tf, bar: { key: 'NSE:X', tf, start, open: o, high: h, low: l, close: c, volume: 10 },
    candleCount: 5, cumSpBullish: pick([0, 1, 3], 3), cumSpBearish: pick([0, 1, 2], 4),
    spBullishRangePct: pick(n, 5), spBearishRangePct: pick(n, 6), isRangeBullish: false, isRangeBearish: false,
    rangeRef: pick([1, 3, null], 7), ema50: pick([95, 105], 8), ema100: pick([95, 105], 9), ema200: pick([95, 105], 10),
    zlMacdCross: pick([-1, 0, 1], 11), zlMacd: null, zlSignal: null, atr14: 1, stopAtr: 1, cumVolume: 10,
    dayHigh: h, dayLow: l, vrp: pick([null, 0.01, 0.39, 0.5, 1.01], 12),
  };
}

/** Picks where every rule of strategy 11 holds (given a high-volatility daily, its window and trend). */
const HOT = [3, 1, 1, 1, 0, 3, 0, 1, 0, 0, 0, 1, 1];

type Step = { kind: 'bar'; symbol: number; tf: '5m' | '15m'; slot: number; v: number[] } | { kind: 'ask' } | { kind: 'scan' } | { kind: 'nifty'; trend: number; daily: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('bar' as const), symbol: fc.integer({ min: 0, max: 2 }), tf: fc.constantFrom('5m' as const, '15m' as const), slot: fc.integer({ min: 0, max: 70 }), v: fc.oneof(fc.array(fc.integer({ min: 0, max: 11 }), { minLength: 13, maxLength: 13 }), fc.constant(HOT)) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'ask' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'scan' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nifty' as const), trend: fc.integer({ min: -1, max: 1 }), daily: fc.integer({ min: 0, max: 2 }) }) },
);

/** Hides matches(): the scanner then builds every condition (the eager reference). */
const eager = (ss: readonly Strategy[]): Strategy[] => ss.map((s) => Object.create(s, { matches: { value: undefined } }) as Strategy);

describe('Scanner fast path (Strategy.matches, lazy setups)', () => {
  it('gives the same signals and bestSetup answers as evaluating every condition', () => {
    const strategies = createStrategies(BUILTIN_STRATEGIES, {});
    expect(strategies.every((s) => typeof s.matches === 'function')).toBe(true);
    let signals = 0;
    fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 120 }), fc.boolean(), (steps, askAtEnd) => {
      let trend: Trend | null = null;
      let daily: DailyFeatures | null = null;
      const market = { daily: () => daily, niftyTrend: () => trend } as unknown as MarketDataView;
      const fast = new Scanner(strategies, market);
      const slow = new Scanner(eager(strategies), market);
      const date = '2025-06-02';
      let now = DAY0;
      const answers = (sc: Scanner) => SYMBOLS.map((s) => sc.bestSetup(s));
      for (const st of steps) {
        if (st.kind === 'nifty') {
          trend = st.trend as Trend;
          daily = [null, { atr10: 2, volume10: 1, close10: 100 }, { atr10: 5, volume10: 1, close10: 100 }][st.daily] ?? null;
        } else if (st.kind === 'ask') {
          expect(answers(fast)).toEqual(answers(slow));
        } else if (st.kind === 'scan') {
          now += MIN;
          const a = fast.scan(now, date);
          const b = slow.scan(now, date);
          expect(a.created).toEqual(b.created);
          signals += a.created.length;
          expect(a.expired).toEqual(b.expired);
          expect(a.candidates.map((g) => g.map((x) => x.signal.id))).toEqual(b.candidates.map((g) => g.map((x) => x.signal.id)));
        } else {
          const start = DAY0 + st.slot * 5 * MIN;
          const e: BarCloseEvent = { symbol: SYMBOLS[st.symbol]!, tf: st.tf, bar: features(st.tf, start, st.v).bar, features: features(st.tf, start, st.v), fromHistory: false };
          // The NIFTY 15m bar of the boundary closes first, so the bar is evaluated now.
          const nifty: BarCloseEvent = { symbol: 'NIFTY', tf: '15m', bar: { ...e.bar, key: 'NSE_INDEX:NIFTY', tf: '15m', start: start + 15 * MIN }, features: null, fromHistory: false };
          fast.onBarClose(nifty, date);
          slow.onBarClose(nifty, date);
          fast.onBarClose(e, date);
          slow.onBarClose(e, date);
        }
      }
      if (askAtEnd) expect(answers(fast)).toEqual(answers(slow));
      expect(fast.consumedIds()).toEqual(slow.consumedIds());
      expect(fast.strategyErrors()).toEqual(slow.strategyErrors());
    }), { numRuns: 300, seed: 11 });
    expect(signals).toBeGreaterThan(0); // matches (and their conditions) were exercised too
  });
});
