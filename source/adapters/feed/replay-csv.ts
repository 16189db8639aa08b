// Reads replay CSVs (docs/feed.md) into time-ordered price events. Two formats, told apart by the
// header: ticks `timestamp,symbol,exchange,ltp,volume` and 1-minute bars
// `timestamp,symbol,open,high,low,close,volume`. A bad row is reported as `file:line` plus the field,
// and skipped; the rest of the file still plays.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Exchange } from '../../domain/market.js';
import { istDate } from '../../domain/time.js';
import { normaliseTimestamp } from './timestamp.js';
import { BAR_TICK_OFFSETS_MS, intrabarPrice, intrabarVolume, TICKS_PER_BAR } from '../bars/intrabar.js';

export { BAR_TICK_OFFSETS_MS } from '../bars/intrabar.js';

export type ReplayFormat = 'ticks' | 'bars';

/** One price event. `exchange` is null when the row named a bare symbol (bars), resolved at start. */
export interface ReplayEvent {
  readonly ts: number;
  readonly symbol: string;
  readonly exchange: Exchange | null;
  readonly ltp: number;
  readonly volume?: number;
}

export interface ReplayRowError {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export interface ReplayFile {
  readonly format: ReplayFormat;
  readonly events: ReplayEvent[];
  readonly errors: ReplayRowError[];
}

export function formatRowError(e: ReplayRowError): string {
  return `${e.file}:${e.line}: field '${e.field}': ${e.message}`;
}

const TICK_COLUMNS = ['timestamp', 'symbol', 'exchange', 'ltp', 'volume'];
const BAR_COLUMNS = ['timestamp', 'symbol', 'open', 'high', 'low', 'close', 'volume'];
const EXCHANGES = new Set<string>(['NSE', 'BSE', 'NSE_INDEX', 'BSE_INDEX']);

/** A bad row: thrown by a row parser, caught by its loop and reported as file:line plus `field`. */
export class RowError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function price(row: Record<string, string>, field: string): number {
  const raw = row[field] ?? '';
  const n = raw === '' ? NaN : Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new RowError(field, `'${raw}' is not a positive price`);
  return n;
}

function volume(row: Record<string, string>, required: boolean): number | undefined {
  const raw = row.volume ?? '';
  if (raw === '' && !required) return undefined;
  const n = raw === '' ? NaN : Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new RowError('volume', `'${raw}' is not a non-negative number`);
  return n;
}

function timestamp(row: Record<string, string>): number {
  const raw = row.timestamp ?? '';
  const ts = normaliseTimestamp(raw);
  if (Number.isNaN(ts)) throw new RowError('timestamp', `'${raw}' is neither epoch s/ms nor ISO 8601 with an offset`);
  return ts;
}

function symbolOf(row: Record<string, string>): { symbol: string; exchange: Exchange | null } {
  const raw = (row.symbol ?? '').toUpperCase();
  const at = raw.indexOf(':');
  const symbol = at < 0 ? raw : raw.slice(at + 1);
  if (!/^[A-Z0-9][A-Z0-9&_.-]*$/.test(symbol)) throw new RowError('symbol', `'${row.symbol ?? ''}' is not a symbol`);
  if (at < 0) return { symbol, exchange: null };
  const ex = raw.slice(0, at);
  if (!EXCHANGES.has(ex)) throw new RowError('symbol', `unknown exchange '${ex}'`);
  return { symbol, exchange: ex as Exchange };
}

interface BarRow {
  ts: number;
  symbol: string;
  exchange: Exchange | null;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

function parseBar(row: Record<string, string>): BarRow {
  const ts = timestamp(row);
  const { symbol, exchange } = symbolOf(row);
  const o = price(row, 'open');
  const h = price(row, 'high');
  const l = price(row, 'low');
  const c = price(row, 'close');
  if (h < Math.max(o, c, l)) throw new RowError('high', `${h} is below open/low/close`);
  if (l > Math.min(o, c)) throw new RowError('low', `${l} is above open/close`);
  return { ts, symbol, exchange, o, h, l, c, v: volume(row, true) ?? 0 };
}

function parseTick(row: Record<string, string>): ReplayEvent {
  const ts = timestamp(row);
  const { symbol } = symbolOf(row);
  const ex = (row.exchange ?? '').toUpperCase();
  if (!EXCHANGES.has(ex)) throw new RowError('exchange', `'${row.exchange ?? ''}' is not one of ${[...EXCHANGES].join(', ')}`);
  const ltp = price(row, 'ltp');
  const v = volume(row, false);
  return v === undefined ? { ts, symbol, exchange: ex as Exchange, ltp } : { ts, symbol, exchange: ex as Exchange, ltp, volume: v };
}

/** A bar becomes O → H/L → L/H → C (bars/intrabar.ts, shared with the backtest). Volume is cumulative per IST day. */
function barEvents(bars: BarRow[]): ReplayEvent[] {
  bars.sort((a, b) => a.ts - b.ts);
  const cum = new Map<string, { date: string; v: number }>();
  const out: ReplayEvent[] = [];
  for (const b of bars) {
    const id = `${b.exchange ?? ''}:${b.symbol}`;
    const date = istDate(b.ts);
    const prev = cum.get(id);
    const base = prev && prev.date === date ? prev.v : 0;
    cum.set(id, { date, v: base + b.v });
    for (let i = 0; i < TICKS_PER_BAR; i++) {
      out.push({ ts: b.ts + BAR_TICK_OFFSETS_MS[i]!, symbol: b.symbol, exchange: b.exchange, ltp: intrabarPrice(i, b.o, b.h, b.l, b.c), volume: intrabarVolume(i, base, b.v) });
    }
  }
  return out;
}

export function parseReplayCsv(text: string, file: string): ReplayFile {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, info: true });
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0;
    throw new Error(`${file}:${line}: unreadable CSV: ${(err as Error).message}`);
  }
  const header = rows.shift();
  if (!header) throw new Error(`${file}: empty file, expected a header`);
  const cols = header.record.map((c) => c.toLowerCase());
  const format: ReplayFormat | null = TICK_COLUMNS.every((c, i) => cols[i] === c || (c === 'volume' && cols.length === 4))
    ? 'ticks'
    : BAR_COLUMNS.every((c, i) => cols[i] === c)
      ? 'bars'
      : null;
  if (format === null) {
    throw new Error(`${file}:${header.info.lines}: unknown header '${header.record.join(',')}': expected '${TICK_COLUMNS.join(',')}' or '${BAR_COLUMNS.join(',')}'`);
  }
  const errors: ReplayRowError[] = [];
  const ticks: ReplayEvent[] = [];
  const bars: BarRow[] = [];
  for (const { record, info } of rows) {
    try {
      if (record.length !== cols.length) throw new RowError('*', `${record.length} fields, expected ${cols.length}`);
      const row: Record<string, string> = {};
      cols.forEach((c, i) => (row[c] = record[i] ?? ''));
      if (format === 'ticks') ticks.push(parseTick(row));
      else bars.push(parseBar(row));
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      errors.push({ file, line: info.lines, field: err.field, message: err.message });
    }
  }
  const events = format === 'ticks' ? ticks.sort((a, b) => a.ts - b.ts) : barEvents(bars).sort((a, b) => a.ts - b.ts);
  return { format, events, errors };
}

export async function loadReplayCsv(file: string): Promise<ReplayFile> {
  return parseReplayCsv(await readFile(file, 'utf8'), file);
}
