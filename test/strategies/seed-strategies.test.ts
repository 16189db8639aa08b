import { describe, expect, it } from 'vitest';
import type { DailyFeatures, TimeframeFeatures, Trend } from '../../source/domain/features.js';
import { BUILTIN_STRATEGIES, createStrategies } from '../../source/strategies/registry.js';
import type { StrategyContext } from '../../source/strategies/strategy.js';

type Ctx = { minute: number; f: Partial<TimeframeFeatures> & { o: number; h: number; l: number; c: number }; daily: DailyFeatures | null; nifty: Trend | null };

function ctx(tf: '5m' | '15m', c: Ctx): StrategyContext {
  const { o, h, l, c: close, ...rest } = c.f;
  const features: TimeframeFeatures = {
    tf, bar: { key: 'NSE:AAA', tf, start: 0, open: o, high: h, low: l, close, volume: 1 },
    candleCount: 5, cumSpBullish: 0, cumSpBearish: 0, spBullishRangePct: null, spBearishRangePct: null,
    isRangeBullish: false, isRangeBearish: false, rangeRef: 3, ema50: null, ema100: null, ema200: null,
    zlMacdCross: 0, zlMacd: null, zlSignal: null, atr14: 1, stopAtr: 1, cumVolume: 1, dayHigh: h, dayLow: l, vrp: null,
    ...rest,
  };
  return { symbol: 'AAA', features, daily: c.daily, niftyTrend: c.nifty, barStartMinute: c.minute };
}

const lowVol: DailyFeatures = { atr10: 2, volume10: 1, close10: 100 }; // ratio 0.02
const highVol: DailyFeatures = { atr10: 5, volume10: 1, close10: 100 }; // ratio 0.05
const bullBar = { o: 100, h: 103, l: 99.5, c: 102.5 }; // range 3.5 > 0.7·3, close above o + 0.5·(h − o)
const bearBar = { o: 100, h: 100.5, l: 97, c: 97.5 };
const above = { ema50: 99, ema100: 98, ema200: 97 };
const below = { ema50: 101, ema100: 102, ema200: 103 };

/** For each strategy: a context where every rule holds, and per rule (in order) contexts where only it fails. */
const table: Record<string, { tf: '5m' | '15m'; base: Ctx; breaks: ((b: Ctx) => Ctx)[][] }> = {
  '8': {
    tf: '15m',
    base: { minute: 570, f: { ...bullBar, cumSpBullish: 1, spBullishRangePct: 1.0, zlMacdCross: -1, vrp: 1.01 }, daily: lowVol, nifty: 0 },
    breaks: [
      [(b) => ({ ...b, minute: 569 }), (b) => ({ ...b, minute: 825 })],
      [(b) => ({ ...b, f: { ...b.f, cumSpBullish: 0 } })],
      [(b) => ({ ...b, f: { ...b.f, spBullishRangePct: 0.8 } }), (b) => ({ ...b, f: { ...b.f, spBullishRangePct: 1.3 } }), (b) => ({ ...b, f: { ...b.f, spBullishRangePct: null } })],
      [(b) => ({ ...b, f: { ...b.f, zlMacdCross: 0 } }), (b) => ({ ...b, f: { ...b.f, zlMacdCross: 1 } })],
      [(b) => ({ ...b, f: { ...b.f, vrp: 1 } }), (b) => ({ ...b, f: { ...b.f, vrp: null } })],
      [(b) => ({ ...b, daily: { atr10: 4, volume10: 1, close10: 100 } }), (b) => ({ ...b, daily: null })],
      [(b) => ({ ...b, nifty: -1 }), (b) => ({ ...b, nifty: null })],
    ],
  },
  '12': {
    tf: '15m',
    base: { minute: 824, f: { ...bearBar, cumSpBearish: 2, spBearishRangePct: 1.01, zlMacdCross: 1, vrp: 0.39 }, daily: lowVol, nifty: 0 },
    breaks: [
      [(b) => ({ ...b, minute: 825 }), (b) => ({ ...b, minute: 560 })],
      [(b) => ({ ...b, f: { ...b.f, cumSpBearish: 0 } })],
      [(b) => ({ ...b, f: { ...b.f, spBearishRangePct: 1 } })],
      [(b) => ({ ...b, f: { ...b.f, zlMacdCross: -1 } })],
      [(b) => ({ ...b, f: { ...b.f, vrp: 0 } }), (b) => ({ ...b, f: { ...b.f, vrp: 0.4 } })],
      [(b) => ({ ...b, daily: { atr10: 4.5, volume10: 1, close10: 100 } })],
      [(b) => ({ ...b, nifty: 1 })],
    ],
  },
  '10': {
    tf: '5m',
    base: { minute: 560, f: { ...bearBar, ...below, cumSpBearish: 1, spBearishRangePct: 0.61, vrp: 0.5 }, daily: highVol, nifty: -1 },
    breaks: [
      [(b) => ({ ...b, minute: 559 })],
      [(b) => ({ ...b, f: { ...b.f, cumSpBearish: 0 } })],
      [(b) => ({ ...b, f: { ...b.f, spBearishRangePct: 0.6 } })],
      [(b) => ({ ...b, f: { ...b.f, ema200: 97.5 } }), (b) => ({ ...b, f: { ...b.f, ema50: null } })],
      [(b) => ({ ...b, f: { ...b.f, rangeRef: 5 } }), (b) => ({ ...b, f: { ...b.f, c: 98.75, ema50: 101 } })],
      [(b) => ({ ...b, f: { ...b.f, vrp: 0.3 } }), (b) => ({ ...b, f: { ...b.f, vrp: 0.7 } })],
      [(b) => ({ ...b, daily: { atr10: 4, volume10: 1, close10: 100 } })],
      [(b) => ({ ...b, nifty: 1 }), (b) => ({ ...b, nifty: null })],
    ],
  },
  '11': {
    tf: '5m',
    base: { minute: 700, f: { ...bullBar, ...above, cumSpBullish: 1, spBullishRangePct: 0.81, vrp: 0.01 }, daily: highVol, nifty: 1 },
    breaks: [
      [(b) => ({ ...b, minute: 830 })],
      [(b) => ({ ...b, f: { ...b.f, cumSpBullish: 0 } })],
      [(b) => ({ ...b, f: { ...b.f, spBullishRangePct: 0.8 } })],
      [(b) => ({ ...b, f: { ...b.f, ema100: 102.5 } })],
      [(b) => ({ ...b, f: { ...b.f, rangeRef: 5 } }), (b) => ({ ...b, f: { ...b.f, c: 101.5 } })],
      [(b) => ({ ...b, f: { ...b.f, vrp: 0 } }), (b) => ({ ...b, f: { ...b.f, vrp: 0.3 } }), (b) => ({ ...b, f: { ...b.f, vrp: Number.POSITIVE_INFINITY } })],
      [(b) => ({ ...b, daily: { atr10: 4, volume10: 1, close10: 100 } })],
      [(b) => ({ ...b, nifty: -1 })],
    ],
  },
  '9': {
    tf: '5m',
    base: { minute: 600, f: { ...bullBar, ...above, cumSpBullish: 3, spBullishRangePct: 2, vrp: 0.45 }, daily: lowVol, nifty: -1 },
    breaks: [
      [(b) => ({ ...b, minute: 555 })],
      [(b) => ({ ...b, f: { ...b.f, cumSpBullish: 0 } })],
      [(b) => ({ ...b, f: { ...b.f, spBullishRangePct: 0.5 } })],
      [(b) => ({ ...b, f: { ...b.f, ema50: 103 } })],
      [(b) => ({ ...b, f: { ...b.f, rangeRef: 6 } })],
      [(b) => ({ ...b, f: { ...b.f, vrp: 0.3 } }), (b) => ({ ...b, f: { ...b.f, vrp: 0.6 } })],
      [(b) => ({ ...b, daily: highVol })],
      [(b) => ({ ...b, nifty: 1 })],
    ],
  },
};

const strategies = createStrategies(BUILTIN_STRATEGIES, {});

describe.each(Object.entries(table))('strategy %s', (id, t) => {
  const s = strategies.find((x) => x.id === id)!;

  it('fires when every rule holds, and lists every condition in rule order', () => {
    expect(s.timeframe).toBe(t.tf);
    const r = s.evaluate(ctx(t.tf, t.base));
    expect(r.conditions.map((c) => c.ok)).toEqual(t.breaks.map(() => true));
    expect(r.match).toBe(true);
  });

  t.breaks.forEach((variants, rule) => {
    it(`does not fire when only rule ${rule + 1} fails (${variants.length} variant(s))`, () => {
      for (const v of variants) {
        const r = s.evaluate(ctx(t.tf, v(t.base)));
        expect(r.match).toBe(false);
        expect(r.conditions.map((c) => c.ok)).toEqual(t.breaks.map((_, i) => i !== rule));
      }
    });
  });
});

describe('sides and timeframes follow the README', () => {
  it.each([['8', 'SHORT', '15m'], ['12', 'LONG', '15m'], ['10', 'SHORT', '5m'], ['11', 'LONG', '5m'], ['9', 'SHORT', '5m']])(
    'strategy %s is %s on %s', (id, side, tf) => {
      const s = strategies.find((x) => x.id === id)!;
      expect([s.side, s.timeframe]).toEqual([side, tf]);
    });
});

describe('params change thresholds', () => {
  it('a configured threshold is used instead of the default', () => {
    const [s8] = createStrategies(BUILTIN_STRATEGIES, { '8': { enabled: true, params: { vrpMin: 2 } } }).filter((s) => s.id === '8');
    expect(s8!.evaluate(ctx('15m', table['8']!.base)).match).toBe(false);
    expect(s8!.params.vrpMin).toBe(2);
    expect(s8!.params.spRangeMaxPct).toBe(1.3);
  });
});
