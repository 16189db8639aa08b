// The market-data pipeline: ticks → 1m/5m/15m bars → features, plus history warm-up through the same
// code. Implements MarketDataView for the scanner, risk gate and monitor. Pure: time comes from tick
// timestamps, from closeDue(now) (called by the engine every second) and from the optional `now`.
// See docs/bars.md for bar semantics and docs/strategies.md for every feature's definition.
import type { DailyFeatures, TimeframeFeatures, Trend } from '../domain/features.js';
import type { Bar, Exchange, IntradayTimeframe, Tick, Timeframe } from '../domain/market.js';
import { equity, instrumentKey, NIFTY, TIMEFRAME_MS } from '../domain/market.js';
import type { Logger } from '../ports/logger.js';
import { silentLogger } from '../ports/logger.js';
import { BAR_TFS, DAILY_INDEX, InstrumentBars, type TickExtras } from './bars/instrument-bars.js';
import { DailyHistory } from './indicators/daily-features.js';
import { NiftyTrend, type NiftyTrendOptions } from './indicators/nifty-trend.js';
import type { SessionStatsOptions } from './indicators/session-stats.js';
import { TimeframeFeatureCalc } from './indicators/timeframe-features.js';
import type { BarCloseEvent, MarketDataView } from './market-data-view.js';

export interface MarketDataOptions {
  readonly symbols: readonly string[];
  /** 09:15 of the session containing ms, null if none. */
  readonly sessionOpenMs: (ms: number) => number | null;
  /** 15:30 of the session containing ms, null if none. */
  readonly sessionCloseMs: (ms: number) => number | null;
  readonly logger?: Logger;
  /** Engine clock; used for lastTickAt, for "today" in daily() and as the warm-up cut-off. */
  readonly now?: () => number;
  /** Range-bar thresholds used for isRangeBullish/Bearish (defaults 0.7, 0.5, 30 minutes). */
  readonly rangeBars?: SessionStatsOptions;
  readonly niftyTrend?: NiftyTrendOptions;
  /** Bars in the ATR that sizes and trails stops (config exits.atrPeriod; default 14). */
  readonly stopAtrPeriod?: number;
}

/** One instrument's ticks without a Tick object: time, last price, the feed's cumulative day volume. */
export type TickInput = (ts: number, ltp: number, volume: number | undefined) => void;

export interface MarketDataStats {
  ticks: number;
  unknownSymbol: number;
  invalid: number;
  outsideSession: number;
  late: number;
  historyRejected: number;
  listenerErrors: number;
}

class Instrument {
  lastPrice: number | null = null;
  lastTickAt: number | null = null;
  prevClose: number | null = null;
  readonly daily = new DailyHistory(10);
  readonly calc: (TimeframeFeatureCalc | null)[];
  readonly features: (TimeframeFeatures | null)[] = [null, null, null];
  bars!: InstrumentBars;
  constructor(readonly symbol: string, readonly isIndex: boolean, rangeOpts: SessionStatsOptions, stopAtrPeriod: number) {
    this.calc = isIndex ? [null, null, null] : [null, new TimeframeFeatureCalc('5m', rangeOpts, stopAtrPeriod), new TimeframeFeatureCalc('15m', rangeOpts, stopAtrPeriod)];
  }
}

const TF_INDEX: Record<IntradayTimeframe, number> = { '1m': 0, '5m': 1, '15m': 2 };

export class MarketData implements MarketDataView {
  private readonly opts: MarketDataOptions;
  private readonly log: Logger;
  private readonly list: readonly string[];
  private readonly bySymbol = new Map<string, Instrument>();
  private readonly nifty: Instrument;
  /** NIFTY, then the equities in universe order (closeDue walks these every minute). */
  private readonly everyInstrument: readonly Instrument[];
  private readonly trend: NiftyTrend;
  private readonly listeners: ((e: BarCloseEvent) => void)[] = [];
  private curOpen = Number.NaN;
  private curClose = Number.NaN;
  private latest = Number.NEGATIVE_INFINITY;
  private nextDue = Number.POSITIVE_INFINITY;
  private replaying = false;
  readonly counters: MarketDataStats = {
    ticks: 0, unknownSymbol: 0, invalid: 0, outsideSession: 0, late: 0, historyRejected: 0, listenerErrors: 0,
  };

  constructor(opts: MarketDataOptions) {
    this.opts = opts;
    this.log = opts.logger ?? silentLogger;
    this.trend = new NiftyTrend(opts.niftyTrend);
    const rangeOpts = opts.rangeBars ?? {};
    this.nifty = this.makeInstrument(NIFTY.symbol, true, rangeOpts);
    const list: string[] = [];
    for (const s of opts.symbols) {
      if (s === NIFTY.symbol || this.bySymbol.has(s)) continue;
      this.bySymbol.set(s, this.makeInstrument(s, false, rangeOpts));
      list.push(s);
    }
    this.list = list;
    this.everyInstrument = [this.nifty, ...this.bySymbol.values()];
  }

  private makeInstrument(symbol: string, isIndex: boolean, rangeOpts: SessionStatsOptions): Instrument {
    const inst = new Instrument(symbol, isIndex, rangeOpts, this.opts.stopAtrPeriod ?? 14);
    const key = isIndex ? instrumentKey(NIFTY) : instrumentKey(equity(symbol));
    inst.bars = new InstrumentBars(key, (i, bar, open, fromHistory) => this.onBar(inst, i, bar, open, fromHistory));
    return inst;
  }

  // ---- hot path -------------------------------------------------------------------------------

  /** Folds one tick in. `receivedAt` (engine clock) becomes lastTickAt; defaults to the tick's own time. */
  ingest(tick: Tick, receivedAt?: number): void {
    this.counters.ticks++;
    const inst = this.lookup(tick.symbol, tick.exchange);
    if (inst === undefined) {
      this.counters.unknownSymbol++;
      return;
    }
    this.fold(inst, tick.ts, tick.ltp, tick.prevClose, receivedAt, tick);
  }

  /**
   * A pre-resolved input for one instrument, for feeds that know their instruments up front:
   * input(ts, ltp, volume) is exactly ingest({ symbol, exchange, ts, ltp, volume }) without finding the
   * instrument by name on every tick. null for an instrument outside the universe (ingest would count
   * its ticks as unknown: give those to ingest).
   */
  tickInput(symbol: string, exchange: Exchange): TickInput | null {
    const inst = this.lookup(symbol, exchange);
    if (inst === undefined) return null;
    const extras: { volume: number | undefined } = { volume: undefined };
    return (ts, ltp, volume) => {
      this.counters.ticks++;
      extras.volume = volume;
      this.fold(inst, ts, ltp, undefined, undefined, extras);
    };
  }

  private lookup(symbol: string, exchange: Exchange): Instrument | undefined {
    return exchange === 'NSE_INDEX' ? (symbol === NIFTY.symbol ? this.nifty : undefined) : this.bySymbol.get(symbol);
  }

  private fold(inst: Instrument, ts: number, ltp: number, prevClose: number | undefined, receivedAt: number | undefined, x: TickExtras): void {
    if (!(ltp > 0) || !Number.isFinite(ltp) || !Number.isFinite(ts)) {
      this.counters.invalid++;
      if (this.counters.invalid <= 10) this.log.warn('market-data: invalid tick dropped', { symbol: inst.symbol, ltp, ts });
      return;
    }
    inst.lastPrice = ltp;
    const at = receivedAt ?? ts;
    if (inst.lastTickAt === null || at > inst.lastTickAt) inst.lastTickAt = at;
    if (prevClose !== undefined && prevClose > 0) inst.prevClose = prevClose;
    if (ts > this.latest) this.latest = ts;
    if (!(ts >= this.curOpen && ts < this.curClose) && !this.resolveSession(ts)) {
      this.counters.outsideSession++;
      return;
    }
    const late = inst.bars.tick(ts, ltp, this.curOpen, this.curClose, x);
    if (late !== 0) this.counters.late++;
    const due = inst.bars.nextDue();
    if (due < this.nextDue) this.nextDue = due;
  }

  /** Closes every bar whose end is at or before `now` (and finishes daily bars after the close). */
  closeDue(now: number): void {
    if (now > this.latest) this.latest = now;
    if (now < this.nextDue) return;
    let next = Number.POSITIVE_INFINITY;
    for (const inst of this.everyInstrument) {
      inst.bars.closeDue(now);
      const d = inst.bars.nextDue();
      if (d < next) next = d;
    }
    this.nextDue = next;
  }

  private resolveSession(ts: number): boolean {
    const open = this.opts.sessionOpenMs(ts);
    const close = open === null ? null : this.opts.sessionCloseMs(ts);
    if (open === null || close === null || ts < open || ts >= close) return false;
    this.curOpen = open;
    this.curClose = close;
    return true;
  }


  // ---- bar close ------------------------------------------------------------------------------

  private onBar(inst: Instrument, i: number, bar: Bar, sessionOpen: number, fromHistory: boolean): void {
    if (i === DAILY_INDEX) {
      inst.daily.add(bar);
      return;
    }
    let features: TimeframeFeatures | null = null;
    const calc = inst.calc[i];
    if (calc) {
      features = calc.update(bar, sessionOpen, inst.daily.asOf(bar.start));
      inst.features[i] = features;
    } else if (inst.isIndex && i === 2) {
      this.trend.next(bar.high, bar.low, bar.close);
    }
    if (this.listeners.length === 0) return;
    const e: BarCloseEvent = { symbol: inst.symbol, tf: BAR_TFS[i]!, bar, features, fromHistory: fromHistory || this.replaying };
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.counters.listenerErrors++;
        this.log.error('market-data: bar-close listener threw', { symbol: inst.symbol, tf: e.tf, error: String(err) });
      }
    }
  }

  // ---- warm-up --------------------------------------------------------------------------------

  /**
   * Replays history bars (oldest first; they are sorted here) through the same indicator code, emitting
   * BarCloseEvents with fromHistory: true. Load 'D' first (vrp of today's bars needs it), then 15m/5m/1m.
   * Bars already closed for this timeframe are skipped (seam with live bars); a bar still forming at
   * `now` (default: the engine clock, else the latest time seen) seeds the forming bar instead.
   * Throws for an unknown symbol; bad bars are counted, logged and skipped.
   */
  warmUp(symbol: string, tf: Timeframe, bars: readonly Bar[], now?: number): void {
    const inst = symbol === NIFTY.symbol ? this.nifty : this.bySymbol.get(symbol);
    if (inst === undefined) throw new Error(`warmUp: unknown symbol '${symbol}' (not in the universe)`);
    const sorted = [...bars].sort((a, b) => a.start - b.start);
    if (tf === 'D') {
      for (const b of sorted) if (this.validBar(symbol, tf, b)) inst.daily.add(b);
      return;
    }
    const i = TF_INDEX[tf];
    const tfMs = TIMEFRAME_MS[tf];
    const cutoff = now ?? this.opts.now?.() ?? (Number.isFinite(this.latest) ? this.latest : Number.POSITIVE_INFINITY);
    this.replaying = true;
    try {
      let open: number | null = null;
      let close: number | null = null;
      for (const b of sorted) {
        if (!this.validBar(symbol, tf, b)) continue;
        // Bars come sorted, so the calendar is asked once per session rather than once per bar.
        if (open === null || close === null || b.start < open || b.start >= close) {
          open = this.opts.sessionOpenMs(b.start);
          close = open === null ? null : this.opts.sessionCloseMs(b.start);
        }
        if (open === null || close === null || b.start < open || b.start >= close || (b.start - open) % tfMs !== 0) {
          this.reject(symbol, tf, b, 'not aligned to a session bar');
          continue;
        }
        inst.bars.history(i, b, open, close, cutoff);
      }
    } finally {
      this.replaying = false;
    }
    const due = inst.bars.nextDue();
    if (due < this.nextDue) this.nextDue = due;
  }

  private validBar(symbol: string, tf: Timeframe, b: Bar): boolean {
    const ok = Number.isFinite(b.start) && Number.isFinite(b.open) && Number.isFinite(b.high) &&
      Number.isFinite(b.low) && Number.isFinite(b.close) && Number.isFinite(b.volume) &&
      b.low > 0 && b.high >= b.low && b.open >= b.low && b.open <= b.high && b.close >= b.low && b.close <= b.high && b.volume >= 0;
    if (!ok) this.reject(symbol, tf, b, 'invalid OHLCV');
    return ok;
  }

  private reject(symbol: string, tf: Timeframe, b: Bar, why: string): void {
    this.counters.historyRejected++;
    this.log.warn(`market-data: history bar skipped: ${why}`, { symbol, tf, start: b.start });
  }

  // ---- reads ----------------------------------------------------------------------------------

  symbols(): readonly string[] {
    return this.list;
  }
  private get(symbol: string): Instrument | undefined {
    return symbol === NIFTY.symbol ? this.nifty : this.bySymbol.get(symbol);
  }
  lastPrice(symbol: string): number | null {
    return this.get(symbol)?.lastPrice ?? null;
  }
  lastTickAt(symbol: string): number | null {
    return this.get(symbol)?.lastTickAt ?? null;
  }
  prevClose(symbol: string): number | null {
    return this.get(symbol)?.prevClose ?? null;
  }
  features(symbol: string, tf: '5m' | '15m'): TimeframeFeatures | null {
    return this.bySymbol.get(symbol)?.features[TF_INDEX[tf]] ?? null;
  }
  atr(symbol: string, tf: '5m' | '15m'): number | null {
    return this.bySymbol.get(symbol)?.calc[TF_INDEX[tf]]?.atr ?? null;
  }
  daily(symbol: string): DailyFeatures | null {
    const at = this.opts.now?.() ?? this.latest;
    return this.get(symbol)?.daily.asOf(Number.isFinite(at) ? at : Number.POSITIVE_INFINITY) ?? null;
  }
  niftyTrend(): Trend | null {
    return this.trend.value;
  }
  onBarClose(listener: (e: BarCloseEvent) => void): void {
    this.listeners.push(listener);
  }
  /** The current session's daily bar built from ticks (null before the first tick). */
  sessionBar(symbol: string): Bar | null {
    return this.get(symbol)?.bars.dayBar() ?? null;
  }
  stats(): Readonly<MarketDataStats> {
    return { ...this.counters };
  }
}
