// A mutable bar under construction. One per instrument and timeframe, reused for every bar, so the tick
// hot path allocates nothing; an immutable domain Bar is created only when it closes. The numbers live
// in a Float64Array slice (an instrument's bars share one array, see instrument-bars.ts): as object
// fields each double is a separate boxed number in V8, and a tick's field reads were cache misses.
import type { Bar, InstrumentKey, Timeframe } from '../../domain/market.js';

/** Numbers per bar in the backing array, and where each one sits. */
export const BAR_FIELDS = 8;
export const F_START = 0;
export const F_END = 1;
export const F_SESSION_OPEN = 2;
export const F_OPEN = 3;
export const F_HIGH = 4;
export const F_LOW = 5;
export const F_CLOSE = 6;
export const F_VOLUME = 7;

export class FormingBar {
  /** `s[base .. base + BAR_FIELDS)` holds this bar (a fresh array of its own by default). */
  constructor(
    readonly s: Float64Array = new Float64Array(BAR_FIELDS),
    readonly base = 0,
  ) {
    s[base + F_START] = -1;
  }

  /** Bar start (epoch ms); −1 when no bar is forming. */
  get start(): number {
    return this.s[this.base + F_START] as number;
  }
  get end(): number {
    return this.s[this.base + F_END] as number;
  }
  get sessionOpen(): number {
    return this.s[this.base + F_SESSION_OPEN] as number;
  }
  get open(): number {
    return this.s[this.base + F_OPEN] as number;
  }
  get high(): number {
    return this.s[this.base + F_HIGH] as number;
  }
  set high(v: number) {
    this.s[this.base + F_HIGH] = v;
  }
  get low(): number {
    return this.s[this.base + F_LOW] as number;
  }
  set low(v: number) {
    this.s[this.base + F_LOW] = v;
  }
  get close(): number {
    return this.s[this.base + F_CLOSE] as number;
  }
  get volume(): number {
    return this.s[this.base + F_VOLUME] as number;
  }
  set volume(v: number) {
    this.s[this.base + F_VOLUME] = v;
  }

  get active(): boolean {
    return this.start >= 0;
  }

  begin(start: number, end: number, sessionOpen: number, price: number, volume: number): void {
    const { s, base } = this;
    s[base + F_START] = start;
    s[base + F_END] = end;
    s[base + F_SESSION_OPEN] = sessionOpen;
    s[base + F_OPEN] = price;
    s[base + F_HIGH] = price;
    s[base + F_LOW] = price;
    s[base + F_CLOSE] = price;
    s[base + F_VOLUME] = volume;
  }

  adopt(bar: Bar, end: number, sessionOpen: number): void {
    this.begin(bar.start, end, sessionOpen, bar.open, bar.volume);
    this.high = bar.high;
    this.low = bar.low;
    this.s[this.base + F_CLOSE] = bar.close;
  }

  add(price: number, volume: number): void {
    addTo(this.s, this.base, price, volume);
  }

  toBar(key: InstrumentKey, tf: Timeframe): Bar {
    return {
      key, tf, start: this.start, open: this.open, high: this.high, low: this.low, close: this.close, volume: this.volume,
    };
  }

  clear(): void {
    this.s[this.base + F_START] = -1;
    this.s[this.base + F_END] = 0; // so no tick time falls in [start, end) of a bar that is not forming
  }
}

/** FormingBar.add on the bar at `base` of `s` (the tick hot path calls it without the view object). */
export function addTo(s: Float64Array, base: number, price: number, volume: number): void {
  if (price > (s[base + F_HIGH] as number)) s[base + F_HIGH] = price;
  if (price < (s[base + F_LOW] as number)) s[base + F_LOW] = price;
  s[base + F_CLOSE] = price;
  s[base + F_VOLUME] = (s[base + F_VOLUME] as number) + volume;
}

/** Start of the `tfMs` bucket containing `ts`, on a grid anchored at the session open. */
export function bucketStart(ts: number, sessionOpen: number, tfMs: number): number {
  return sessionOpen + Math.floor((ts - sessionOpen) / tfMs) * tfMs;
}
