// TA-Lib MACD(fast, slow, signal) with EMA averages, reproduced bar by bar.
// TA-Lib aligns both EMAs so the MACD line starts on bar index slow−1: the slow EMA is seeded with the
// mean of the first `slow` closes, and the FAST EMA is seeded at the same bar with the mean of the last
// `fast` closes (not at bar fast−1). The signal is an SMA-seeded EMA of the MACD line.
// (technicalindicators' MACD seeds the fast EMA earlier; the two converge after a few dozen bars.)
import { Ema } from './ema.js';

export interface MacdValue {
  readonly macd: number | null;
  readonly signal: number | null;
}

export class TalibMacd {
  private readonly fastPeriod: number;
  private readonly slowPeriod: number;
  private readonly fastK: number;
  private readonly slowEma: Ema;
  private readonly signalEma: Ema;
  /** Ring of the last `fast` closes, needed only until the fast EMA is seeded. */
  private readonly ring: number[] = [];
  private count = 0;
  private fastValue: number | null = null;

  constructor(fast = 20, slow = 50, signal = 10) {
    if (!(Number.isInteger(fast) && Number.isInteger(slow) && fast >= 1 && fast < slow)) {
      throw new Error(`MACD needs integer periods with fast < slow, got ${fast}/${slow}`);
    }
    this.fastPeriod = fast;
    this.slowPeriod = slow;
    this.fastK = 2 / (fast + 1);
    this.slowEma = new Ema(slow);
    this.signalEma = new Ema(signal);
  }

  next(close: number): MacdValue {
    this.count++;
    const slow = this.slowEma.next(close);
    if (this.fastValue !== null) {
      this.fastValue += this.fastK * (close - this.fastValue);
    } else {
      this.ring.push(close);
      if (this.ring.length > this.fastPeriod) this.ring.shift();
      if (this.count === this.slowPeriod) {
        let sum = 0;
        for (const v of this.ring) sum += v;
        this.fastValue = sum / this.fastPeriod;
        this.ring.length = 0;
      }
    }
    if (slow === null || this.fastValue === null) return { macd: null, signal: null };
    const macd = this.fastValue - slow;
    return { macd, signal: this.signalEma.next(macd) };
  }
}
