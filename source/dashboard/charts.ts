// What the two line charts draw: the followed position's price with its entry and trailing stop, and the
// day's equity. Series are resampled onto evenly spaced instants so every line shares one x axis with
// IST HH:MM labels; y bounds are padded and never collapse to a zero-height range.
import { formatInr, fromPaise } from '../domain/money.js';
import { istDate, istInstant, istTime } from '../domain/time.js';
import { dayChargesPaise, dayPnlPaise, type DashState } from './model.js';
import { valueAt, type Series } from './series.js';

export interface LineSeries {
  readonly title: string;
  readonly x: readonly string[];
  readonly y: readonly number[];
}

export interface LineChartData {
  readonly label: string;
  /** For a narrow chart: the same facts, fewer words. */
  readonly shortLabel: string;
  readonly series: readonly LineSeries[];
  readonly minY: number;
  readonly maxY: number;
}

export interface Bounds {
  readonly min: number;
  readonly max: number;
}

/**
 * Bounds around the values with 10 % padding on each side; a flat or empty set gets at least `minSpan`
 * of height centred on it, so a chart never divides by zero.
 */
export function yBounds(values: readonly number[], minSpan: number): Bounds {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { min: -minSpan / 2, max: minSpan / 2 };
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = Math.max((hi - lo) * 0.1, (minSpan - (hi - lo)) / 2, 0);
  const min = lo - pad;
  const max = hi + pad;
  return max > min ? { min, max } : { min: lo - Math.max(minSpan, 1e-6) / 2, max: hi + Math.max(minSpan, 1e-6) / 2 };
}

/** n evenly spaced instants from t0 to t1 inclusive (n ≥ 2; a degenerate range becomes a minute wide). */
export function timeGrid(t0: number, t1: number, n: number): number[] {
  const count = Math.max(2, Math.floor(n));
  const end = t1 > t0 ? t1 : t0 + 60_000;
  return Array.from({ length: count }, (_, i) => Math.round(t0 + ((end - t0) * i) / (count - 1)));
}

export const hhmm = (t: number): string => istTime(t).slice(0, 5);

/** IST HH:MM labels; HH:MM:SS when the grid spans under ten minutes (else every label would repeat). */
export function timeLabels(grid: readonly number[]): string[] {
  const span = (grid[grid.length - 1] ?? 0) - (grid[0] ?? 0);
  return grid.map((t) => (span < 10 * 60_000 ? istTime(t) : hhmm(t)));
}

/** Straight lines between known points; before the first or after the last, the nearest known value. */
export function linearAt(series: Series, t: number): number | null {
  const pts = series.points;
  if (pts.length === 0) return null;
  if (t <= pts[0]!.t) return pts[0]!.v;
  for (let i = 1; i < pts.length; i++) {
    const b = pts[i]!;
    if (t <= b.t) {
      const a = pts[i - 1]!;
      return a.v + ((b.v - a.v) * (t - a.t)) / (b.t - a.t);
    }
  }
  return pts[pts.length - 1]!.v;
}

const signed = (rupees: number, decimals = 2): string => (rupees > 0 ? `+${formatInr(rupees, decimals)}` : formatInr(rupees, decimals));

/** Price, entry and stop of the followed position; null when nothing has been followed yet. */
export function priceChart(state: DashState, points: number): LineChartData | null {
  const f = state.followed;
  const now = state.view?.clock.now;
  if (!f || now === undefined) return null;
  const prices = state.prices[f.id];
  const stops = state.stops[f.id];
  const grid = timeGrid(f.entryTime, f.closedAt ?? now, points);
  const x = timeLabels(grid);
  // Prices are sampled: join them with straight lines. Stops move in steps: hold each until the next.
  const price = grid.map((t) => (prices ? linearAt(prices, t) : null) ?? f.lastPrice);
  const stop = grid.map((t) => (stops ? (valueAt(stops, t) ?? stops.points[0]?.v) : null) ?? f.stop);
  const entry = grid.map(() => f.entryPrice);
  const b = yBounds([...price, ...stop, f.entryPrice], Math.max(f.entryPrice * 0.004, 0.5));
  const state_ = f.closedAt !== null ? ' · CLOSED' : '';
  const label = `${f.symbol} ${f.side} ×${f.qty} S${f.strategy} · entry ${formatInr(f.entryPrice)} · stop ${formatInr(f.stop)} · ${signed(fromPaise(f.unrealizedPaise), 0)}${state_}`;
  const shortLabel = `${f.symbol} ${f.side} ×${f.qty} · stop ${formatInr(f.stop)} · ${signed(fromPaise(f.unrealizedPaise), 0)}${state_}`;
  return {
    label,
    shortLabel,
    series: [
      { title: 'stop', x, y: stop },
      { title: 'entry', x, y: entry },
      { title: 'price', x, y: price },
    ],
    minY: b.min,
    maxY: b.max,
  };
}

/** The day's equity (realised net of charges + unrealised) from the session open to now, held between samples. */
export function equityChart(state: DashState, points: number): LineChartData | null {
  const view = state.view;
  if (!view) return null;
  const now = view.clock.now;
  const first = state.equity.points[0]?.t ?? now;
  const t0 = Math.min(first, istInstant(istDate(now), '09:15'));
  const grid = timeGrid(Math.min(t0, now), now, points);
  const y = grid.map((t) => valueAt(state.equity, t) ?? 0);
  const b = yBounds([...y, 0], 100);
  const c = view.constraints;
  const day = fromPaise(dayPnlPaise(view));
  const realised = fromPaise(c.realizedPaise - dayChargesPaise(view));
  const label = `Equity ${signed(day, 0)} · realised ${signed(realised, 0)} · open ${signed(fromPaise(c.unrealizedPaise), 0)}`;
  const shortLabel = `Equity ${signed(day, 0)}`;
  return { label, shortLabel, series: [{ title: 'equity', x: timeLabels(grid), y }], minY: b.min, maxY: b.max };
}
