// A source of historical 1-minute bars, read one IST trading date at a time so that memory stays flat
// in the length of the period: the layout directory (layout-source.ts) or the simulated market's
// history for a seed (sim-source.ts). The backtest, the engine's --replay and their history warm-up
// all read bars through this interface.
import type { IsoDate } from '../../domain/time.js';
import type { ReplayRowError } from '../feed/replay-csv.js';

/** One 1-minute bar of one instrument; `ts` is the minute's start (epoch ms). Prices in rupees. */
export interface MinuteBar {
  readonly symbol: string;
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Every requested instrument's bars of one date, ordered by time (ties in symbol-list order). */
export interface DayBars {
  readonly date: IsoDate;
  readonly bars: readonly MinuteBar[];
  /** Rows rejected while reading this date (file:line:field), already skipped. */
  readonly errors: readonly ReplayRowError[];
  /** Requested symbols with no data on this date. */
  readonly missing: readonly string[];
}

export interface BarSource {
  /** What the bars come from, for logs and reports. */
  readonly describe: string;
  /** Dates that have data, ascending (any date, not only the requested period: warm-up reads earlier ones). */
  dates(): readonly IsoDate[];
  /** The bars of one date; an empty day when the date has no data. */
  loadDay(date: IsoDate): Promise<DayBars>;
}

/** The index's file/symbol name; its bars become NSE_INDEX:NIFTY ticks. */
export const INDEX_SYMBOL = 'NIFTY';

/**
 * Merges per-symbol lists (each ascending) into one list ordered by time, equal times in the order the
 * lists were given. Bars sit on a minute grid, so a counting sort by minute is linear in the day's bars.
 */
export function sortDay(perSymbol: readonly (readonly MinuteBar[])[]): MinuteBar[] {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let n = 0;
  for (const list of perSymbol) {
    n += list.length;
    for (const b of list) {
      if (b.ts < first) first = b.ts;
      if (b.ts > last) last = b.ts;
    }
  }
  if (n === 0) return [];
  const slots = Math.floor((last - first) / 60_000) + 1;
  const count = new Int32Array(slots + 1);
  for (const list of perSymbol) for (const b of list) count[Math.floor((b.ts - first) / 60_000) + 1]! += 1;
  for (let i = 1; i <= slots; i++) count[i]! += count[i - 1]!;
  const out = new Array<MinuteBar>(n);
  for (const list of perSymbol) for (const b of list) out[count[Math.floor((b.ts - first) / 60_000)]!++] = b;
  // Off-grid timestamps share a slot with their minute: order those by exact time (stable).
  for (let i = 1; i < n; i++) if (out[i]!.ts < out[i - 1]!.ts) return out.sort((a, b) => a.ts - b.ts);
  return out;
}
