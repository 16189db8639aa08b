// The equity curve as a text chart (asciichart), sized to the terminal: one column per slice of the
// run (each the slice's last sample), values in rupees. No image, no colour.
import asciichart from 'asciichart';
import { istDate } from '../../domain/time.js';
import type { EquitySample } from './metrics.js';

export interface ChartSize {
  /** Total columns available (the label gutter included). */
  readonly columns: number;
  readonly height: number;
}

/** Picks `width` points of the curve, evenly over its samples, each the last sample of its slice. */
export function downsample(values: readonly number[], width: number): number[] {
  if (values.length <= width) return [...values];
  const out: number[] = [];
  for (let i = 1; i <= width; i++) out.push(values[Math.ceil((i * values.length) / width) - 1] as number);
  return out;
}

export function equityChart(equity: readonly EquitySample[], size: ChartSize): string {
  if (equity.length === 0) return '(no equity samples)';
  const rupees = [0, ...equity.map((s) => s.equityPaise / 100)];
  // A flat line says nothing a chart could add (and asciichart would label it -0, 0, 1…).
  if (rupees.every((v) => v === rupees[0])) return `(equity flat at ₹${Math.round(rupees[0] as number).toLocaleString('en-IN')} all period: no position was held)`;
  // The gutter fits the widest label; the widest labels are those of the extremes. A loop, not a
  // spread: a long backtest has hundreds of thousands of samples (too many call arguments).
  let min = rupees[0] as number;
  let max = min;
  for (const v of rupees) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const fmt = (v: number): string => Math.round(v).toLocaleString('en-IN');
  const gutter = Math.max(fmt(min).length, fmt(max).length, 4) + 3;
  const width = Math.max(10, size.columns - gutter - 1);
  const series = downsample(rupees, width);
  const lo = Math.min(...series);
  const hi = Math.max(...series);
  const pad = gutter - 3;
  const plot = asciichart.plot(series, {
    height: Math.max(3, size.height),
    ...(lo === hi ? { min: lo - 1, max: hi + 1 } : {}),
    format: (x) => Math.round(x).toLocaleString('en-IN').padStart(pad),
  });
  // The time axis: first and last IST date under the plot's ends.
  const first = istDate((equity[0] as EquitySample).ts);
  const last = istDate((equity[equity.length - 1] as EquitySample).ts);
  const axis = first === last ? first : `${first}${' '.repeat(Math.max(1, series.length - first.length - last.length))}${last}`;
  return `${plot}\n${' '.repeat(gutter - 1)}${axis}`;
}
