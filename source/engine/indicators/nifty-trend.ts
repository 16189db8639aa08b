// NIFTY 15-minute trend filter (seed-strategies.md §2.7), updated once per closed NIFTY 15m bar:
//   +1 when close > EMA50 > EMA200, ADX > adxMin, +DI > −DI and MACD > signal;
//   −1 when close < EMA50 < EMA200, ADX > adxMin, −DI > +DI and MACD < signal;
//    0 otherwise; null while any input is still warming up (every strategy comparison then fails).
// EMAs are TA-Lib EMAs, ADX/±DI are TA-Lib with period 125, MACD is TA-Lib MACD(20, 50, 10).
import type { Trend } from '../../domain/features.js';
import { TalibAdx } from './adx.js';
import { Ema } from './ema.js';
import { TalibMacd } from './macd.js';

export interface NiftyTrendOptions {
  readonly adxPeriod?: number;
  readonly adxMin?: number;
}

export class NiftyTrend {
  private readonly ema50 = new Ema(50);
  private readonly ema200 = new Ema(200);
  private readonly adx: TalibAdx;
  private readonly macd = new TalibMacd(20, 50, 10);
  private readonly adxMin: number;
  private current: Trend | null = null;

  constructor(opts: NiftyTrendOptions = {}) {
    this.adx = new TalibAdx(opts.adxPeriod ?? 125);
    this.adxMin = opts.adxMin ?? 20;
  }

  next(high: number, low: number, close: number): Trend | null {
    const e50 = this.ema50.next(close);
    const e200 = this.ema200.next(close);
    const { adx, plusDi, minusDi } = this.adx.next(high, low, close);
    const { macd, signal } = this.macd.next(close);
    if (e50 === null || e200 === null || adx === null || plusDi === null || minusDi === null) {
      this.current = null;
    } else if (macd === null || signal === null) {
      this.current = null;
    } else if (close > e50 && e50 > e200 && adx > this.adxMin && plusDi > minusDi && macd > signal) {
      this.current = 1;
    } else if (close < e50 && e50 < e200 && adx > this.adxMin && minusDi > plusDi && macd < signal) {
      this.current = -1;
    } else {
      this.current = 0;
    }
    return this.current;
  }

  get value(): Trend | null {
    return this.current;
  }
}
