// Byte-level fast path for the one frame shape that arrives 100k+ times a second: a plain
// `market_data` object. JSON.parse builds ~20 objects and strings per frame that the feed then
// throws away; this scanner checks the whole frame's JSON syntax in one pass over the bytes and
// keeps only the fields the feed reads. It never decides anything on its own: whenever the frame
// is not something it can vouch for (escapes, non-ASCII where a value is kept, exponents in kept
// strings, duplicate keys, non-scalar kept values, any syntax it does not recognise, control
// frames) it returns null and the caller runs the JSON.parse path, which is the reference.

/** The data fields the feed reads; `undefined` when the frame did not carry the key. */
export interface MarketDataFields {
  ltp?: unknown;
  timestamp?: unknown;
  ltt?: unknown;
  volume?: unknown;
  open?: unknown;
  high?: unknown;
  low?: unknown;
  close?: unknown;
}

/** What a successful scan found; valid until the next call (module-level scratch, no allocation). */
export interface ScannedMarketData {
  symbol: string;
  exchange: string;
  /** `${exchange}:${symbol}`, the same string object for the same bytes (no per-frame concatenation). */
  key: string;
  readonly data: MarketDataFields;
}

const DATA_NAMES = ['ltp', 'timestamp', 'ltt', 'volume', 'open', 'high', 'low', 'close'] as const;
const TOP_NAMES = ['type', 'symbol', 'exchange', 'data'] as const;
const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const TOP_KEYS = TOP_NAMES.map(bytes);
const DATA_KEYS = DATA_NAMES.map(bytes);
const MARKET_DATA = bytes('market_data');
const TRUE = bytes('true');
const FALSE = bytes('false');
const NULL = bytes('null');
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact doubles up to 1e22
const MAX_DEPTH = 32;

// Written as small functions over (buffer, position) returning the next position or -1, with all
// cursor state in locals, so V8 can inline them into one tight loop.

function skipWs(b: Buffer, p: number, end: number): number {
  while (p < end) {
    const c = b[p] as number;
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return p;
    p++;
  }
  return p;
}

/** `p` is just past an opening quote; returns the closing quote's index. Escapes are left to JSON.parse. */
function stringEnd(b: Buffer, p: number, end: number): number {
  while (p < end) {
    const c = b[p] as number;
    if (c === 34) return p;
    if (c === 92 || c < 32) return -1; // escape (not handled here) or a raw control byte (invalid JSON)
    p++;
  }
  return -1;
}

function isAscii(b: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if ((b[i] as number) >= 128) return false;
  return true;
}

function equals(b: Buffer, s: number, e: number, word: Uint8Array): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (b[s + i] !== word[i]) return false;
  return true;
}

function keyIndex(b: Buffer, s: number, e: number, keys: readonly Uint8Array[]): number {
  for (let k = 0; k < keys.length; k++) if (equals(b, s, e, keys[k] as Uint8Array)) return k;
  return -1;
}

/** DATA_NAMES index of the key in [s, e), by length and first byte before comparing bytes. */
function dataKeyIndex(b: Buffer, s: number, e: number): number {
  let k: number;
  switch (e - s) {
    case 3: // ltp, ltt, low
      k = b[s + 1] === 111 ? 6 : b[s + 2] === 112 ? 0 : 2;
      break;
    case 4: // open, high
      k = b[s] === 111 ? 4 : 5;
      break;
    case 5:
      k = 7;
      break;
    case 6:
      k = 3;
      break;
    case 9:
      k = 1;
      break;
    default:
      return -1;
  }
  return equals(b, s, e, DATA_KEYS[k] as Uint8Array) ? k : -1;
}

// Instrument keys interned by their bytes: a tick's symbol, exchange and key strings are reused
// rather than sliced and concatenated per frame. Bounded: cleared when a misbehaving server has
// sent more distinct names than any subscription list holds.
interface Interned {
  readonly exchange: Uint8Array;
  readonly symbol: Uint8Array;
  readonly names: { readonly exchange: string; readonly symbol: string; readonly key: string };
  next: Interned | undefined;
}
const interned = new Map<number, Interned>();
const MAX_INTERNED = 16_384;

function hashBytes(h: number, b: Buffer, s: number, e: number): number {
  for (let i = s; i < e; i++) h = Math.imul(h ^ (b[i] as number), 16_777_619);
  return h;
}

// Buffer's own latin1 slicer skips toString's argument handling; ASCII bytes only reach it.
type Latin1Slicer = { latin1Slice(start: number, end: number): string };
const latin1: (b: Buffer, s: number, e: number) => string =
  typeof (Buffer.prototype as unknown as Partial<Latin1Slicer>).latin1Slice === 'function'
    ? (b, s, e) => (b as unknown as Latin1Slicer).latin1Slice(s, e)
    : (b, s, e) => b.toString('latin1', s, e);

function intern(b: Buffer, es: number, ee: number, ss: number, se: number): Interned['names'] {
  const h = hashBytes(hashBytes(2_166_136_261, b, es, ee) ^ 58, b, ss, se);
  const head = interned.get(h);
  for (let n = head; n !== undefined; n = n.next) if (equals(b, es, ee, n.exchange) && equals(b, ss, se, n.symbol)) return n.names;
  if (interned.size >= MAX_INTERNED) interned.clear();
  const exchange = latin1(b, es, ee);
  const symbol = latin1(b, ss, se);
  const entry: Interned = {
    exchange: Uint8Array.prototype.slice.call(b, es, ee),
    symbol: Uint8Array.prototype.slice.call(b, ss, se),
    names: { exchange, symbol, key: `${exchange}:${symbol}` },
    next: interned.has(h) ? head : undefined,
  };
  interned.set(h, entry);
  return entry.names;
}

let numValue = 0;

/** At '-' or a digit: checks the JSON number grammar, sets `numValue` exactly as JSON.parse would. */
function numberEnd(b: Buffer, p: number, end: number): number {
  const s = p;
  const neg = b[p] === 45;
  if (neg) p++;
  let c = p < end ? (b[p] as number) : -1;
  let m = 0;
  let digits = 0;
  if (c === 48) p++;
  else if (c >= 49 && c <= 57) {
    while (p < end && (c = b[p] as number) >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      p++;
    }
  } else return -1;
  let frac = 0;
  if (p < end && b[p] === 46) {
    p++;
    while (p < end && (c = b[p] as number) >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      frac++;
      p++;
    }
    if (frac === 0) return -1;
  }
  let exp = false;
  if (p < end && (b[p] === 101 || b[p] === 69)) {
    exp = true;
    p++;
    if (p < end && (b[p] === 43 || b[p] === 45)) p++;
    const e0 = p;
    while (p < end && (c = b[p] as number) >= 48 && c <= 57) p++;
    if (p === e0) return -1;
  }
  // ≤15 digits fit a double exactly and 10^frac is exact, so one division is correctly rounded
  // (the same double strtod/JSON.parse produce); anything else goes through Number().
  if (exp || digits > 15) numValue = Number(latin1(b, s, p));
  else {
    const v = frac === 0 ? m : m / (POW10[frac] as number);
    numValue = neg ? -v : v;
  }
  return p;
}

function literalEnd(b: Buffer, p: number, end: number, lit: Uint8Array): number {
  return p + lit.length <= end && equals(b, p, p + lit.length, lit) ? p + lit.length : -1;
}

let scalar: unknown = undefined;

/** A value the feed keeps: number, ASCII string without escapes, true, false or null (into `scalar`). */
function scalarEnd(b: Buffer, p: number, end: number): number {
  const c = b[p];
  if (c === 34) {
    const q = stringEnd(b, p + 1, end);
    if (q < 0 || !isAscii(b, p + 1, q)) return -1;
    scalar = latin1(b, p + 1, q);
    return q + 1;
  }
  if (c === 45 || (c !== undefined && c >= 48 && c <= 57)) {
    const q = numberEnd(b, p, end);
    scalar = numValue;
    return q;
  }
  if (c === 116) return ((scalar = true), literalEnd(b, p, end, TRUE));
  if (c === 102) return ((scalar = false), literalEnd(b, p, end, FALSE));
  if (c === 110) return ((scalar = null), literalEnd(b, p, end, NULL));
  return -1;
}

/** Any JSON value, checked and discarded. */
function valueEnd(b: Buffer, p: number, end: number, depth: number): number {
  const c = b[p];
  if (c === 34) {
    const q = stringEnd(b, p + 1, end);
    return q < 0 ? -1 : q + 1;
  }
  if (c !== 123 && c !== 91) return scalarEnd(b, p, end);
  if (depth >= MAX_DEPTH) return -1;
  const close = c === 123 ? 125 : 93;
  p = skipWs(b, p + 1, end);
  if (b[p] === close) return p + 1;
  for (;;) {
    if (c === 123) {
      if (b[p] !== 34) return -1;
      const q = stringEnd(b, p + 1, end);
      if (q < 0) return -1;
      p = skipWs(b, q + 1, end);
      if (b[p] !== 58) return -1;
      p = skipWs(b, p + 1, end);
    }
    p = valueEnd(b, p, end, depth + 1);
    if (p < 0) return -1;
    p = skipWs(b, p, end);
    const d = b[p];
    if (d === 44) p = skipWs(b, p + 1, end);
    else if (d === close) return p + 1;
    else return -1;
  }
}

const data: MarketDataFields = {};
const out: ScannedMarketData = { symbol: '', exchange: '', key: '', data };

/** Reads the data object at `p` into `data`; returns the position after it or -1. */
function dataEnd(b: Buffer, p: number, end: number): number {
  if (b[p] !== 123) return -1;
  p = skipWs(b, p + 1, end);
  if (b[p] === 125) return p + 1;
  let seen = 0;
  for (;;) {
    if (b[p] !== 34) return -1;
    const q = stringEnd(b, p + 1, end);
    if (q < 0) return -1;
    const k = dataKeyIndex(b, p + 1, q);
    p = skipWs(b, q + 1, end);
    if (b[p] !== 58) return -1;
    p = skipWs(b, p + 1, end);
    if (k >= 0) {
      if (seen & (1 << k)) return -1; // JSON.parse keeps the last of repeated keys: let it decide
      seen |= 1 << k;
      p = scalarEnd(b, p, end);
      if (p < 0) return -1;
      data[DATA_NAMES[k] as keyof MarketDataFields] = scalar;
    } else {
      p = valueEnd(b, p, end, 2);
      if (p < 0) return -1;
    }
    p = skipWs(b, p, end);
    const d = b[p];
    if (d === 44) p = skipWs(b, p + 1, end);
    else if (d === 125) return p + 1;
    else return -1;
  }
}

/**
 * The kept fields of a well-formed `market_data` frame whose type, symbol and exchange are plain
 * ASCII strings and whose data is an object of scalars; null for anything else (use JSON.parse then).
 * The returned object is reused by the next call.
 */
export function scanMarketData(b: Buffer): ScannedMarketData | null {
  data.ltp = data.timestamp = data.ltt = data.volume = data.open = data.high = data.low = data.close = undefined;
  const end = b.length;
  let p = skipWs(b, 0, end);
  if (b[p] !== 123) return null;
  p = skipWs(b, p + 1, end);
  let seen = 0;
  let marketData = false;
  let es = 0;
  let ee = 0;
  let ss = 0;
  let se = 0;
  for (;;) {
    if (b[p] !== 34) return null;
    const q = stringEnd(b, p + 1, end);
    if (q < 0) return null;
    const k = keyIndex(b, p + 1, q, TOP_KEYS);
    p = skipWs(b, q + 1, end);
    if (b[p] !== 58) return null;
    p = skipWs(b, p + 1, end);
    if (k < 0) p = valueEnd(b, p, end, 1);
    else {
      if (seen & (1 << k)) return null;
      seen |= 1 << k;
      if (k === 3) p = dataEnd(b, p, end);
      else {
        if (b[p] !== 34) return null;
        const r = stringEnd(b, p + 1, end);
        if (r < 0 || !isAscii(b, p + 1, r)) return null;
        if (k === 0) marketData = equals(b, p + 1, r, MARKET_DATA);
        else if (k === 1) {
          ss = p + 1;
          se = r;
        } else {
          es = p + 1;
          ee = r;
        }
        p = r + 1;
      }
    }
    if (p < 0) return null;
    p = skipWs(b, p, end);
    const d = b[p];
    if (d === 44) p = skipWs(b, p + 1, end);
    else if (d === 125) break;
    else return null;
  }
  // Complete only when nothing but whitespace follows and type, symbol, exchange and data were all there.
  if (skipWs(b, p + 1, end) !== end || !marketData || seen !== 15) return null;
  const names = intern(b, es, ee, ss, se);
  out.exchange = names.exchange;
  out.symbol = names.symbol;
  out.key = names.key;
  return out;
}
