// Plays a BarSource as a Feed on the injected clock, one date at a time: each 1-minute bar becomes the
// four intrabar ticks of bars/intrabar.ts at their data timestamps (one clock timer per group of ticks
// sharing a timestamp), and the next date is read while the current one plays. On a ManualClock the
// driver awaits ready(date) before moving the clock into that date; on a wall or scaled clock the feed
// paces itself. NIFTY's bars become NSE_INDEX:NIFTY ticks. Nothing here knows who listens.
import type { Exchange, Instrument, Tick } from '../../domain/market.js';
import { instrumentKey } from '../../domain/market.js';
import type { IsoDate } from '../../domain/time.js';
import type { FeedHealth, FeedStatus } from '../../domain/view.js';
import type { Clock, TimerHandle } from '../../ports/clock.js';
import type { Feed } from '../../ports/feed.js';
import type { Logger } from '../../ports/logger.js';
import { formatRowError } from '../feed/replay-csv.js';
import type { BarSource, DayBars } from './bar-source.js';
import { columnsOf, hasColumns, type DayColumns } from './layout-columns.js';
import { BAR_TICK_OFFSETS_MS, intrabarPrice, intrabarVolume, TICKS_PER_BAR } from './intrabar.js';

export interface BarReplayFeedOptions {
  readonly source: BarSource;
  /** The dates to play, ascending (dates without data are passed over). */
  readonly dates: readonly IsoDate[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Called when a date has been read, before it plays (row errors, missing symbols, its bar count). */
  readonly onDayLoaded?: (day: DayLoaded) => void;
  /** Called after a date's last tick. */
  readonly onDayPlayed?: (date: IsoDate, bars: number) => void;
  /** Malformed rows logged one by one before switching to a summary (over the whole run). */
  readonly maxLoggedErrors?: number;
  /**
   * Emit every tick in ONE object, overwritten for the next tick (no allocation per tick). Only for
   * listeners that read a tick during the call and keep nothing of the object itself (MarketData.ingest
   * does so); the backtest, which wires exactly that listener, turns it on. Default false.
   */
  readonly reuseTick?: boolean;
}

/** What onDayLoaded reports of a date just read. */
export type DayLoaded = Omit<DayBars, 'bars'> & { readonly barCount: number };

type MutableTick = { -readonly [K in keyof Tick]: Tick[K] };

interface Target {
  readonly key: string;
  readonly symbol: string;
  readonly exchange: Exchange;
  /** Where this instrument's ticks go instead of the listeners (bindTickInputs), else null. */
  readonly input: TickInput | null;
}

/** One instrument's tick as plain numbers: time, last price, cumulative day volume. */
export type TickInput = (ts: number, ltp: number, volume: number | undefined) => void;

export class BarReplayFeed implements Feed {
  private readonly listeners: Array<(t: Tick) => void> = [];
  private resolveInput: ((i: Instrument) => TickInput | null) | null = null;
  private readonly rejected: Record<string, number> = {};
  private readonly targets = new Map<string, Target>();
  private readonly loads = new Map<IsoDate, Promise<DayColumns>>();
  private readonly loaded = new Map<IsoDate, () => void>();
  private readonly readyPromises = new Map<IsoDate, Promise<void>>();
  private phase: 'idle' | 'playing' | 'finished' | 'stopped' = 'idle';
  private dayNo = -1;
  /** The day playing, as columns (layout-columns.ts): no object per bar. */
  private cols: DayColumns = columnsOf({ date: '', bars: [], errors: [], missing: [] });
  /** Per bar of the day, the day volume before it (set at its first tick). */
  private bases = new Float64Array(0);
  /** Per symbol index of the day's columns, its instrument (null when not subscribed). */
  private dayTargets: (Target | null)[] = [];
  /** Per symbol index of the day's columns, its cumulative volume so far (at its name's first index). */
  private cum = new Float64Array(0);
  private cumSlot = new Int32Array(0);
  private group = 0;
  private groupEnd = 0;
  private tickNo = 0;
  private timer: TimerHandle | null = null;
  private ticks = 0;
  private barsPlayed = 0;
  private lastTickAt: number | null = null;
  private message: string | undefined;
  private loggedErrors = 0;
  private finish!: () => void;
  private readonly finished = new Promise<void>((resolve) => (this.finish = resolve));
  private readonly shared: MutableTick = { key: '', symbol: '', exchange: 'NSE', ltp: 0, ts: 0, volume: 0 };

  constructor(private readonly o: BarReplayFeedOptions) {
    for (const d of o.dates) this.readyPromises.set(d, new Promise<void>((resolve) => this.loaded.set(d, resolve)));
  }

  async start(instruments: readonly Instrument[]): Promise<void> {
    if (this.phase !== 'idle') throw new Error('BarReplayFeed.start called twice');
    for (const i of instruments) {
      this.targets.set(i.symbol, { key: instrumentKey(i), symbol: i.symbol, exchange: i.exchange, input: this.resolveInput?.(i) ?? null });
    }
    this.phase = 'playing';
    this.o.logger.info('bar replay: playing', { source: this.o.source.describe, days: this.o.dates.length });
    await this.nextDay();
  }

  async stop(): Promise<void> {
    if (this.timer) this.o.clock.clear(this.timer);
    this.timer = null;
    if (this.phase !== 'finished') {
      this.phase = 'stopped';
      this.message = 'stopped';
    }
    for (const resolve of this.loaded.values()) resolve();
    this.finish();
  }

  /** Resolves once `date` has been read and its first tick is scheduled (or the feed ended). */
  ready(date: IsoDate): Promise<void> {
    return this.readyPromises.get(date) ?? Promise.resolve();
  }

  /** Resolves when the last date has played (or the feed was stopped). */
  done(): Promise<void> {
    return this.finished;
  }

  onTick(listener: (tick: Tick) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Optional fast path (call before start): each instrument for which `resolve` gives an input gets its
   * ticks through that input — plain numbers, no Tick object — INSTEAD of the onTick listeners; the
   * others still go to the listeners. For a sole consumer that can take ticks so (MarketData.tickInput).
   */
  bindTickInputs(resolve: (instrument: Instrument) => TickInput | null): void {
    if (this.phase !== 'idle') throw new Error('BarReplayFeed.bindTickInputs must be called before start');
    this.resolveInput = resolve;
  }

  health(): FeedHealth {
    const status: FeedStatus = this.phase === 'playing' ? 'LIVE' : this.phase === 'idle' ? 'CONNECTING' : 'DOWN';
    const h: FeedHealth = { status, source: 'replay', lastTickAt: this.lastTickAt, ticks: this.ticks, staleSymbols: 0, rejected: { ...this.rejected }, reconnects: 0 };
    return this.message === undefined ? h : { ...h, message: this.message };
  }

  /** Bars played so far (each is four ticks). */
  barCount(): number {
    return this.barsPlayed;
  }

  private load(i: number): Promise<DayColumns> | null {
    const date = this.o.dates[i];
    if (date === undefined) return null;
    let p = this.loads.get(date);
    if (!p) {
      const src = this.o.source;
      p = hasColumns(src) ? src.loadDayColumns(date) : src.loadDay(date).then(columnsOf);
      this.loads.set(date, p);
    }
    return p;
  }

  private async nextDay(): Promise<void> {
    for (;;) {
      if (this.phase !== 'playing') return;
      this.dayNo++;
      const pending = this.load(this.dayNo);
      if (pending === null) {
        this.phase = 'finished';
        this.message = `replay finished (${this.barsPlayed} bars)`;
        this.o.logger.info('bar replay: finished', { bars: this.barsPlayed, ticks: this.ticks });
        this.finish();
        return;
      }
      let day: DayColumns;
      try {
        day = await pending;
      } catch (e) {
        this.o.logger.error(`bar replay: ${this.o.dates[this.dayNo]}: ${(e as Error).message}; the date is skipped`);
        day = columnsOf({ date: this.o.dates[this.dayNo] as IsoDate, bars: [], errors: [], missing: [] });
      }
      this.loads.delete(day.date);
      // Read ahead: the next date loads while this one plays.
      void this.load(this.dayNo + 1)?.catch(() => {});
      this.reportErrors(day);
      this.o.onDayLoaded?.({ date: day.date, errors: day.errors, missing: day.missing, barCount: day.n });
      if (this.phase !== 'playing') return;
      this.cols = day;
      this.bases = new Float64Array(day.n);
      this.dayTargets = day.symbols.map((s) => this.targets.get(s) ?? null);
      this.cum = new Float64Array(day.symbols.length);
      // A name listed twice shares one day volume, as it did when the volume was kept per name.
      this.cumSlot = Int32Array.from(day.symbols, (s) => day.symbols.indexOf(s));
      this.group = 0;
      this.groupEnd = 0;
      this.tickNo = 0;
      if (day.n > 0) {
        this.scheduleGroup();
        this.loaded.get(day.date)?.();
        return;
      }
      this.loaded.get(day.date)?.();
      this.o.onDayPlayed?.(day.date, 0);
    }
  }

  /** Schedules the current tick group (bars[group..groupEnd) at offset tickNo). */
  private scheduleGroup(): void {
    const c = this.cols;
    if (this.tickNo === 0) {
      const ts = c.ts[this.group] as number;
      let end = this.group + 1;
      while (end < c.n && c.ts[end] === ts) end++;
      this.groupEnd = end;
    }
    const at = (c.ts[this.group] as number) + (BAR_TICK_OFFSETS_MS[this.tickNo] as number);
    this.timer = this.o.clock.setTimeout(() => this.playGroup(), Math.max(0, at - this.o.clock.now()));
  }

  private playGroup(): void {
    this.timer = null;
    if (this.phase !== 'playing') return;
    const i = this.tickNo;
    for (let b = this.group; b < this.groupEnd; b++) this.emit(b, i);
    if (++this.tickNo < TICKS_PER_BAR) return this.scheduleGroup();
    this.barsPlayed += this.groupEnd - this.group;
    this.tickNo = 0;
    this.group = this.groupEnd;
    if (this.group < this.cols.n) return this.scheduleGroup();
    const date = this.o.dates[this.dayNo] as IsoDate;
    this.cols = columnsOf({ date, bars: [], errors: [], missing: [] });
    this.dayTargets = [];
    this.o.onDayPlayed?.(date, this.group);
    void this.nextDay();
  }

  private emit(k: number, i: number): void {
    const c = this.cols;
    const sym = c.sym[k] as number;
    const t = this.dayTargets[sym] as Target | null;
    if (t === null) {
      if (i === 0) this.rejected.unknown_symbol = (this.rejected.unknown_symbol ?? 0) + 1;
      return;
    }
    const vol = c.volume[k] as number;
    let base: number;
    if (i === 0) {
      const slot = this.cumSlot[sym] as number;
      base = this.cum[slot] as number;
      this.bases[k] = base;
      this.cum[slot] = base + vol;
    } else {
      base = this.bases[k] as number;
    }
    const ltp = intrabarPrice(i, c.open[k] as number, c.high[k] as number, c.low[k] as number, c.close[k] as number);
    const ts = (c.ts[k] as number) + (BAR_TICK_OFFSETS_MS[i] as number);
    const volume = intrabarVolume(i, base, vol);
    this.ticks++;
    this.lastTickAt = this.o.clock.now();
    const input = t.input;
    if (input !== null) {
      try {
        input(ts, ltp, volume);
      } catch (err) {
        this.o.logger.error('bar replay: tick listener threw', { error: String(err), symbol: t.key });
      }
      return;
    }
    let tick: Tick;
    if (this.o.reuseTick === true) {
      const s = this.shared;
      s.key = t.key;
      s.symbol = t.symbol;
      s.exchange = t.exchange;
      s.ltp = ltp;
      s.ts = ts;
      s.volume = volume;
      tick = s;
    } else {
      tick = { key: t.key, symbol: t.symbol, exchange: t.exchange, ltp, ts, volume };
    }
    for (const l of this.listeners) {
      try {
        l(tick);
      } catch (err) {
        this.o.logger.error('bar replay: tick listener threw', { error: String(err), symbol: t.key });
      }
    }
  }

  private reportErrors(day: DayColumns): void {
    if (day.errors.length === 0) return;
    this.rejected.malformed_row = (this.rejected.malformed_row ?? 0) + day.errors.length;
    const max = this.o.maxLoggedErrors ?? 20;
    for (const e of day.errors) {
      if (this.loggedErrors++ < max) this.o.logger.warn(`bar replay: row rejected: ${formatRowError(e)}`, { file: e.file, line: e.line, field: e.field });
    }
    if (this.loggedErrors > max) this.o.logger.warn(`bar replay: ${day.date}: ${day.errors.length} malformed rows skipped`, { total: this.rejected.malformed_row });
  }
}
