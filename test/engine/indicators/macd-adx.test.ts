import { ADX, MACD } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { TalibAdx } from '../../../source/engine/indicators/adx.js';
import { TalibMacd } from '../../../source/engine/indicators/macd.js';
import { ZeroLagMacd } from '../../../source/engine/indicators/zl-macd.js';
import { adxBatch, emaBatch, expectClose, macdBatch, randomBars, type Num } from './talib-reference.js';

describe('TalibMacd(20, 50, 10)', () => {
  for (const seed of [11, 12]) {
    it(`equals the TA-Lib batch definition exactly (seed ${seed})`, () => {
      const { c } = randomBars(500, seed);
      const ref = macdBatch(c, 20, 50, 10);
      const m = new TalibMacd(20, 50, 10);
      c.forEach((x, i) => {
        const v = m.next(x);
        expect(expectClose(v.macd, ref.macd[i])).toBe(true);
        expect(expectClose(v.signal, ref.signal[i])).toBe(true);
      });
    });
  }

  it('converges to technicalindicators MACD (EMA oscillator and EMA signal) once the seeds decay', () => {
    const { c } = randomBars(800, 13);
    const ti = MACD.calculate({ values: c, fastPeriod: 20, slowPeriod: 50, signalPeriod: 10, SimpleMAOscillator: false, SimpleMASignal: false });
    const m = new TalibMacd(20, 50, 10);
    const got = c.map((x) => m.next(x));
    // technicalindicators emits from index slow−1 too; its fast EMA was seeded at index fast−1.
    const off = c.length - ti.length;
    expect(off).toBe(49);
    for (let i = 400; i < c.length; i++) {
      expect(Math.abs(got[i]!.macd! - ti[i - off]!.MACD!)).toBeLessThan(1e-6);
      expect(Math.abs(got[i]!.signal! - ti[i - off]!.signal!)).toBeLessThan(1e-6);
    }
  });

  it('rejects fast >= slow', () => {
    expect(() => new TalibMacd(50, 20, 9)).toThrow(/fast < slow/);
  });
});

describe('TalibAdx', () => {
  for (const [p, seed] of [[14, 21], [125, 22]] as const) {
    it(`ADX/+DI/−DI(${p}) equal the TA-Lib batch loops exactly (seed ${seed})`, () => {
      const { h, l, c } = randomBars(900, seed, 20000, 0.004);
      const ref = adxBatch(h, l, c, p);
      const a = new TalibAdx(p);
      h.forEach((_, i) => {
        const v = a.next(h[i]!, l[i]!, c[i]!);
        expect(expectClose(v.adx, ref.adx[i])).toBe(true);
        expect(expectClose(v.plusDi, ref.pdi[i])).toBe(true);
        expect(expectClose(v.minusDi, ref.mdi[i])).toBe(true);
      });
      expect(ref.adx[2 * p - 2]).toBeNull();
      expect(ref.adx[2 * p - 1]).not.toBeNull();
    });
  }

  it('converges to technicalindicators ADX(14) (it seeds its smoothing with a plain sum)', () => {
    const { h, l, c } = randomBars(1500, 23, 500, 0.01);
    const ti = ADX.calculate({ period: 14, high: h, low: l, close: c });
    const a = new TalibAdx(14);
    const got = h.map((_, i) => a.next(h[i]!, l[i]!, c[i]!));
    const off = h.length - ti.length;
    for (let i = 1000; i < h.length; i++) {
      expect(Math.abs(got[i]!.adx! - ti[i - off]!.adx)).toBeLessThan(1e-3);
      expect(Math.abs(got[i]!.plusDi! - ti[i - off]!.pdi)).toBeLessThan(1e-3);
      expect(Math.abs(got[i]!.minusDi! - ti[i - off]!.mdi)).toBeLessThan(1e-3);
    }
  });

  it('on a crafted steady up-move +DI dominates and ADX is high', () => {
    const a = new TalibAdx(5);
    let v = a.next(10, 9, 9.5);
    for (let i = 1; i < 30; i++) v = a.next(10 + i, 9 + i, 9.5 + i);
    expect(v.minusDi).toBe(0);
    expect(v.plusDi).toBeGreaterThan(50);
    expect(v.adx).toBeCloseTo(100, 6);
  });
});

describe('ZeroLagMacd (TA-Lib EMAs)', () => {
  function batch(c: number[]): { macd: Num[]; signal: Num[]; cross: number[] } {
    const zlema = (n: number): Num[] => {
      const e1 = emaBatch(c, n);
      const e2 = emaBatch(e1, n);
      return e1.map((a, i) => (a === null || e2[i] === null ? null : 2 * a - e2[i]!));
    };
    const z12 = zlema(12);
    const z26 = zlema(26);
    const macd = z12.map((a, i) => (a === null || z26[i] === null ? null : a - z26[i]!));
    const signal = emaBatch(macd, 9);
    const cross = macd.map((m, i) => {
      const s = signal[i];
      const pm = macd[i - 1];
      const ps = signal[i - 1];
      if (i === 0 || m === null || s === null || s === undefined || pm === null || pm === undefined || ps === null || ps === undefined) return 0;
      if (m > s && pm <= ps) return 1;
      if (m < s && pm >= ps) return -1;
      return 0;
    });
    return { macd, signal, cross };
  }

  it('matches the batch ZLEMA 12/26 with EMA-9 signal and its crosses', () => {
    const { c } = randomBars(600, 31);
    const ref = batch(c);
    const z = new ZeroLagMacd();
    let crosses = 0;
    c.forEach((x, i) => {
      const v = z.next(x);
      expect(expectClose(v.macd, ref.macd[i])).toBe(true);
      expect(expectClose(v.signal, ref.signal[i])).toBe(true);
      expect(v.cross).toBe(ref.cross[i]);
      if (v.cross !== 0) crosses++;
    });
    expect(crosses).toBeGreaterThan(5);
    expect(ref.macd[49]).toBeNull();
    expect(ref.macd[50]).not.toBeNull();
  });

  it('gives −1 on a crafted turn from a long rise into a fall, and never on the same side twice', () => {
    const z = new ZeroLagMacd();
    const seen: number[] = [];
    for (let i = 0; i < 120; i++) seen.push(z.next(100 + i).cross);
    for (let i = 0; i < 40; i++) seen.push(z.next(219 - 3 * i).cross);
    expect(seen.slice(0, 120).includes(-1)).toBe(false);
    expect(seen.slice(120).filter((x) => x === -1).length).toBe(1);
  });
});
