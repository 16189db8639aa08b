// The sim date's market at one-second resolution without holding 22,500 seconds per symbol: each
// symbol keeps its 1m rows, a running [volume, turnover, high, low] before every minute and the
// path's cursor at every minute's start (≈ 40 KB instead of 360 KB); a quote or a tick regenerates
// the one minute it needs (60 seconds, cached per symbol). NIFTY, a sum over every constituent, keeps
// its seconds. Same seed → the same seconds as generating the whole day at once.
import type { Exchange } from '../../domain/market.js';
import type { DayPathInput } from './day-path.js';
import { SESSION_MINUTES } from './session-shape.js';
import { replayMinute, type MinuteCheckpoints } from './symbol-day.js';

/** One equity's live day: enough to regenerate any of its minutes. */
export interface TodaySymbol {
  readonly input: DayPathInput;
  readonly checkpoints: MinuteCheckpoints;
  /** 1m OHLCV rows (ROW numbers per minute). */
  readonly rows: Float64Array;
  /** Per minute m: [volume, turnover, high, low] of the minutes before m (quotes scan ≤ 60 s). */
  readonly before: Float64Array;
}

/** The index's live day: its price every second (it has no trades, so no quantities). */
export interface TodayIndex {
  readonly price: Float64Array;
  readonly rows: Float64Array;
  readonly before: Float64Array;
}

/** Accumulates the `before` prefix minute by minute (trade seconds only, unless every second counts). */
export class PrefixBuilder {
  readonly before = new Float64Array((SESSION_MINUTES + 1) * 4);
  private v = 0;
  private turnover = 0;
  private h = -Infinity;
  private l = Infinity;

  constructor(private readonly everySecondTrades: boolean) {}

  /** Call for minutes 0, 1, … in order, then finish(). */
  minute(m: number, price: Float64Array, qty: Float64Array): void {
    this.mark(m);
    for (let k = 0; k < 60; k++) {
      const q = qty[k] ?? 0;
      if (!this.everySecondTrades && q === 0) continue;
      const p = price[k] ?? 0;
      this.v += q;
      this.turnover += q * p;
      if (p > this.h) this.h = p;
      if (p < this.l) this.l = p;
    }
  }

  finish(): Float64Array {
    this.mark(SESSION_MINUTES);
    return this.before;
  }

  private mark(m: number): void {
    const b = this.before;
    b[m * 4] = this.v;
    b[m * 4 + 1] = this.turnover;
    b[m * 4 + 2] = this.h;
    b[m * 4 + 3] = this.l;
  }
}

export interface TodayQuoteFields {
  readonly ltp: number;
  readonly ltt: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly volume: number;
  readonly lastQty: number;
  readonly averagePrice: number;
  readonly totalBuyQty: number;
  readonly totalSellQty: number;
}

const ZERO_QTY = new Float64Array(60);

export class TodaySeries {
  private readonly cachedMinute: Int32Array;
  private readonly cachePrice: Float64Array;
  private readonly cacheQty: Float64Array;

  constructor(
    private readonly symbols: readonly TodaySymbol[],
    private readonly index: TodayIndex,
    private readonly sessionOpen: number,
  ) {
    this.cachedMinute = new Int32Array(symbols.length).fill(-1);
    this.cachePrice = new Float64Array(symbols.length * 60);
    this.cacheQty = new Float64Array(symbols.length * 60);
  }

  exchangeOf(i: number): Exchange {
    return i === this.symbols.length ? 'NSE_INDEX' : 'NSE';
  }

  rows(i: number): Float64Array {
    return i === this.symbols.length ? this.index.rows : (this.symbols[i] as TodaySymbol).rows;
  }

  /** Second `s` of the session (clamped by the caller). */
  priceAt(i: number, s: number): number {
    const m = Math.floor(s / 60);
    return this.minute(i, m).price[s - m * 60] ?? 0;
  }

  /** Session seconds in [first, end) with a trade (every second for the index). */
  tradeSeconds(i: number, first: number, end: number): number[] {
    const out: number[] = [];
    const isIndex = i === this.symbols.length;
    for (let s = first; s < end; s++) {
      if (isIndex) out.push(s);
      else {
        const m = Math.floor(s / 60);
        if ((this.minute(i, m).qty[s - m * 60] ?? 0) > 0) out.push(s);
      }
    }
    return out;
  }

  quote(i: number, s: number): TodayQuoteFields {
    const isIndex = i === this.symbols.length;
    const m = Math.floor(s / 60);
    const { price, qty } = this.minute(i, m);
    const before = isIndex ? this.index.before : (this.symbols[i] as TodaySymbol).before;
    // A minute's first second always trades, so the last trade is within this minute.
    let last = s - m * 60;
    if (!isIndex) while (last > 0 && (qty[last] ?? 0) === 0) last--;
    let volume = before[m * 4] ?? 0;
    let turnover = before[m * 4 + 1] ?? 0;
    let high = before[m * 4 + 2] ?? -Infinity;
    let low = before[m * 4 + 3] ?? Infinity;
    for (let k = 0; k <= s - m * 60; k++) {
      const q = qty[k] ?? 0;
      if (!isIndex && q === 0) continue;
      const p = price[k] ?? 0;
      volume += q;
      turnover += q * p;
      high = Math.max(high, p);
      low = Math.min(low, p);
    }
    const ltp = price[s - m * 60] ?? 0;
    const avg = volume > 0 ? Math.round((turnover / volume) * 100) / 100 : ltp;
    // Resting book sizes: a deterministic, gently varying share of the day's volume.
    const book = Math.round(volume * 0.08);
    return {
      ltp, ltt: this.sessionOpen + (m * 60 + last) * 1000,
      open: this.rows(i)[0] ?? 0, high, low, volume,
      lastQty: qty[last] ?? 0, averagePrice: avg,
      totalBuyQty: Math.round(book * (1 + 0.25 * Math.sin(s / 97))),
      totalSellQty: Math.round(book * (1 + 0.25 * Math.cos(s / 89))),
    };
  }

  /** Minute `m`'s 60 seconds; an equity's are regenerated from its checkpoint (one minute cached). */
  private minute(i: number, m: number): { price: Float64Array; qty: Float64Array } {
    if (i === this.symbols.length) return { price: this.index.price.subarray(m * 60, m * 60 + 60), qty: ZERO_QTY };
    const price = this.cachePrice.subarray(i * 60, i * 60 + 60);
    const qty = this.cacheQty.subarray(i * 60, i * 60 + 60);
    if (this.cachedMinute[i] !== m) {
      const sym = this.symbols[i] as TodaySymbol;
      replayMinute(sym.input, sym.checkpoints, m, price, qty);
      this.cachedMinute[i] = m;
    }
    return { price, qty };
  }
}
