import { ATR, EMA } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { trueRange, WilderAtr } from '../../../source/engine/indicators/atr.js';
import { Ema, EwmEma } from '../../../source/engine/indicators/ema.js';
import { atrBatch, emaBatch, ewmBatch, expectClose, randomBars } from './talib-reference.js';

describe('Ema (TA-Lib, SMA seed)', () => {
  for (const [n, seed] of [[5, 1], [50, 2], [200, 3]] as const) {
    it(`matches technicalindicators EMA(${n}) and the batch formula on a random series`, () => {
      const { c } = randomBars(600, seed);
      const ti = EMA.calculate({ period: n, values: c });
      const batch = emaBatch(c, n);
      const ema = new Ema(n);
      const got = c.map((x) => ema.next(x));
      expect(got.slice(0, n - 1).every((v) => v === null)).toBe(true);
      expect(ti.length).toBe(c.length - n + 1);
      got.slice(n - 1).forEach((v, i) => {
        expect(expectClose(v, ti[i]!)).toBe(true);
        expect(expectClose(v, batch[i + n - 1]!)).toBe(true);
      });
    });
  }

  it('seeds with the simple mean of the first n values on a crafted series', () => {
    const e = new Ema(3);
    expect(e.next(1)).toBeNull();
    expect(e.next(2)).toBeNull();
    expect(e.next(6)).toBe(3);
    expect(e.next(7)).toBe(5); // 3 + 0.5·(7 − 3)
  });

  it('rejects a bad period', () => {
    expect(() => new Ema(0)).toThrow(/positive integer/);
  });
});

describe('EwmEma (pandas adjust=False)', () => {
  it('is seeded with the first value and matches the batch recursion', () => {
    const { c } = randomBars(100, 9);
    const e = new EwmEma(10);
    const batch = ewmBatch(c, 10);
    c.forEach((x, i) => expect(expectClose(e.next(x), batch[i]!)).toBe(true));
    expect(new EwmEma(10).next(42)).toBe(42);
  });
});

describe('WilderAtr (TA-Lib ATR)', () => {
  for (const seed of [4, 5, 6]) {
    it(`matches technicalindicators ATR(14) and the batch formula (seed ${seed})`, () => {
      const { h, l, c } = randomBars(400, seed);
      const ti = ATR.calculate({ period: 14, high: h, low: l, close: c });
      const batch = atrBatch(h, l, c, 14);
      const atr = new WilderAtr(14);
      const got = h.map((_, i) => atr.next(h[i]!, l[i]!, c[i]!));
      expect(got.slice(0, 14).every((v) => v === null)).toBe(true);
      expect(ti.length).toBe(h.length - 14);
      got.slice(14).forEach((v, i) => {
        expect(expectClose(v, ti[i]!)).toBe(true);
        expect(expectClose(v, batch[i + 14]!)).toBe(true);
      });
    });
  }

  it('uses gaps through the previous close (crafted)', () => {
    expect(trueRange(110, 105, 100)).toBe(10);
    expect(trueRange(95, 90, 100)).toBe(10);
    const a = new WilderAtr(2);
    expect(a.next(10, 9, 9.5)).toBeNull();
    expect(a.next(11, 10, 10.5)).toBeNull(); // tr 1.5
    expect(a.next(12, 11, 11.5)).toBe(1.5); // tr 1.5, mean of two
    expect(a.next(20, 19, 19.5)).toBe((1.5 + 8.5) / 2); // tr 8.5 (gap over 11.5), Wilder with n = 2
  });
});
