// Per-symbol state of a live feed: the merged tick cache (OpenAlgo sends partial ticks and, through
// its mode fan-out, duplicates; last value wins per field), ordering and staleness bookkeeping.
import type { Instrument, InstrumentKey, Tick } from '../../domain/market.js';
import { instrumentKey } from '../../domain/market.js';
import type { PartialTick } from './frame-parser.js';

type MutableTick = { -readonly [K in keyof Tick]: Tick[K] };

export class SymbolState {
  readonly key: InstrumentKey;
  /** Feed timestamp of the last accepted tick; read by the frame parser for out_of_order. */
  lastTs = -Infinity;
  /** Clock time of the last accepted tick (receipt), for staleness. */
  lastRecvAt = -Infinity;
  /** Clock time the current connection subscribed it; staleness never counts from before this. */
  subscribedAt = -Infinity;
  /** The server refused the subscription on this connection. */
  failed = false;
  private cached: MutableTick | null = null;

  constructor(readonly instrument: Instrument) {
    this.key = instrumentKey(instrument);
  }

  /** Merges the fields the frame carried into the cache and returns a fresh immutable snapshot. */
  merge(p: PartialTick, receivedAt: number): Tick {
    let t = this.cached;
    if (t === null) {
      t = { key: this.key, symbol: this.instrument.symbol, exchange: this.instrument.exchange, ltp: p.ltp, ts: p.ts };
      this.cached = t;
    } else {
      t.ltp = p.ltp;
      t.ts = p.ts;
    }
    if (p.volume !== undefined) t.volume = p.volume;
    if (p.open !== undefined) t.open = p.open;
    if (p.high !== undefined) t.high = p.high;
    if (p.low !== undefined) t.low = p.low;
    if (p.prevClose !== undefined) t.prevClose = p.prevClose;
    this.lastTs = p.ts;
    this.lastRecvAt = receivedAt;
    this.failed = false;
    return { ...t };
  }

  /** True when no tick arrived for `staleAfterMs` counted from the later of the last tick, the subscription and `since`. */
  isStale(now: number, staleAfterMs: number, since: number): boolean {
    const from = Math.max(this.lastRecvAt, this.subscribedAt, since);
    return now - from >= staleAfterMs;
  }
}
