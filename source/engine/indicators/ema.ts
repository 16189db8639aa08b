// Exponential moving averages, updated in O(1) per value.
//
// `Ema` follows TA-Lib's EMA: alpha = 2/(n+1), seeded with the simple mean of the first n values, so
// the first value appears on the n-th input. `EwmEma` follows pandas `ewm(span=n, adjust=False)`:
// seeded with the first value itself; used only for the daily atr_10 (seed-strategies.md §2.1).

export class Ema {
  readonly period: number;
  private readonly alpha: number;
  private count = 0;
  private seedSum = 0;
  private current: number | null = null;

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`EMA period must be a positive integer, got ${period}`);
    this.period = period;
    this.alpha = 2 / (period + 1);
  }

  /** Feeds one value; returns the EMA after it, or null while still seeding. */
  next(x: number): number | null {
    if (this.current !== null) {
      this.current = this.current + this.alpha * (x - this.current);
      return this.current;
    }
    this.count++;
    this.seedSum += x;
    if (this.count === this.period) this.current = this.seedSum / this.period;
    return this.current;
  }

  get value(): number | null {
    return this.current;
  }
}

export class EwmEma {
  private readonly alpha: number;
  private current: number | null = null;

  constructor(span: number) {
    if (!(span >= 1)) throw new Error(`EWM span must be >= 1, got ${span}`);
    this.alpha = 2 / (span + 1);
  }

  next(x: number): number {
    this.current = this.current === null ? x : this.current + this.alpha * (x - this.current);
    return this.current;
  }

  get value(): number | null {
    return this.current;
  }
}
