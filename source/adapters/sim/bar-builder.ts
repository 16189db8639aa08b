// Aggregation helpers: seconds -> minute OHLCV rows, and minute rows -> 5m/15m/daily bars. Rows are
// packed [open, high, low, close, volume] in a Float64Array to keep 45 days of history small.
import type { Bar, InstrumentKey, Timeframe } from '../../domain/market.js';
import type { SecondSeries } from './day-path.js';
import { SESSION_MINUTES } from './session-shape.js';

export const ROW = 5;

/** Minute rows from a second series. `everySecondTrades` is for the index, which has no trades. */
export function minuteRows(series: SecondSeries, everySecondTrades: boolean): Float64Array {
  const rows = new Float64Array(SESSION_MINUTES * ROW);
  for (let m = 0; m < SESSION_MINUTES; m++) {
    let o = NaN;
    let h = -Infinity;
    let l = Infinity;
    let c = NaN;
    let v = 0;
    for (let s = m * 60; s < m * 60 + 60; s++) {
      const q = series.qty[s] ?? 0;
      if (!everySecondTrades && q === 0) continue;
      const p = series.price[s] ?? 0;
      if (Number.isNaN(o)) o = p;
      if (p > h) h = p;
      if (p < l) l = p;
      c = p;
      v += q;
    }
    rows.set([o, h, l, c, v], m * ROW);
  }
  return rows;
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
