// exits.atrPeriod reaches the stop: TimeframeFeatureCalc computes the stop's ATR over that many bars
// while the strategies' atr14 stays ATR(14).
import { describe, expect, it } from 'vitest';
import { WilderAtr } from '../../../source/engine/indicators/atr.js';
import { TimeframeFeatureCalc } from '../../../source/engine/indicators/timeframe-features.js';
import type { Bar } from '../../../source/domain/market.js';
import { randomBars } from './talib-reference.js';

const OPEN = Date.UTC(2026, 0, 5, 3, 45);

function bars(n: number): Bar[] {
  const { o, h, l, c, v } = randomBars(n, 11);
  return c.map((close, i) => ({ key: 'NSE:AAA', tf: '5m', start: OPEN + i * 300_000, open: o[i]!, high: h[i]!, low: l[i]!, close, volume: v?.[i] ?? 1000 }));
}

describe('stop ATR period', () => {
  it('is ATR(14) itself by default', () => {
    const calc = new TimeframeFeatureCalc('5m');
    let last = null;
    for (const b of bars(40)) last = calc.update(b, OPEN, null);
    expect(last?.stopAtr).not.toBeNull();
    expect(last?.stopAtr).toBe(last?.atr14);
    expect(calc.atr).toBe(last?.atr14);
  });

  it('follows exits.atrPeriod without changing atr14', () => {
    const seven = new TimeframeFeatureCalc('5m', {}, 7);
    const fourteen = new TimeframeFeatureCalc('5m', {}, 14);
    const ref7 = new WilderAtr(7);
    for (const b of bars(40)) {
      const f7 = seven.update(b, OPEN, null);
      const f14 = fourteen.update(b, OPEN, null);
      expect(f7.stopAtr).toBe(ref7.next(b.high, b.low, b.close));
      expect(f7.atr14).toBe(f14.atr14);
    }
    expect(seven.atr).not.toBe(fourteen.atr);
    expect(seven.atr).toBe(ref7.value);
  });
});
