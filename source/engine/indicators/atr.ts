// Wilder ATR exactly as TA-Lib's ATR: the first bar has no true range (no previous close); the first
// ATR is the simple mean of the next `period` true ranges (so it appears on bar index `period`), and
// after that atr = (atr·(period−1) + tr) / period.

export function trueRange(high: number, low: number, prevClose: number): number {
  return Math.max(high - low, Math.abs(high - prevClose), Math.abs(low - prevClose));
}

export class WilderAtr {
  readonly period: number;
  private prevClose: number | null = null;
  private count = 0;
  private sum = 0;
  private current: number | null = null;

  constructor(period = 14) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`ATR period must be a positive integer, got ${period}`);
    this.period = period;
  }

  next(high: number, low: number, close: number): number | null {
    const prev = this.prevClose;
    this.prevClose = close;
    if (prev === null) return null;
    const tr = trueRange(high, low, prev);
    if (this.current !== null) {
      this.current = (this.current * (this.period - 1) + tr) / this.period;
      return this.current;
    }
    this.count++;
    this.sum += tr;
    if (this.count === this.period) this.current = this.sum / this.period;
    return this.current;
  }

  get value(): number | null {
    return this.current;
  }
}
