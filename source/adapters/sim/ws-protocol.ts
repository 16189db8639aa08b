// OpenAlgo WebSocket protocol pieces (reference/openalgo-api.md §1): mode parsing, error frames and
// market_data frames, kept apart from the socket handling so they can be tested and reused.
import type { SimQuote } from './market-model.js';

export type WsMode = 1 | 2 | 3;
export const MODE_LABEL: Record<WsMode, 'LTP' | 'Quote' | 'Depth'> = { 1: 'LTP', 2: 'Quote', 3: 'Depth' };
export const BROKER = 'sim';

export type ErrorCode =
  | 'INVALID_JSON'
  | 'INVALID_ACTION'
  | 'NOT_AUTHENTICATED'
  | 'INVALID_MODE'
  | 'INVALID_PARAMETERS'
  | 'AUTHENTICATION_ERROR';

/** Error frames carry no `type` (§1.9). */
export function errorFrame(code: ErrorCode, message: string): { status: 'error'; code: ErrorCode; message: string } {
  return { status: 'error', code, message };
}

/** 1/2/3, "1"/"2"/"3" or "LTP"/"Quote"/"Depth" in any case; undefined → the default. Null = invalid. */
export function parseMode(raw: unknown, fallback: WsMode): WsMode | null {
  if (raw === undefined || raw === null) return fallback;
  if (raw === 1 || raw === 2 || raw === 3) return raw;
  if (typeof raw === 'string') {
    const s = raw.trim().toLowerCase();
    if (s === 'ltp' || s === '1') return 1;
    if (s === 'quote' || s === '2') return 2;
    if (s === 'depth' || s === '3') return 3;
  }
  return null;
}

export function invalidModeMessage(raw: unknown): string {
  return `Invalid mode '${typeof raw === 'string' ? raw : JSON.stringify(raw)}'; expected 'LTP', 'Quote', or 'Depth' (case-insensitive)`;
}

export interface InstrumentRef {
  readonly symbol: string;
  readonly exchange: string;
  readonly mode?: unknown;
}

/** Entries of a `symbols` array that have both symbol and exchange strings (others are skipped). */
export function instrumentEntries(msg: Record<string, unknown>): InstrumentRef[] {
  const list = Array.isArray(msg.symbols) ? msg.symbols : [];
  const out: InstrumentRef[] = [];
  for (const e of list) {
    if (typeof e !== 'object' || e === null) continue;
    const r = e as Record<string, unknown>;
    if (typeof r.symbol === 'string' && r.symbol && typeof r.exchange === 'string' && r.exchange) {
      out.push({ symbol: r.symbol, exchange: r.exchange, mode: r.mode });
    }
  }
  return out;
}

/** A deterministic five-level book around the last price, best first. */
function depthOf(q: SimQuote): { buy: Level[]; sell: Level[] } {
  const level = (side: 1 | -1, k: number): Level => {
    const price = Math.round((q.ltp + side * 0.05 * (k + 1)) * 100) / 100;
    const seed = Math.abs(Math.sin((q.ltt / 1000) * 0.37 + k * 1.7 + side));
    return { price, quantity: 10 + Math.round(seed * 500), orders: 1 + Math.round(seed * 9) };
  };
  return { buy: [0, 1, 2, 3, 4].map((k) => level(-1, k)), sell: [0, 1, 2, 3, 4].map((k) => level(1, k)) };
}

interface Level {
  price: number;
  quantity: number;
  orders: number;
}

/** A `market_data` frame with the envelope at the top level (§1.6). */
export function marketDataFrame(q: SimQuote, exchange: string, mode: WsMode): Record<string, unknown> {
  const data: Record<string, unknown> = {
    symbol: q.symbol,
    exchange,
    ltp: q.ltp,
    ltt: Math.floor(q.ltt / 1000),
    timestamp: q.ltt,
  };
  if (mode >= 2) {
    Object.assign(data, {
      open: q.open,
      high: q.high,
      low: q.low,
      close: q.prevClose,
      volume: q.volume,
      average_price: q.averagePrice,
      last_trade_quantity: q.lastQty,
      total_buy_quantity: q.totalBuyQty,
      total_sell_quantity: q.totalSellQty,
    });
  }
  if (mode === 3) data.depth = depthOf(q);
  return { type: 'market_data', symbol: q.symbol, exchange, mode, broker: BROKER, data };
}

/**
 * Which trade instants of a batch window to send. Every trade when there are few; otherwise, per
 * minute of the window, the first, the highest, the lowest and the last trade, so a consumer still
 * builds exactly the model's 1m bars at high speed while the per-symbol rate stays bounded.
 */
export function selectTicks(instants: readonly number[], priceAt: (ms: number) => number, perMinute = 4): number[] {
  const byMinute = new Map<number, number[]>();
  for (const t of instants) {
    const m = Math.floor(t / 60_000);
    const list = byMinute.get(m);
    if (list) list.push(t);
    else byMinute.set(m, [t]);
  }
  const out: number[] = [];
  for (const list of byMinute.values()) {
    if (list.length <= perMinute) {
      out.push(...list);
      continue;
    }
    let hi = list[0] as number;
    let lo = list[0] as number;
    for (const t of list) {
      if (priceAt(t) > priceAt(hi)) hi = t;
      if (priceAt(t) < priceAt(lo)) lo = t;
    }
    out.push(...new Set([list[0] as number, hi, lo, list[list.length - 1] as number]));
  }
  return out.sort((a, b) => a - b);
}
