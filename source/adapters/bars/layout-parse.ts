// Parses one SYMBOL.csv of the bar layout (docs/backtest.md): header `timestamp,open,high,low,close,volume`,
// one 1-minute bar per row. This is a strict hand-written line parser rather than csv-parse: the layout
// is a fixed six-column format with no quoting, the backtest's throughput goal (500,000 bars/s) includes
// reading, and a general CSV parser's per-field allocations dominated that cost. Messy exports go through
// the importer (bars/import-*.ts, csv-parse), which writes this layout. A bad row is reported as
// file:line plus the field, counted and skipped; the rest of the file still plays.
import { IST_OFFSET_MS } from '../../domain/time.js';
import { normaliseTimestamp } from '../feed/timestamp.js';
import { RowError, type ReplayRowError } from '../feed/replay-csv.js';
import type { MinuteBar } from './bar-source.js';
import type { RowSink } from './layout-columns.js';

export const LAYOUT_HEADER = 'timestamp,open,high,low,close,volume';

export interface ParsedFile {
  readonly bars: MinuteBar[];
  readonly errors: ReplayRowError[];
}

export interface ParseWindow {
  /** First allowed bar start (epoch ms, 09:15 IST of the date). */
  readonly open: number;
  /** No bar may start at or after this (15:30 IST: the last bar is 15:29). */
  readonly close: number;
}

const FIELDS = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;
const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

/** 10^k for k ≤ 15, all exact doubles. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** Where the fast path left its values: ts, open, high, low, close, volume. */
const row6 = new Float64Array(6);
let scanEnd = 0;

/**
 * Reads a plain decimal (digits, optionally '.' and digits; at most 15 digits) at `i`, ending at `stop`
 * (a character code) or at `end`; leaves the index after it in scanEnd. NaN for anything else. The value
 * is m / 10^k with both exact, so the division's correct rounding gives exactly Number()'s double.
 */
function plainDecimal(text: string, i: number, end: number, stop: number, wholeOnly: boolean): number {
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0 && digits > 0 && !wholeOnly) frac = 0;
    else if (c === stop) break;
    else return NaN;
  }
  if (digits === 0 || digits > 15 || frac === 0) return NaN;
  scanEnd = i + 1;
  return frac > 0 ? m / (POW10[frac] as number) : m;
}

/**
 * The common row, parsed in place without slicing: `YYYY-MM-DDTHH:MM:00+05:30` of the file's date, four
 * plain positive prices with low ≤ open,close ≤ high, a whole volume, inside the window and after
 * `lastTs`. Anything else (including every error) returns false and goes through the general path,
 * which gives the same values for what this accepts and the exact error message for the rest.
 */
function fastRow(text: string, pos: number, end: number, date: string, dayUtcMidnight: number, window: ParseWindow, lastTs: number): boolean {
  if (end - pos < 35 || !text.startsWith(date, pos) || text.charCodeAt(pos + 10) !== 84 || text.charCodeAt(pos + 13) !== 58 || text.charCodeAt(pos + 16) !== 58) return false;
  if (text.charCodeAt(pos + 17) !== 48 || text.charCodeAt(pos + 18) !== 48 || !text.startsWith('+05:30,', pos + 19)) return false;
  const h1 = text.charCodeAt(pos + 11) - 48;
  const h2 = text.charCodeAt(pos + 12) - 48;
  const m1 = text.charCodeAt(pos + 14) - 48;
  const m2 = text.charCodeAt(pos + 15) - 48;
  if (!(h1 >= 0 && h1 <= 9 && h2 >= 0 && h2 <= 9 && m1 >= 0 && m1 <= 5 && m2 >= 0 && m2 <= 9)) return false;
  const ts = dayUtcMidnight - IST_OFFSET_MS + ((h1 * 10 + h2) * 60 + m1 * 10 + m2) * 60_000;
  if (ts < window.open || ts >= window.close || ts <= lastTs) return false;
  let i = pos + 26;
  for (let k = 1; k <= 4; k++) {
    const v = plainDecimal(text, i, end, 44, false);
    if (!(v > 0)) return false;
    row6[k] = v;
    i = scanEnd;
  }
  if (i > end) return false;
  const vol = plainDecimal(text, i, end, -1, true);
  if (Number.isNaN(vol)) return false;
  const o = row6[1] as number;
  const h = row6[2] as number;
  const l = row6[3] as number;
  const c = row6[4] as number;
  if (l > o || l > c || h < o || h < c) return false;
  row6[0] = ts;
  row6[5] = vol;
  return true;
}

/** `YYYY-MM-DDTHH:MM:SS+05:30`, the layout's own form, without Date.parse; NaN when it is not that form. */
function fastIst(s: string, dayUtcMidnight: number, datePrefix: string): number {
  if (s.length !== 25 || !s.startsWith(datePrefix) || s.charCodeAt(10) !== 84 /* T */ || !s.endsWith('+05:30')) return NaN;
  const d = (i: number): number => s.charCodeAt(i) - 48;
  const hh = d(11) * 10 + d(12);
  const mm = d(14) * 10 + d(15);
  const ss = d(17) * 10 + d(18);
  if (!(hh >= 0 && hh < 24 && mm >= 0 && mm < 60 && ss >= 0 && ss < 60) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  return dayUtcMidnight - IST_OFFSET_MS + ((hh * 60 + mm) * 60 + ss) * 1000;
}

function num(raw: string, field: string, positive: boolean): number {
  const n = raw === '' ? NaN : Number(raw);
  if (positive ? !(n > 0) || !Number.isFinite(n) : !(n >= 0) || !Number.isInteger(n)) {
    throw new RowError(field, positive ? `'${raw}' is not a positive price` : `'${raw}' is not a whole number ≥ 0`);
  }
  return n;
}

/**
 * Parses a layout file's text. `date` is the directory's IST date; rows outside `window`, out of order or
 * malformed are rejected. An unreadable header throws (the whole file is unusable).
 */
export function parseLayoutCsv(text: string, file: string, symbol: string, date: string, window: ParseWindow): ParsedFile {
  const bars: MinuteBar[] = [];
  const sink: RowSink = {
    push: (ts, open, high, low, close, volume) => void bars.push({ symbol, ts, open, high, low, close, volume }),
  };
  return { bars, errors: parseLayoutRows(text, file, date, window, sink) };
}

/** As parseLayoutCsv, handing each good row to `sink` (in file order); returns the rejected rows. */
export function parseLayoutRows(text: string, file: string, date: string, window: ParseWindow, sink: RowSink): ReplayRowError[] {
  const errors: ReplayRowError[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  let headerSeen = false;
  let lastTs = Number.NEGATIVE_INFINITY;
  const dayUtcMidnight = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const parts: string[] = ['', '', '', '', '', ''];
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    line++;
    if (headerSeen) {
      const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (fastRow(text, pos, stop, date, dayUtcMidnight, window, lastTs)) {
        pos = end + 1;
        lastTs = row6[0] as number;
        sink.push(lastTs, row6[1] as number, row6[2] as number, row6[3] as number, row6[4] as number, row6[5] as number);
        continue;
      }
    }
    let row = text.slice(pos, end);
    pos = end + 1;
    if (row.endsWith('\r')) row = row.slice(0, -1);
    if (row.trim() === '') continue;
    if (!headerSeen) {
      headerSeen = true;
      if (row.trim().toLowerCase().replace(/\s+/g, '') !== LAYOUT_HEADER) {
        throw new Error(`${file}:${line}: unknown header '${row}': expected '${LAYOUT_HEADER}'`);
      }
      continue;
    }
    try {
      let k = 0;
      let from = 0;
      for (;;) {
        const comma = row.indexOf(',', from);
        if (k >= 6) throw new RowError('*', `more than ${FIELDS.length} fields, expected ${FIELDS.length}`);
        parts[k++] = (comma < 0 ? row.slice(from) : row.slice(from, comma)).trim();
        if (comma < 0) break;
        from = comma + 1;
      }
      if (k !== 6) throw new RowError('*', `${k} fields, expected ${FIELDS.length}`);
      const rawTs = parts[0] as string;
      let ts = fastIst(rawTs, dayUtcMidnight, date);
      if (Number.isNaN(ts)) ts = rawTs.includes('T') || rawTs.includes(' ') ? normaliseTimestamp(rawTs) : NaN;
      if (Number.isNaN(ts)) throw new RowError('timestamp', `'${rawTs}' is not ISO 8601 with an offset (e.g. ${date}T09:15:00+05:30)`);
      if (ts % 60_000 !== 0) throw new RowError('timestamp', `'${rawTs}' is not the start of a minute`);
      if (ts < window.open || ts >= window.close) throw new RowError('timestamp', `'${rawTs}' is outside the ${date} session (09:15–15:29 IST)`);
      if (ts <= lastTs) throw new RowError('timestamp', `'${rawTs}' is not after the previous row's time`);
      const o = num(parts[1] as string, PRICE_FIELDS[0], true);
      const h = num(parts[2] as string, PRICE_FIELDS[1], true);
      const l = num(parts[3] as string, PRICE_FIELDS[2], true);
      const c = num(parts[4] as string, PRICE_FIELDS[3], true);
      if (l > o || l > c) throw new RowError('low', `${l} is above open/close`);
      if (h < o || h < c) throw new RowError('high', `${h} is below open/close`);
      const v = num(parts[5] as string, 'volume', false);
      lastTs = ts;
      sink.push(ts, o, h, l, c, v);
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      errors.push({ file, line, field: err.field, message: err.message });
    }
  }
  if (!headerSeen) throw new Error(`${file}: empty file, expected the header '${LAYOUT_HEADER}'`);
  return errors;
}
