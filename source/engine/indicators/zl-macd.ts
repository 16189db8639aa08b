// Zero-lag MACD (seed-strategies.md §2.3) built from TA-Lib EMAs (SMA-seeded):
//   ZLEMA(n) = 2·EMA(close, n) − EMA(EMA(close, n), n)
//   zl_macd  = ZLEMA(12) − ZLEMA(26);  zl_signal = EMA(zl_macd, 9)   (an ordinary EMA, not zero-lag)
//   cross    = +1 when macd > signal now and macd ≤ signal on the previous bar, −1 for the mirror, else 0.
// The previous bar may belong to the previous session (the series is continuous across days).
import type { Trend } from '../../domain/features.js';
import { Ema } from './ema.js';

class Zlema {
  private readonly e1: Ema;
  private readonly e2: Ema;
  constructor(n: number) {
    this.e1 = new Ema(n);
    this.e2 = new Ema(n);
  }
  next(x: number): number | null {
    const a = this.e1.next(x);
    if (a === null) return null;
    const b = this.e2.next(a);
    return b === null ? null : 2 * a - b;
  }
}

export interface ZlMacdValue {
  readonly macd: number | null;
  readonly signal: number | null;
  readonly cross: Trend;
}

export class ZeroLagMacd {
  private readonly fast: Zlema;
  private readonly slow: Zlema;
  private readonly sig: Ema;
  private prevMacd: number | null = null;
  private prevSignal: number | null = null;

  constructor(fast = 12, slow = 26, signal = 9) {
    this.fast = new Zlema(fast);
    this.slow = new Zlema(slow);
    this.sig = new Ema(signal);
  }

  next(close: number): ZlMacdValue {
    const f = this.fast.next(close);
    const s = this.slow.next(close);
    const macd = f === null || s === null ? null : f - s;
    const signal = macd === null ? null : this.sig.next(macd);
    let cross: Trend = 0;
    if (macd !== null && signal !== null && this.prevMacd !== null && this.prevSignal !== null) {
      if (macd > signal && this.prevMacd <= this.prevSignal) cross = 1;
      else if (macd < signal && this.prevMacd >= this.prevSignal) cross = -1;
    }
    this.prevMacd = macd;
    this.prevSignal = signal;
    return { macd, signal, cross };
  }
}
