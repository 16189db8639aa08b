// The one entry point the engine's wiring (backtest, --replay) uses to get bars: the layout directory
// when `data` is given, else the simulated market's history for `seed`.
import type { IsoDate } from '../../domain/time.js';
import type { BarSource } from './bar-source.js';
import { INDEX_SYMBOL } from './bar-source.js';
import { LayoutBarSource } from './layout-source.js';
import type { ParseWindow } from './layout-parse.js';
import { SimBarSource } from './sim-source.js';

export interface OpenBarSourceOptions {
  /** A layout directory (docs/backtest.md); takes precedence over `seed`. */
  readonly data?: string;
  readonly seed?: number;
  /** Equity symbols; NIFTY is added. */
  readonly symbols: readonly string[];
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly calendar: {
    isTradingDay(date: IsoDate): boolean;
    sessionTimes(date: IsoDate): { open: number; close: number } | null;
  };
}

export interface OpenedBarSource {
  readonly source: BarSource;
  /** The trading dates in [from, to] that have data, ascending. */
  readonly days: readonly IsoDate[];
  /** Trading dates in [from, to] without data (a gap in the layout). */
  readonly absent: readonly IsoDate[];
  /** Dates in the layout within [from, to] that are not trading days (skipped). */
  readonly notTrading: readonly IsoDate[];
}

export function openBarSource(o: OpenBarSourceOptions): OpenedBarSource {
  const instruments = [...o.symbols.filter((s) => s !== INDEX_SYMBOL), INDEX_SYMBOL];
  const session = (date: IsoDate): ParseWindow | null => {
    const t = o.calendar.sessionTimes(date);
    return t ? { open: t.open, close: t.close } : null;
  };
  const isTradingDay = (d: IsoDate): boolean => o.calendar.isTradingDay(d);
  let source: BarSource;
  if (o.data !== undefined) source = new LayoutBarSource({ dir: o.data, symbols: instruments, session });
  else if (o.seed !== undefined) source = new SimBarSource({ seed: o.seed, symbols: instruments, from: o.from, to: o.to, isTradingDay });
  else throw new Error('openBarSource: give a data directory or a seed');
  const have = new Set(source.dates());
  const days: IsoDate[] = [];
  const absent: IsoDate[] = [];
  for (const d of allDates(o.from, o.to)) {
    if (!isTradingDay(d)) continue;
    (have.has(d) ? days : absent).push(d);
  }
  const notTrading = [...have].filter((d) => d >= o.from && d <= o.to && !isTradingDay(d)).sort();
  return { source, days, absent, notTrading };
}

function* allDates(from: IsoDate, to: IsoDate): Generator<IsoDate> {
  // Plain calendar arithmetic on the date string's UTC midnight: no time zone is involved.
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) yield new Date(t).toISOString().slice(0, 10);
}
