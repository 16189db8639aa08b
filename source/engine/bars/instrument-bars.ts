// 1m/5m/15m bars and the session's daily bar for ONE instrument, built from ticks (see docs/bars.md).
// - Buckets are anchored at the session open (09:15 IST); the caller passes only in-session ticks.
// - Volume = increase of the feed's cumulative day volume. The first tick of a session seeds the
//   baseline: its own cumulative volume counts only if it arrives in the session's first minute and
//   no bars of this session came from history (otherwise the whole day so far would land in one bar).
//   A decrease is ignored (baseline keeps its maximum) so one bad print cannot double count later.
// - A bucket with no ticks produces no bar (history APIs omit such minutes too).
// - A tick for a bucket at or before the last closed bar of a timeframe is late for that timeframe.
import type { Bar, InstrumentKey, IntradayTimeframe } from '../../domain/market.js';
import { TIMEFRAME_MS } from '../../domain/market.js';
import { addTo, BAR_FIELDS, bucketStart, F_END, F_HIGH, F_LOW, F_START, F_VOLUME, FormingBar } from './forming-bar.js';

export const BAR_TFS: readonly IntradayTimeframe[] = ['1m', '5m', '15m'];
const TF_MS: readonly number[] = BAR_TFS.map((tf) => TIMEFRAME_MS[tf]);

/** Receives every closed bar: intraday bars with their session open, and the finished daily bar ('D'). */
export type BarSink = (tfIndex: number, bar: Bar, sessionOpen: number, fromHistory: boolean) => void;
export const DAILY_INDEX = -1;

export interface TickExtras {
  readonly volume?: number | undefined;
  readonly open?: number | undefined;
  readonly high?: number | undefined;
  readonly low?: number | undefined;
}

export class InstrumentBars {
  /**
   * The three forming bars, the day bar and the last closed starts in ONE array (bars at 0, 8, 16, the
   * day at 24, lastClosed at 32..34): a tick reads a few neighbouring numbers instead of chasing boxed
   * object fields.
   */
  private readonly s = new Float64Array(4 * BAR_FIELDS + 3);
  readonly forming: FormingBar[] = BAR_TFS.map((_, i) => new FormingBar(this.s, i * BAR_FIELDS));
  /** Start of the last closed bar per timeframe (live or history); −∞ before any. */
  readonly lastClosed: Float64Array = this.s.subarray(4 * BAR_FIELDS, 4 * BAR_FIELDS + 3).fill(Number.NEGATIVE_INFINITY);
  readonly day = new FormingBar(this.s, 3 * BAR_FIELDS);
  sessionOpen = Number.NaN;
  private sessionClose = Number.NaN;
  private lastCumVol = -1;
  private dayFinal = true;
  private historyThisSession = false;

  constructor(readonly key: InstrumentKey, private readonly sink: BarSink) {}

  /**
   * Folds one in-session tick in. Returns the number of timeframes for which the tick was late
   * (0 = counted everywhere), or −1 when the tick belongs to an older session than this instrument's.
   */
  tick(ts: number, ltp: number, sessionOpen: number, sessionClose: number, x: TickExtras): number {
    if (sessionOpen !== this.sessionOpen) {
      if (sessionOpen < this.sessionOpen) return -1;
      this.startSession(sessionOpen, sessionClose);
    }
    const delta = this.volumeDelta(ts, x.volume);
    let late = 0;
    const s = this.s;
    for (let i = 0; i < 3; i++) {
      // Most ticks land in the bar already forming: [start, end) is that bucket (end is capped at the
      // session close, which no in-session tick reaches), so the bucket arithmetic below is skipped.
      const base = i * BAR_FIELDS;
      const start = s[base + F_START] as number;
      if (ts >= start && ts < (s[base + F_END] as number) && start > (s[4 * BAR_FIELDS + i] as number)) {
        addTo(s, base, ltp, delta);
        continue;
      }
      const f = this.forming[i]!;
      const b = bucketStart(ts, sessionOpen, TF_MS[i]!);
      if (b <= this.lastClosed[i]!) {
        late++;
      } else if (f.start === b) {
        f.add(ltp, delta);
      } else if (f.start < b) {
        if (f.active) this.close(i, false);
        f.begin(b, Math.min(b + TF_MS[i]!, sessionClose), sessionOpen, ltp, delta);
      } else {
        late++; // an empty bucket before the forming bar: out-of-order tick
      }
    }
    this.updateDay(ltp, delta, x);
    return late;
  }

  /** Closes every forming bar whose end is ≤ now; finishes the daily bar once the session closed. */
  closeDue(now: number): void {
    const s = this.s;
    for (let i = 0; i < 3; i++) {
      const base = i * BAR_FIELDS;
      if ((s[base + F_START] as number) >= 0 && (s[base + F_END] as number) <= now) this.close(i, false);
    }
    if (!this.dayFinal && now >= this.sessionClose) this.finishDay();
  }

  /** Earliest end among forming bars (Infinity when none). */
  nextDue(): number {
    const s = this.s;
    let m = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const base = i * BAR_FIELDS;
      const end = s[base + F_END] as number;
      if ((s[base + F_START] as number) >= 0 && end < m) m = end;
    }
    if (!this.dayFinal && this.sessionClose < m) m = this.sessionClose;
    return m;
  }

  /**
   * A history bar for timeframe index i. Closed bars replay through the sink (fromHistory); a bar still
   * forming at `cutoff` seeds the forming bar so live ticks extend it. Returns false when skipped as a
   * duplicate of an already closed bar.
   */
  history(i: number, bar: Bar, sessionOpen: number, sessionClose: number, cutoff: number): boolean {
    if (bar.start <= this.lastClosed[i]!) return false;
    if (sessionOpen >= (Number.isNaN(this.sessionOpen) ? sessionOpen : this.sessionOpen)) {
      if (sessionOpen !== this.sessionOpen) this.startSession(sessionOpen, sessionClose);
      this.historyThisSession = true;
    }
    const f = this.forming[i]!;
    const end = Math.min(bar.start + TF_MS[i]!, sessionClose);
    if (f.active && f.start <= bar.start) f.clear(); // history is complete; drop the partial live bar
    if (end > cutoff) {
      f.adopt(bar, end, sessionOpen);
      return true;
    }
    this.lastClosed[i] = bar.start;
    this.sink(i, bar, sessionOpen, true);
    return true;
  }

  private close(i: number, fromHistory: boolean): void {
    const f = this.forming[i]!;
    const bar = f.toBar(this.key, BAR_TFS[i]!);
    this.lastClosed[i] = f.start;
    const open = f.sessionOpen;
    f.clear();
    this.sink(i, bar, open, fromHistory);
  }

  private startSession(open: number, close: number): void {
    for (let i = 0; i < 3; i++) if (this.forming[i]!.active) this.close(i, false);
    if (!this.dayFinal) this.finishDay();
    this.sessionOpen = open;
    this.sessionClose = close;
    this.lastCumVol = -1;
    this.historyThisSession = false;
    this.day.clear();
    this.dayFinal = false;
  }

  private volumeDelta(ts: number, cum: number | undefined): number {
    if (cum === undefined || !(cum >= 0)) return 0;
    if (this.lastCumVol < 0) {
      this.lastCumVol = cum;
      const inFirstMinute = ts < this.sessionOpen + 60_000;
      return inFirstMinute && !this.historyThisSession ? cum : 0;
    }
    if (cum <= this.lastCumVol) return 0;
    const d = cum - this.lastCumVol;
    this.lastCumVol = cum;
    return d;
  }

  private updateDay(ltp: number, delta: number, x: TickExtras): void {
    const d = this.day;
    if (!d.active) {
      const open = x.open !== undefined && x.open > 0 ? x.open : ltp;
      d.begin(this.sessionOpen, this.sessionClose, this.sessionOpen, open, 0);
      if (open > d.high) d.high = open;
      if (open < d.low) d.low = open;
    }
    const s = this.s;
    const base = 3 * BAR_FIELDS;
    addTo(s, base, ltp, delta);
    const { high, low, volume } = x;
    if (high !== undefined && high > (s[base + F_HIGH] as number)) s[base + F_HIGH] = high;
    if (low !== undefined && low > 0 && low < (s[base + F_LOW] as number)) s[base + F_LOW] = low;
    // The feed's cumulative volume is the truth for the day; deltas only when it sends none.
    if (volume !== undefined && volume > (s[base + F_VOLUME] as number)) s[base + F_VOLUME] = volume;
  }

  /** The session's daily bar so far (null before the first tick of the session). */
  dayBar(): Bar | null {
    return this.day.active ? this.day.toBar(this.key, 'D') : null;
  }

  private finishDay(): void {
    this.dayFinal = true;
    if (this.day.active) this.sink(DAILY_INDEX, this.day.toBar(this.key, 'D'), this.sessionOpen, false);
  }
}
