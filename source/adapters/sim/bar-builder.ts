// Aggregation helpers: a minute's seconds -> its OHLCV row, and minute rows -> 5m/15m/daily bars. Rows are
// packed [open, high, low, close, volume] in a Float64Array to keep history small.
import type { Bar, InstrumentKey, Timeframe } from '../../domain/market.js';

export const ROW = 5;

/**
 * Writes minute `m`'s row from its 60 seconds (`price[k]`, `qty[k]`) into `rows`. Only trade seconds
 * count, except for the index (`everySecondTrades`), which has no trades.
 */
export function writeMinuteRow(price: Float64Array, qty: Float64Array, everySecondTrades: boolean, rows: Float64Array, m: number): void {
  let o = NaN;
  let h = -Infinity;
  let l = Infinity;
  let c = NaN;
  let v = 0;
  for (let k = 0; k < 60; k++) {
    const q = qty[k] ?? 0;
    if (!everySecondTrades && q === 0) continue;
    const p = price[k] ?? 0;
    if (Number.isNaN(o)) o = p;
    if (p > h) h = p;
    if (p < l) l = p;
    c = p;
    v += q;
  }
  const at = m * ROW;
  rows[at] = o;
  rows[at + 1] = h;
  rows[at + 2] = l;
  rows[at + 3] = c;
  rows[at + 4] = v;
}

/** Folds `count` consecutive rows starting at `first` into one [o,h,l,c,v]. */
export function foldRows(rows: Float64Array, first: number, count: number): [number, number, number, number, number] {
  let h = -Infinity;
  let l = Infinity;
  let v = 0;
  for (let m = first; m < first + count; m++) {
    h = Math.max(h, rows[m * ROW + 1] ?? -Infinity);
    l = Math.min(l, rows[m * ROW + 2] ?? Infinity);
    v += rows[m * ROW + 4] ?? 0;
  }
  return [rows[first * ROW] ?? NaN, h, l, rows[(first + count - 1) * ROW + 3] ?? NaN, v];
}

export function makeBar(key: InstrumentKey, tf: Timeframe, start: number, r: readonly number[]): Bar {
  return { key, tf, start, open: r[0] ?? 0, high: r[1] ?? 0, low: r[2] ?? 0, close: r[3] ?? 0, volume: r[4] ?? 0 };
}
