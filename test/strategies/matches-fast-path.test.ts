// Strategy.matches (the scanner's fast path when nobody reads the conditions) must give exactly
// evaluate(ctx).match. Property: contexts start from one where every rule of the strategy holds and
// replace any subset of the inputs with values around and beyond the thresholds (null, NaN, edges), so
// both outcomes and every single failing rule are drawn often; parameters vary too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DailyFeatures, TimeframeFeatures, Trend } from '../../source/domain/features.js';
import { BUILTIN_STRATEGIES, createStrategies } from '../../source/strategies/registry.js';
import type { StrategyContext } from '../../source/strategies/strategy.js';

type F = Partial<TimeframeFeatures> & { o: number; h: number; l: number; c: number };
interface Base { readonly tf: '5m' | '15m'; readonly minute: number; readonly f: F; readonly daily: DailyFeatures | null; readonly nifty: Trend | null }

const lowVol: DailyFeatures = { atr10: 2, volume10: 1, close10: 100 };
const highVol: DailyFeatures = { atr10: 5, volume10: 1, close10: 100 };
const bull = { o: 100, h: 103, l: 99.5, c: 102.5 };
const bear = { o: 100, h: 100.5, l: 97, c: 97.5 };
const above = { ema50: 99, ema100: 98, ema200: 97 };
const under = { ema50: 101, ema100: 102, ema200: 103 };
// Contexts where every rule holds (the same as seed-strategies.test.ts).
const BASES: Record<string, Base> = {
  '8': { tf: '15m', minute: 570, f: { ...bull, cumSpBullish: 1, spBullishRangePct: 1.0, zlMacdCross: -1, vrp: 1.01 }, daily: lowVol, nifty: 0 },
  '12': { tf: '15m', minute: 824, f: { ...bear, cumSpBearish: 2, spBearishRangePct: 1.01, zlMacdCross: 1, vrp: 0.39 }, daily: lowVol, nifty: 0 },
  '10': { tf: '5m', minute: 560, f: { ...bear, ...under, cumSpBearish: 1, spBearishRangePct: 0.61, vrp: 0.5 }, daily: highVol, nifty: -1 },
  '11': { tf: '5m', minute: 700, f: { ...bull, ...above, cumSpBullish: 1, spBullishRangePct: 0.81, vrp: 0.01 }, daily: highVol, nifty: 1 },
  '9': { tf: '5m', minute: 600, f: { ...bull, ...above, cumSpBullish: 3, spBullishRangePct: 2, vrp: 0.45 }, daily: lowVol, nifty: -1 },
};

function ctx(b: Base): StrategyContext {
  const { o, h, l, c, ...rest } = b.f;
  const features: TimeframeFeatures = {
    tf: b.tf, bar: { key: 'NSE:AAA', tf: b.tf, start: 0, open: o, high: h, low: l, close: c, volume: 1 },
    candleCount: 5, cumSpBullish: 0, cumSpBearish: 0, spBullishRangePct: null, spBearishRangePct: null,
    isRangeBullish: false, isRangeBearish: false, rangeRef: 3, ema50: null, ema100: null, ema200: null,
    zlMacdCross: 0, zlMacd: null, zlSignal: null, atr14: 1, stopAtr: 1, cumVolume: 1, dayHigh: h, dayLow: l, vrp: null,
    ...rest,
  };
  return { symbol: 'AAA', features, daily: b.daily, niftyTrend: b.nifty, barStartMinute: b.minute };
}

const num = fc.oneof(
  fc.constantFrom(null, Number.NaN, 0, -0, 1, -1, 0.3, 0.5, 0.6, 0.8, 1.3, 2, 97, 100, 103, Number.POSITIVE_INFINITY),
  fc.double({ min: -5, max: 110, noNaN: true }),
);
/** Mostly leaves the base value (so matches are drawn often), sometimes replaces it. */
const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: a, weight: 1 });
const price = fc.constantFrom(97, 97.5, 99, 99.5, 100, 100.5, 101, 102.5, 103);
const override = fc.record({
  minute: maybe(fc.oneof(fc.constantFrom(555, 559, 560, 569, 570, 600, 700, 824, 825, 826, 900), fc.integer({ min: 540, max: 930 }))),
  o: maybe(price), h: maybe(price), l: maybe(price), c: maybe(price),
  cumSpBullish: maybe(num), cumSpBearish: maybe(num),
  spBullishRangePct: maybe(num), spBearishRangePct: maybe(num),
  ema50: maybe(num), ema100: maybe(num), ema200: maybe(num),
  rangeRef: maybe(num), isRangeBullish: maybe(fc.boolean()), isRangeBearish: maybe(fc.boolean()),
  zlMacdCross: maybe(fc.constantFrom(-1, 0, 1)), vrp: maybe(num),
  daily: fc.option(fc.oneof(fc.constant(null), fc.record({ atr10: fc.oneof(fc.constantFrom(2, 2.5, 3, 4, 5), num.map((x) => x ?? 0)), volume10: fc.constant(1), close10: fc.oneof(fc.constant(100), num.map((x) => x ?? 0)) })), { nil: undefined }),
  nifty: maybe(fc.constantFrom(null, -1, 0, 1) as fc.Arbitrary<Trend | null>),
}, { requiredKeys: [] });

function apply(b: Base, o: Record<string, unknown>): Base {
  const f: Record<string, unknown> = { ...b.f };
  for (const [k, v] of Object.entries(o)) if (v !== undefined && k !== 'minute' && k !== 'daily' && k !== 'nifty') f[k] = v;
  return {
    ...b, f: f as F,
    minute: (o.minute as number | undefined) ?? b.minute,
    daily: o.daily === undefined ? b.daily : (o.daily as DailyFeatures | null),
    nifty: o.nifty === undefined ? b.nifty : (o.nifty as Trend | null),
  };
}

describe('Strategy.matches equals evaluate().match', () => {
  const defaults = createStrategies(BUILTIN_STRATEGIES, {});
  it('every seed strategy has the fast path, and it holds on the all-rules-hold context', () => {
    for (const s of defaults) {
      expect(typeof s.matches).toBe('function');
      expect(s.matches!(ctx(BASES[s.id]!))).toBe(true);
      expect(s.evaluate(ctx(BASES[s.id]!)).match).toBe(true);
    }
  });

  it.each(Object.keys(BASES))('strategy %s: same answer on perturbed contexts and parameters', (id) => {
    let matched = 0;
    fc.assert(fc.property(override, fc.integer({ min: 0, max: 3 }), (o, variant) => {
      // Parameter variants: defaults, and shifted windows/thresholds.
      const params = [{}, { windowStartMin: 600 }, { vrpMin: 0.4 }, { windowEndMin: 700, niftyTrendExclude: 1 }][variant]!;
      const known = Object.keys(BUILTIN_STRATEGIES.find((d) => d.id === id)!.defaults);
      const own = Object.fromEntries(Object.entries(params).filter(([k]) => known.includes(k)));
      const s = createStrategies(BUILTIN_STRATEGIES, { [id]: { enabled: true, params: own } }).find((x) => x.id === id)!;
      const c = ctx(apply(BASES[id]!, o));
      const slow = s.evaluate(c).match;
      if (slow) matched++;
      expect(s.matches!(c)).toBe(slow);
    }), { numRuns: 3000, seed: 42 });
    // Both outcomes were drawn.
    expect(matched).toBeGreaterThan(0);
  });
});
