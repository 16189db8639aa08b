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
  readonly data: MarketDataFields;
}

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const TOP_KEYS = ['type', 'symbol', 'exchange', 'data'].map(bytes);
const DATA_KEYS = ['ltp', 'timestamp', 'ltt', 'volume', 'open', 'high', 'low', 'close'].map(bytes);
const DATA_NAMES = ['ltp', 'timestamp', 'ltt', 'volume', 'open', 'high', 'low', 'close'] as const;
const MARKET_DATA = [bytes('market_data')];
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact doubles up to 1e22
const MAX_DEPTH = 32;

// Cursor state of the current scan (synchronous, single-threaded: no re-entrancy).
let b: Buffer = Buffer.alloc(0);
let p = 0;
let end = 0;
let strStart = 0;
let strEnd = 0;
let strAscii = true;
let value: unknown = undefined;
const data: MarketDataFields = {};
const out: ScannedMarketData = { symbol: '', exchange: '', data };

function skipWs(): void {
  while (p < end) {
    const c = b[p];
    if (c === 32 || c === 10 || c === 13 || c === 9) p++;
    else return;
  }
}

/** At a '"': scans to the closing quote. Escapes are left to JSON.parse; raw control bytes are invalid JSON. */
function scanString(): boolean {
  p++;
  strStart = p;
  strAscii = true;
  while (p < end) {
    const c = b[p] as number;
    if (c === 34) {
      strEnd = p++;
      return true;
    }
    if (c === 92 || c < 32) return false;
    if (c >= 128) strAscii = false;
    p++;
  }
  return false;
}

/** At '-' or a digit: checks the JSON number grammar and sets `value` exactly as JSON.parse would. */
function scanNumber(): boolean {
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
  } else return false;
  let frac = 0;
  if (p < end && b[p] === 46) {
    p++;
    while (p < end && (c = b[p] as number) >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      frac++;
      p++;
    }
    if (frac === 0) return false;
  }
  let exp = false;
  if (p < end && (b[p] === 101 || b[p] === 69)) {
    exp = true;
    p++;
    if (p < end && (b[p] === 43 || b[p] === 45)) p++;
    const e0 = p;
    while (p < end && (c = b[p] as number) >= 48 && c <= 57) p++;
    if (p === e0) return false;
  }
  // ≤15 digits fit a double exactly and 10^frac is exact, so one division is correctly rounded
  // (the same double strtod/JSON.parse produce); anything else goes through Number().
  if (exp || digits > 15) value = Number(b.toString('latin1', s, p));
  else {
    const v = frac === 0 ? m : m / (POW10[frac] as number);
    value = neg ? -v : v;
  }
  return true;
}

function scanLiteral(lit: Uint8Array, v: unknown): boolean {
  if (p + lit.length > end) return false;
  for (let i = 0; i < lit.length; i++) if (b[p + i] !== lit[i]) return false;
  p += lit.length;
  value = v;
  return true;
}
const TRUE = bytes('true');
const FALSE = bytes('false');
const NULL = bytes('null');

/** A scalar the feed keeps: number, ASCII string without escapes, true, false or null. */
function scanScalar(): boolean {
  const c = b[p];
  if (c === 34) {
    if (!scanString() || !strAscii) return false;
    value = b.toString('latin1', strStart, strEnd);
    return true;
  }
  if (c === 45 || (c !== undefined && c >= 48 && c <= 57)) return scanNumber();
  if (c === 116) return scanLiteral(TRUE, true);
  if (c === 102) return scanLiteral(FALSE, false);
  if (c === 110) return scanLiteral(NULL, null);
  return false;
}

/** Any JSON value, checked and discarded. */
function skipValue(depth: number): boolean {
  const c = b[p];
  if (c === 123 || c === 91) {
    if (depth >= MAX_DEPTH) return false;
    const close = c === 123 ? 125 : 93;
    p++;
    skipWs();
    if (b[p] === close) {
      p++;
      return true;
    }
    for (;;) {
      if (c === 123) {
        if (b[p] !== 34 || !scanString()) return false;
        skipWs();
        if (b[p] !== 58) return false;
        p++;
        skipWs();
      }
      if (!skipValue(depth + 1)) return false;
      skipWs();
      if (b[p] === 44) {
        p++;
        skipWs();
      } else if (b[p] === close) {
        p++;
        return true;
      } else return false;
    }
  }
  if (c === 34) return scanString();
  return scanScalar();
}

function keyIndex(keys: readonly Uint8Array[]): number {
  const len = strEnd - strStart;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as Uint8Array;
    if (key.length !== len) continue;
    let i = 0;
    while (i < len && b[strStart + i] === key[i]) i++;
    if (i === len) return k;
  }
  return -1;
}

/**
 * Walks one object at `p` ('{'), handing each tracked key's value to `onKey` and skipping the rest.
 * False on a syntax it does not vouch for or on a repeated tracked key (JSON.parse keeps the last).
 */
function scanObject(keys: readonly Uint8Array[], onKey: (k: number) => boolean): boolean {
  if (b[p] !== 123) return false;
  p++;
  skipWs();
  if (b[p] === 125) {
    p++;
    return true;
  }
  let seen = 0;
  for (;;) {
    if (b[p] !== 34 || !scanString()) return false;
    const k = keyIndex(keys);
    skipWs();
    if (b[p] !== 58) return false;
    p++;
    skipWs();
    if (k >= 0) {
      if (seen & (1 << k)) return false;
      seen |= 1 << k;
      if (!onKey(k)) return false;
    } else if (!skipValue(1)) return false;
    skipWs();
    if (b[p] === 44) {
      p++;
      skipWs();
    } else if (b[p] === 125) {
      p++;
      return true;
    } else return false;
  }
}

let isMarketData = false;
let haveSymbol = false;
let haveExchange = false;
let haveData = false;

function onDataKey(k: number): boolean {
  if (!scanScalar()) return false;
  data[DATA_NAMES[k] as keyof MarketDataFields] = value;
  return true;
}

function onTopKey(k: number): boolean {
  if (k === 3) {
    haveData = true;
    return scanObject(DATA_KEYS, onDataKey);
  }
  if (b[p] !== 34 || !scanString() || !strAscii) return false;
  if (k === 0) isMarketData = keyIndex(MARKET_DATA) === 0;
  else if (k === 1) {
    out.symbol = b.toString('latin1', strStart, strEnd);
    haveSymbol = true;
  } else {
    out.exchange = b.toString('latin1', strStart, strEnd);
    haveExchange = true;
  }
  return true;
}

/**
 * The kept fields of a well-formed `market_data` frame whose type, symbol and exchange are plain
 * strings and whose data is an object of scalars; null for anything else (use JSON.parse then).
 * The returned object is reused by the next call.
 */
export function scanMarketData(raw: Buffer): ScannedMarketData | null {
  b = raw;
  p = 0;
  end = raw.length;
  isMarketData = haveSymbol = haveExchange = haveData = false;
  data.ltp = data.timestamp = data.ltt = data.volume = data.open = data.high = data.low = data.close = undefined;
  skipWs();
  const ok = scanObject(TOP_KEYS, onTopKey);
  skipWs();
  const complete = ok && p === end && isMarketData && haveSymbol && haveExchange && haveData;
  b = EMPTY; // do not pin the frame's memory
  return complete ? out : null;
}
const EMPTY = Buffer.alloc(0);
