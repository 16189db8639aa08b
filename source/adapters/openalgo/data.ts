// OpenAlgo market data over REST: /history for indicator warm-up and /quotes + /multiquotes for
// the stale-feed fallback (reference/openalgo-api.md §3.15–3.16). Every candle is validated; a bad
// one is dropped with a counted reason rather than poisoning the indicators.
import type { Bar, Instrument, InstrumentKey, Timeframe } from '../../domain/market.js';
import { instrumentKey } from '../../domain/market.js';
import { istDate, istInstant } from '../../domain/time.js';
import type { Clock } from '../../ports/clock.js';
import type { HistorySource, QuoteSource } from '../../ports/feed.js';
import type { Logger } from '../../ports/logger.js';
import type { OpenAlgoRestClient } from './rest-client.js';

export type CandleRejectReason = 'bad_candle' | 'bad_timestamp' | 'bad_price' | 'bad_range' | 'bad_volume' | 'out_of_order';

interface HistoryResponse {
  data?: unknown;
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

const positive = (n: number): boolean => Number.isFinite(n) && n > 0;

export interface OpenAlgoHistoryOptions {
  readonly client: OpenAlgoRestClient;
  readonly logger: Logger;
  readonly timeoutMs?: number;
}

export class OpenAlgoHistory implements HistorySource {
  private readonly rejected: Partial<Record<CandleRejectReason, number>> = {};

  constructor(private readonly opts: OpenAlgoHistoryOptions) {}

  /** Rejected candles since construction, by reason. */
  rejections(): Readonly<Partial<Record<CandleRejectReason, number>>> {
    return { ...this.rejected };
  }

  async history(instrument: Instrument, interval: Timeframe, fromDate: string, toDate: string): Promise<Bar[]> {
    const res = await this.opts.client.post<HistoryResponse>(
      'history',
      { symbol: instrument.symbol, exchange: instrument.exchange, interval, start_date: fromDate, end_date: toDate },
      this.opts.timeoutMs === undefined ? {} : { timeoutMs: this.opts.timeoutMs },
    );
    const rows = Array.isArray(res.data) ? res.data : [];
    const key = instrumentKey(instrument);
    const bars: Bar[] = [];
    let lastStart = -Infinity;
    rows.forEach((row: unknown, i: number) => {
      const r = this.toBar(row, key, interval);
      if (typeof r === 'string') return this.reject(r, key, i, row);
      // Daily candles of one date collapse onto the same 09:15 start; keep strictly ascending bars only.
      if (r.start <= lastStart) return this.reject('out_of_order', key, i, row);
      lastStart = r.start;
      bars.push(r);
    });
    return bars;
  }

  private toBar(row: unknown, key: InstrumentKey, tf: Timeframe): Bar | CandleRejectReason {
    if (typeof row !== 'object' || row === null) return 'bad_candle';
    const c = row as Record<string, unknown>;
    const ts = num(c.timestamp);
    if (!Number.isFinite(ts) || ts <= 0) return 'bad_timestamp';
    const ms = ts < 1e11 ? ts * 1000 : ts;
    // Daily candles are calendar dates whatever instant the broker picked (00:00 UTC or 00:00 IST):
    // both fall on the right IST date, which is then pinned to the 09:15 open as Bar requires.
    const start = tf === 'D' ? istInstant(istDate(ms), '09:15') : ms;
    const open = num(c.open);
    const high = num(c.high);
    const low = num(c.low);
    const close = num(c.close);
    if (!positive(open) || !positive(high) || !positive(low) || !positive(close)) return 'bad_price';
    if (high < Math.max(open, close, low) || low > Math.min(open, close)) return 'bad_range';
    const volume = c.volume === undefined || c.volume === null ? 0 : num(c.volume);
    if (!Number.isFinite(volume) || volume < 0) return 'bad_volume';
    return { key, tf, start, open, high, low, close, volume };
  }

  private reject(reason: CandleRejectReason, key: InstrumentKey, index: number, row: unknown): void {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + 1;
    this.opts.logger.warn('openalgo history: candle rejected', { symbol: key, reason, index, candle: JSON.stringify(row)?.slice(0, 200) });
  }
}

export interface Quote {
  readonly ltp: number;
  /** Clock time of the answer: OpenAlgo's quote carries no timestamp. */
  readonly ts: number;
  readonly prevClose?: number;
  readonly volume?: number;
}

export interface OpenAlgoQuotesOptions {
  readonly client: OpenAlgoRestClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timeoutMs?: number;
  /** Instruments per /multiquotes request. */
  readonly batchSize?: number;
}

export class OpenAlgoQuotes implements QuoteSource {
  constructor(private readonly opts: OpenAlgoQuotesOptions) {}

  /** The latest quote, or null when OpenAlgo's answer has no valid ltp. HTTP failures throw OpenAlgoHttpError. */
  async quote(instrument: Instrument): Promise<Quote | null> {
    const res = await this.opts.client.post<{ data?: unknown }>('quotes', { symbol: instrument.symbol, exchange: instrument.exchange }, this.postOpts());
    return this.toQuote(res.data, instrumentKey(instrument));
  }

  /** Quotes for many instruments (the stale-feed fallback); instruments without a valid quote are absent. */
  async multiquotes(instruments: readonly Instrument[]): Promise<Map<InstrumentKey, Quote>> {
    const out = new Map<InstrumentKey, Quote>();
    const size = Math.max(1, this.opts.batchSize ?? 200);
    for (let i = 0; i < instruments.length; i += size) {
      const symbols = instruments.slice(i, i + size).map((x) => ({ symbol: x.symbol, exchange: x.exchange }));
      const res = await this.opts.client.post<{ results?: unknown }>('multiquotes', { symbols }, this.postOpts());
      for (const r of Array.isArray(res.results) ? res.results : []) {
        if (typeof r !== 'object' || r === null) continue;
        const { symbol, exchange, data } = r as Record<string, unknown>;
        if (typeof symbol !== 'string' || typeof exchange !== 'string') continue;
        const q = this.toQuote(data, `${exchange}:${symbol}`);
        if (q) out.set(`${exchange}:${symbol}`, q);
      }
    }
    return out;
  }

  private toQuote(data: unknown, key: InstrumentKey): Quote | null {
    const d = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    const ltp = num(d.ltp);
    if (!positive(ltp)) {
      this.opts.logger.warn('openalgo quotes: no valid ltp', { symbol: key, ltp: String(d.ltp) });
      return null;
    }
    const q: { ltp: number; ts: number; prevClose?: number; volume?: number } = { ltp, ts: this.opts.clock.now() };
    const prev = num(d.prev_close);
    if (positive(prev)) q.prevClose = prev;
    const vol = num(d.volume);
    if (Number.isFinite(vol) && vol >= 0) q.volume = vol;
    return q;
  }

  private postOpts(): { timeoutMs?: number } {
    return this.opts.timeoutMs === undefined ? {} : { timeoutMs: this.opts.timeoutMs };
  }
}
