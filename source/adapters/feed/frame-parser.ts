// The feed's hot path: one OpenAlgo WebSocket frame in, one classified result out. Hand-written
// rather than schema-driven because it runs for every tick of every symbol (well over 100k/s at
// peak); it allocates one result object per frame and never throws.
import type { Exchange, InstrumentKey } from '../../domain/market.js';
import { scanMarketData, type MarketDataFields } from './fast-frame.js';
import { normaliseTimestamp } from './timestamp.js';

export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
export const DEFAULT_MAX_SKEW_MS = 300_000;

export type FrameRejectReason =
  | 'oversized'
  | 'malformed_json'
  | 'bad_envelope'
  | 'unknown_symbol'
  | 'bad_price'
  | 'bad_timestamp'
  | 'timestamp_skew'
  | 'out_of_order';

export const FRAME_REJECT_REASONS: readonly FrameRejectReason[] = [
  'oversized',
  'malformed_json',
  'bad_envelope',
  'unknown_symbol',
  'bad_price',
  'bad_timestamp',
  'timestamp_skew',
  'out_of_order',
];

/** What the parser needs to know about the feed's state; the feed owns and updates it. */
export interface ParseContext {
  /** Clock time at receipt (epoch ms), for the skew check and for ticks without a timestamp. */
  readonly now: number;
  readonly maxFrameBytes: number;
  readonly maxSkewMs: number;
  /** Subscribed instruments with the timestamp of their last accepted tick (-Infinity if none). */
  readonly symbols: ReadonlyMap<InstrumentKey, { readonly lastTs: number }>;
}

/** The fields one frame carries; absent fields were missing or invalid and must not overwrite the cache. */
export interface PartialTick {
  ltp: number;
  ts: number;
  volume?: number;
  open?: number;
  high?: number;
  low?: number;
  prevClose?: number;
}

export interface SubscribeFailure {
  readonly key: InstrumentKey;
  readonly message: string;
}

export type FrameResult =
  | { readonly kind: 'tick'; readonly key: InstrumentKey; readonly symbol: string; readonly exchange: Exchange; readonly partial: PartialTick }
  | {
      readonly kind: 'ack';
      readonly action: string;
      readonly status: string;
      readonly requestId: string | null;
      readonly failures: readonly SubscribeFailure[];
      readonly message: string;
    }
  | { readonly kind: 'auth'; readonly ok: boolean; readonly message: string; readonly broker: string | null }
  | { readonly kind: 'pong'; readonly pingId: string | null; readonly clientTs: number | null }
  | { readonly kind: 'error'; readonly code: string; readonly message: string }
  | { readonly kind: 'ignored'; readonly type: string }
  | { readonly kind: 'reject'; readonly reason: FrameRejectReason; readonly key?: InstrumentKey; readonly detail: string };

type Json = Record<string, unknown>;

const ACK_TYPES = new Set(['subscribe', 'unsubscribe', 'subscribe_orders', 'unsubscribe_orders']);

function reject(reason: FrameRejectReason, detail: string, key?: InstrumentKey): FrameResult {
  return key === undefined ? { kind: 'reject', reason, detail } : { kind: 'reject', reason, key, detail };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

/** A finite number from a number or numeric string; NaN otherwise (so callers drop the field). */
function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

function byteLengthOver(raw: string | Buffer, limit: number): number | null {
  if (typeof raw !== 'string') return raw.length > limit ? raw.length : null;
  // A UTF-8 char is 1–3 bytes per UTF-16 unit; only measure precisely in the ambiguous band.
  if (raw.length * 3 <= limit) return null;
  if (raw.length > limit) return Buffer.byteLength(raw, 'utf8');
  const bytes = Buffer.byteLength(raw, 'utf8');
  return bytes > limit ? bytes : null;
}

export function parseFrame(raw: string | Buffer, ctx: ParseContext): FrameResult {
  const size = byteLengthOver(raw, ctx.maxFrameBytes);
  if (size !== null) return reject('oversized', `frame of ${size} bytes exceeds ${ctx.maxFrameBytes}`);
  if (typeof raw !== 'string') {
    // Ticks skip JSON.parse; everything the scanner cannot vouch for falls through to it unchanged.
    const fast = scanMarketData(raw);
    if (fast !== null) return marketData(fast.symbol, fast.exchange, fast.data, ctx, fast.key);
  }
  let msg: unknown;
  try {
    msg = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (err) {
    return reject('malformed_json', (err as Error).message);
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
    return reject('bad_envelope', 'frame is not a JSON object');
  }
  const m = msg as Json;
  const type = m.type;
  if (type === 'market_data') return parseMarketData(m, ctx);
  if (typeof type === 'string') return parseControl(type, m);
  // OpenAlgo error frames carry no `type` (reference §1.9).
  if (m.status === 'error') return { kind: 'error', code: str(m.code) || 'UNKNOWN', message: str(m.message) };
  return reject('bad_envelope', 'frame has neither type nor error status');
}

function parseControl(type: string, m: Json): FrameResult {
  if (type === 'auth') {
    const broker = typeof m.broker === 'string' ? m.broker : null;
    return { kind: 'auth', ok: m.status === 'success', message: str(m.message), broker };
  }
  if (type === 'pong') {
    const clientTs = num(m.client_timestamp);
    return { kind: 'pong', pingId: typeof m._pingId === 'string' ? m._pingId : null, clientTs: Number.isFinite(clientTs) ? clientTs : null };
  }
  if (ACK_TYPES.has(type)) return parseAck(type, m);
  if (type === 'error') return { kind: 'error', code: str(m.code) || 'UNKNOWN', message: str(m.message) };
  return { kind: 'ignored', type };
}

function parseAck(action: string, m: Json): FrameResult {
  const failures: SubscribeFailure[] = [];
  // subscribe acks list every entry under `subscriptions`; unsubscribe acks split successful/failed.
  const entries = Array.isArray(m.subscriptions) ? m.subscriptions : Array.isArray(m.failed) ? m.failed : [];
  for (const e of entries as unknown[]) {
    if (typeof e !== 'object' || e === null) continue;
    const entry = e as Json;
    if (entry.status === 'success') continue;
    failures.push({ key: `${str(entry.exchange)}:${str(entry.symbol)}`, message: str(entry.message) || 'failed' });
  }
  const requestId = m.request_id === undefined || m.request_id === null ? null : str(m.request_id);
  return { kind: 'ack', action, status: str(m.status), requestId, failures, message: str(m.message) };
}

function parseMarketData(m: Json, ctx: ParseContext): FrameResult {
  const symbol = m.symbol;
  const exchange = m.exchange;
  const data = m.data;
  if (typeof symbol !== 'string' || typeof exchange !== 'string' || typeof data !== 'object' || data === null) {
    return reject('bad_envelope', 'market_data without symbol, exchange or data');
  }
  return marketData(symbol, exchange, data as Json, ctx);
}

/** Validates one market_data frame's fields (from JSON.parse or the byte scanner) into a tick or a reject. */
function marketData(symbol: string, exchange: string, d: MarketDataFields, ctx: ParseContext, key = `${exchange}:${symbol}`): FrameResult {
  const state = ctx.symbols.get(key);
  if (state === undefined) return reject('unknown_symbol', `${key} is not subscribed`, key);

  const ltp = num(d.ltp);
  if (!(Number.isFinite(ltp) && ltp > 0)) return reject('bad_price', `ltp ${str(d.ltp) || 'missing'}`, key);

  // `timestamp` is OpenAlgo's receive time; `ltt` is the fallback; a frame with neither gets the clock's.
  const rawTs = d.timestamp !== undefined && d.timestamp !== null ? d.timestamp : d.ltt;
  let ts: number;
  if (rawTs === undefined || rawTs === null) ts = ctx.now;
  else {
    ts = normaliseTimestamp(rawTs);
    if (Number.isNaN(ts)) return reject('bad_timestamp', `timestamp ${str(rawTs)} is not a time`, key);
  }
  const skew = ts - ctx.now;
  if (skew > ctx.maxSkewMs || skew < -ctx.maxSkewMs) {
    return reject('timestamp_skew', `timestamp ${ts} is ${Math.round(skew / 1000)} s from the clock`, key);
  }
  if (ts < state.lastTs) return reject('out_of_order', `timestamp ${ts} is before last accepted ${state.lastTs}`, key);

  const partial: PartialTick = { ltp, ts };
  // Other numbers are optional: a bad one is dropped on its own and the tick still counts.
  const volume = num(d.volume);
  if (Number.isFinite(volume) && volume >= 0) partial.volume = volume;
  const open = num(d.open);
  if (Number.isFinite(open) && open > 0) partial.open = open;
  const high = num(d.high);
  if (Number.isFinite(high) && high > 0) partial.high = high;
  const low = num(d.low);
  if (Number.isFinite(low) && low > 0) partial.low = low;
  const close = num(d.close);
  if (Number.isFinite(close) && close > 0) partial.prevClose = close;
  return { kind: 'tick', key, symbol, exchange: exchange as Exchange, partial };
}
