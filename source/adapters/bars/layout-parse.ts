// Parses one SYMBOL.csv of the bar layout (docs/backtest.md): header `timestamp,open,high,low,close,volume`,
// one 1-minute bar per row. This is a strict hand-written line parser rather than csv-parse: the layout
// is a fixed six-column format with no quoting, the backtest's throughput goal (500,000 bars/s) includes
// reading, and a general CSV parser's per-field allocations dominated that cost. Messy exports go through
// the importer (bars/import-*.ts, csv-parse), which writes this layout. A bad row is reported as
// file:line plus the field, counted and skipped; the rest of the file still plays.
import { IST_OFFSET_MS } from '../../domain/time.js';
import { normaliseTimestamp } from '../feed/timestamp.js';
import type { ReplayRowError } from '../feed/replay-csv.js';
import type { MinuteBar } from './bar-source.js';

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

class RowError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const FIELDS = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;
const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

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
    let row = text.slice(pos, end);
    pos = end + 1;
    line++;
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
      bars.push({ symbol, ts, open: o, high: h, low: l, close: c, volume: v });
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      errors.push({ file, line, field: err.field, message: err.message });
    }
  }
  if (!headerSeen) throw new Error(`${file}: empty file, expected the header '${LAYOUT_HEADER}'`);
  return { bars, errors };
}
