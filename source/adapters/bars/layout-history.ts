// A HistorySource over a BarSource, for warm-up exactly as the live engine asks OpenAlgo's /history
// (app/engine/warm-up.ts: daily bars for ~60 calendar days, 5m and 15m bars for ~12 sessions). 1-minute
// bars are folded into 5m/15m bars aligned to the 09:15 open and into one daily bar per session. Each
// date is read once for every instrument (warm-up asks per instrument and timeframe) and kept until
// release(); only bars complete at `asOf` are answered, so nothing leaks from the future.
import type { Bar, Instrument, Timeframe } from '../../domain/market.js';
import { equity, instrumentKey, NIFTY, TIMEFRAME_MS } from '../../domain/market.js';
import { istDate, type IsoDate } from '../../domain/time.js';
import type { HistorySource } from '../../ports/feed.js';
import { INDEX_SYMBOL, type BarSource, type MinuteBar } from './bar-source.js';

export interface BarHistoryOptions {
  readonly source: BarSource;
  /** Bars ending after this instant (epoch ms) are not returned. */
  readonly asOf: number;
  /** 09:15 IST of a date's session (the alignment of 5m/15m bars and a daily bar's start); null if none. */
  readonly sessionOpen: (date: IsoDate) => number | null;
}

type Folded = { readonly m5: Bar[] | null; readonly m15: Bar[] | null; readonly d: Bar | null };
/** Dates before `asOf` read once for daily and intraday bars (warm-up's intraday history is 12 sessions). */
const INTRADAY_SESSIONS = 16;
/** 09:15–15:30: a daily bar is complete at the close. */
const SESSION_MS = 375 * 60_000;

/** Folds ascending 1-minute bars into `tf` bars aligned to `open` (a bucket with any minute makes a bar). */
export function foldMinutes(key: string, bars: readonly MinuteBar[], tf: '1m' | '5m' | '15m' | 'D', open: number): Bar[] {
  const out: Bar[] = [];
  let cur: { start: number; open: number; high: number; low: number; close: number; volume: number } | null = null;
  for (const b of bars) {
    const start = tf === 'D' ? open : open + Math.floor((b.ts - open) / TIMEFRAME_MS[tf]) * TIMEFRAME_MS[tf];
    if (cur !== null && cur.start === start) {
      if (b.high > cur.high) cur.high = b.high;
      if (b.low < cur.low) cur.low = b.low;
      cur.close = b.close;
      cur.volume += b.volume;
      continue;
    }
    if (cur !== null) out.push({ key, tf, ...cur });
    cur = { start, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume };
  }
  if (cur !== null) out.push({ key, tf, ...cur });
  return out;
}

export class BarHistory implements HistorySource {
  /**
   * Per date, folded bars per symbol. A date is read once for both kinds when it is among the last
   * INTRADAY_SESSIONS dates before `asOf` (warm-up asks those for 5m/15m and all for D); an older date
   * folds only its daily bar, and a 5m/15m request for it (none from warm-up) reads it again.
   */
  private readonly days = new Map<string, Promise<Map<string, Folded>>>();
  private recent: ReadonlySet<string> | null = null;

  constructor(private readonly o: BarHistoryOptions) {}

  async history(instrument: Instrument, interval: Timeframe, fromDate: string, toDate: string): Promise<Bar[]> {
    const key = instrumentKey(instrument);
    const out: Bar[] = [];
    for (const date of this.o.source.dates()) {
      if (date < fromDate || date > toDate) continue;
      const open = this.o.sessionOpen(date);
      if (open === null) continue;
      let bars: readonly Bar[];
      if (interval === '1m') {
        // Not cached: warm-up never asks for 1m, and a day of 1m bars for every symbol is the bulk of the data.
        const day = await this.o.source.loadDay(date);
        bars = foldMinutes(key, day.bars.filter((b) => b.symbol === instrument.symbol), '1m', open);
      } else {
        const f = (await this.day(date, open, interval !== 'D')).get(instrument.symbol);
        if (!f) continue;
        bars = interval === 'D' ? (f.d ? [f.d] : []) : ((interval === '5m' ? f.m5 : f.m15) ?? []);
      }
      const span = interval === 'D' ? null : TIMEFRAME_MS[interval];
      for (const b of bars) {
        // A daily bar is complete at the session's close, an intraday bar at its end.
        const end = span === null ? open + SESSION_MS : b.start + span;
        if (end <= this.o.asOf) out.push(b);
      }
    }
    return out;
  }

  /** Drops the dates read so far (call after warm-up). */
  release(): void {
    this.days.clear();
  }

  private isRecent(date: IsoDate): boolean {
    if (this.recent === null) {
      const upTo = istDate(this.o.asOf);
      this.recent = new Set(this.o.source.dates().filter((d) => d <= upTo).slice(-INTRADAY_SESSIONS));
    }
    return this.recent.has(date);
  }

  private day(date: IsoDate, open: number, intraday: boolean): Promise<Map<string, Folded>> {
    const both = this.isRecent(date);
    const id = both || !intraday ? date : `${date}|I`;
    let p = this.days.get(id);
    if (!p) {
      const withDaily = id === date;
      const withIntraday = both || intraday;
      p = this.o.source.loadDay(date).then((day) => {
        const by = new Map<string, MinuteBar[]>();
        for (const b of day.bars) {
          let list = by.get(b.symbol);
          if (!list) by.set(b.symbol, (list = []));
          list.push(b);
        }
        const folded = new Map<string, Folded>();
        for (const [symbol, m1] of by) {
          const key = symbol === INDEX_SYMBOL ? instrumentKey(NIFTY) : instrumentKey(equity(symbol));
          folded.set(symbol, {
            m5: withIntraday ? foldMinutes(key, m1, '5m', open) : null,
            m15: withIntraday ? foldMinutes(key, m1, '15m', open) : null,
            d: withDaily ? (foldMinutes(key, m1, 'D', open)[0] ?? null) : null,
          });
        }
        return folded;
      });
      this.days.set(id, p);
    }
    return p;
  }
}
