// A mutable bar under construction. One object per instrument and timeframe, reused for every bar,
// so the tick hot path allocates nothing; an immutable domain Bar is created only when it closes.
import type { Bar, InstrumentKey, Timeframe } from '../../domain/market.js';

export class FormingBar {
  /** Bar start (epoch ms); −1 when no bar is forming. */
  start = -1;
  end = 0;
  sessionOpen = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;

  get active(): boolean {
    return this.start >= 0;
  }

  begin(start: number, end: number, sessionOpen: number, price: number, volume: number): void {
    this.start = start;
    this.end = end;
    this.sessionOpen = sessionOpen;
    this.open = price;
    this.high = price;
    this.low = price;
    this.close = price;
    this.volume = volume;
  }

  adopt(bar: Bar, end: number, sessionOpen: number): void {
    this.begin(bar.start, end, sessionOpen, bar.open, bar.volume);
    this.high = bar.high;
    this.low = bar.low;
    this.close = bar.close;
  }

  add(price: number, volume: number): void {
    if (price > this.high) this.high = price;
    if (price < this.low) this.low = price;
    this.close = price;
    this.volume += volume;
  }

  toBar(key: InstrumentKey, tf: Timeframe): Bar {
    return {
      key, tf, start: this.start, open: this.open, high: this.high, low: this.low, close: this.close, volume: this.volume,
    };
  }

  clear(): void {
    this.start = -1;
    this.end = 0; // so no tick time falls in [start, end) of a bar that is not forming
  }
}

/** Start of the `tfMs` bucket containing `ts`, on a grid anchored at the session open. */
export function bucketStart(ts: number, sessionOpen: number, tfMs: number): number {
  return sessionOpen + Math.floor((ts - sessionOpen) / tfMs) * tfMs;
}
