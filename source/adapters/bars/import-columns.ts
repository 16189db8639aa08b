// Which column holds what in a CSV export. A first row with no numeric cell is a header, matched by
// name (case, spaces and punctuation ignored: 'Open Price', 'OPEN', 'o' are all open); otherwise the
// file is headerless and its columns are timestamp,open,high,low,close,volume (or date,time,open,…
// when the first two cells are a date and a time). Columns the importer does not know (oi, exchange,
// series…) are ignored.
import { normaliseDate } from './import-timestamp.js';

export interface ColumnMap {
  readonly header: boolean;
  /** One timestamp column, or a date column and a time column. */
  readonly timestamp?: number;
  readonly date?: number;
  readonly time?: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Absent: every bar gets volume 0 (index exports often have none). */
  readonly volume?: number;
  readonly symbol?: number;
  /** Column names as written, for messages; headerless files get the canonical names. */
  readonly names: readonly string[];
}

type Role = 'timestamp' | 'date' | 'time' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'symbol';

const ALIASES: Readonly<Record<Role, readonly string[]>> = {
  timestamp: ['timestamp', 'datetime', 'ts', 'timestampist', 'timestamputc', 'datetimeist', 'timeist', 'candletime', 'bartime'],
  date: ['date', 'tradedate', 'day'],
  time: ['time', 'minute'],
  open: ['open', 'o', 'openprice', 'opening', 'openingprice'],
  high: ['high', 'h', 'highprice', 'dayhigh'],
  low: ['low', 'l', 'lowprice', 'daylow'],
  close: ['close', 'c', 'closeprice', 'closing', 'closingprice', 'ltp', 'last', 'lastprice'],
  volume: ['volume', 'v', 'vol', 'qty', 'quantity', 'tradedqty', 'tradedquantity', 'totaltradedquantity', 'sharestraded'],
  symbol: ['symbol', 'ticker', 'tradingsymbol', 'scrip', 'instrument', 'securityid', 'security'],
};

const key = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const isNumber = (s: string): boolean => /^-?\d[\d,]*(?:\.\d+)?$|^-?\.\d+$/.test(s.trim());

export const CANONICAL = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;

/** A header or headerless layout from the first record; a message when neither fits. */
export function resolveColumns(first: readonly string[]): ColumnMap | { error: string } {
  if (!first.some(isNumber)) return fromHeader(first);
  if (first.length === 6) return { header: false, timestamp: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, names: CANONICAL };
  if (first.length === 7 && normaliseDate(first[0] ?? '') !== null && /^\d{1,2}:\d{2}/.test((first[1] ?? '').trim())) {
    return { header: false, date: 0, time: 1, open: 2, high: 3, low: 4, close: 5, volume: 6, names: ['date', 'time', 'open', 'high', 'low', 'close', 'volume'] };
  }
  return { error: `no header and ${first.length} columns: a headerless file must be timestamp,open,high,low,close,volume (or date,time,open,high,low,close,volume)` };
}

function fromHeader(names: readonly string[]): ColumnMap | { error: string } {
  const found = new Map<Role, number>();
  names.forEach((name, i) => {
    const k = key(name);
    for (const role of Object.keys(ALIASES) as Role[]) {
      if (!found.has(role) && ALIASES[role].includes(k)) found.set(role, i);
    }
  });
  // 'date' alone or 'time' alone usually holds the whole date-time.
  let timestamp = found.get('timestamp');
  let date = found.get('date');
  let time = found.get('time');
  if (timestamp === undefined && (date === undefined) !== (time === undefined)) {
    timestamp = date ?? time;
    date = undefined;
    time = undefined;
  }
  if (timestamp !== undefined) {
    date = undefined;
    time = undefined;
  }
  const missing: string[] = [];
  if (timestamp === undefined && (date === undefined || time === undefined)) missing.push('timestamp (or date and time)');
  for (const r of ['open', 'high', 'low', 'close'] as const) if (!found.has(r)) missing.push(r);
  if (missing.length > 0) return { error: `header '${names.join(',')}' has no ${missing.join(', ')} column` };
  const volume = found.get('volume');
  const symbol = found.get('symbol');
  return {
    header: true,
    ...(timestamp !== undefined ? { timestamp } : { date: date!, time: time! }),
    open: found.get('open')!,
    high: found.get('high')!,
    low: found.get('low')!,
    close: found.get('close')!,
    ...(volume !== undefined ? { volume } : {}),
    ...(symbol !== undefined ? { symbol } : {}),
    names,
  };
}
