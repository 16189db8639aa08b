// Daily values as of the previous completed session (seed-strategies.md §2.1):
//   atr_10    = pandas ewm(span 10, adjust=False) of daily true range over the loaded window, seeded with
//               the first TR, where the first loaded day's TR is H − L (no previous close);
//   volume_10 = simple mean of the last 10 daily volumes; close_10 = simple mean of the last 10 closes.
// Bars are kept per IST date; features for a session use only days strictly before it, so a "today"
// row appended by a history API never leaks in. Fewer than 10 days → null (comparisons then fail).
import type { DailyFeatures } from '../../domain/features.js';
import type { Bar } from '../../domain/market.js';
import { istMidnight } from '../../domain/time.js';
import { EwmEma } from './ema.js';
import { trueRange } from './atr.js';

const KEEP_DAYS = 60;

export class DailyHistory {
  private readonly bars: Bar[] = [];
  private cacheKey = Number.NaN;
  private cache: DailyFeatures | null = null;

  constructor(private readonly window = 10) {}

  /** Adds (or replaces, same IST date) a completed daily bar. */
  add(bar: Bar): void {
    const day = istMidnight(bar.start);
    let i = this.bars.length;
    while (i > 0 && istMidnight(this.bars[i - 1]!.start) > day) i--;
    if (i > 0 && istMidnight(this.bars[i - 1]!.start) === day) this.bars[i - 1] = bar;
    else this.bars.splice(i, 0, bar);
    if (this.bars.length > KEEP_DAYS) this.bars.splice(0, this.bars.length - KEEP_DAYS);
    this.cacheKey = Number.NaN;
  }

  get size(): number {
    return this.bars.length;
  }

  /** Features from the days before the IST date containing `at` (all days when `at` is Infinity). */
  asOf(at: number): DailyFeatures | null {
    const key = Number.isFinite(at) ? istMidnight(at) : Number.POSITIVE_INFINITY;
    if (key === this.cacheKey) return this.cache;
    this.cacheKey = key;
    this.cache = this.compute(key);
    return this.cache;
  }

  private compute(before: number): DailyFeatures | null {
    let n = 0;
    while (n < this.bars.length && this.bars[n]!.start < before) n++;
    if (n < this.window) return null;
    const atr = new EwmEma(this.window);
    let prevClose: number | null = null;
    for (let i = 0; i < n; i++) {
      const b = this.bars[i]!;
      atr.next(prevClose === null ? b.high - b.low : trueRange(b.high, b.low, prevClose));
      prevClose = b.close;
    }
    let vol = 0;
    let close = 0;
    for (let i = n - this.window; i < n; i++) {
      vol += this.bars[i]!.volume;
      close += this.bars[i]!.close;
    }
    return { atr10: atr.value ?? 0, volume10: vol / this.window, close10: close / this.window };
  }
}
