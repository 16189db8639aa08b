// Reads one CSV export of 1-minute OHLCV bars (docs/replay.md lists the shapes) into validated bars
// keyed by symbol and minute. A malformed row is rejected as `file:line: field 'x': message` and
// counted; bars outside the 09:15–15:29 IST session are dropped and counted (exports often include
// pre-open or post-close minutes); the same minute twice with the same values is kept once, with
// different values both rows are dropped (which one is right cannot be known) and the second names
// the first. Timestamps must fall on a minute start: a bar stamped 09:15:30 is not a minute bar and
// rounding it would silently merge two different bars.
import { parse } from 'csv-parse/sync';
import { istMinuteOfDay, MINUTE_MS } from '../../domain/time.js';
import { formatRowError, RowError, type ReplayRowError } from '../feed/replay-csv.js';
import { resolveColumns, type ColumnMap } from './import-columns.js';
import { normaliseSymbol } from './import-symbol.js';
import { parseImportDateTime, parseImportTimestamp, type ImportTz } from './import-timestamp.js';

export interface ImportedBar {
  readonly symbol: string;
  /** Epoch ms of the minute start. */
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly file: string;
  readonly line: number;
}

/** A rejected row: the replay's row error (same fields, same message format). */
export type ImportReject = ReplayRowError;

export interface ImportedFile {
  readonly file: string;
  readonly rowsRead: number;
  readonly bars: ImportedBar[];
  readonly rejects: ImportReject[];
  /** Valid bars outside 09:15–15:29 IST, dropped. */
  readonly outsideSession: number;
  /** Rows repeating an earlier row's minute with identical values. */
  readonly duplicates: number;
  readonly header: boolean;
  readonly notes: string[];
}

export interface ImportOptions {
  readonly tz: ImportTz;
  /** --symbol: every row's symbol, over any symbol column or file name. */
  readonly symbol?: string;
  /** The file name's symbol, used when there is neither --symbol nor a symbol column. */
  readonly fileSymbol?: string | null;
}

export class ImportFileError extends Error {}

export const formatReject = formatRowError;

const FIRST_MINUTE = 9 * 60 + 15;
const LAST_MINUTE = 15 * 60 + 29;

function num(cell: string | undefined): number {
  const s = (cell ?? '').trim().replace(/,/g, '');
  return s === '' ? NaN : Number(s);
}

function price(rec: readonly string[], i: number, field: string): number {
  const n = num(rec[i]);
  if (!Number.isFinite(n) || n <= 0) throw new RowError(field, `'${rec[i] ?? ''}' is not a positive price`);
  return n;
}

function parseRow(rec: readonly string[], cols: ColumnMap, o: ImportOptions, file: string, line: number): Omit<ImportedBar, 'file' | 'line'> {
  const t = cols.timestamp !== undefined
    ? parseImportTimestamp(rec[cols.timestamp] ?? '', o.tz)
    : parseImportDateTime(rec[cols.date!] ?? '', rec[cols.time!] ?? '', o.tz);
  if ('error' in t) throw new RowError(t.field ?? 'timestamp', t.error);
  const tsField = cols.timestamp !== undefined ? 'timestamp' : 'time';
  if (t.ms % MINUTE_MS !== 0) throw new RowError(tsField, `${new Date(t.ms).toISOString()} is not on a minute boundary (a bar is stamped with its minute start)`);
  const open = price(rec, cols.open, 'open');
  const high = price(rec, cols.high, 'high');
  const low = price(rec, cols.low, 'low');
  const close = price(rec, cols.close, 'close');
  if (high < Math.max(open, close, low)) throw new RowError('high', `${high} is below open/low/close`);
  if (low > Math.min(open, close)) throw new RowError('low', `${low} is above open/close`);
  let volume = 0;
  if (cols.volume !== undefined) {
    volume = num(rec[cols.volume]);
    if (!Number.isInteger(volume) || volume < 0) throw new RowError('volume', `'${rec[cols.volume] ?? ''}' is not a whole number ≥ 0`);
  }
  let symbol = o.symbol ?? null;
  if (symbol === null && cols.symbol !== undefined) {
    symbol = normaliseSymbol(rec[cols.symbol] ?? '');
    if (symbol === null) throw new RowError('symbol', `'${rec[cols.symbol] ?? ''}' is not a symbol`);
  }
  symbol ??= o.fileSymbol ?? null;
  if (symbol === null) throw new ImportFileError(`${file}:${line}: no symbol: the file name names none and there is no symbol column; pass --symbol`);
  return { symbol, start: t.ms, open, high, low, close, volume };
}

const sameValues = (a: ImportedBar, b: ImportedBar): boolean =>
  a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;

/** Parses a whole file's text; throws ImportFileError when the file as a whole cannot be read. */
export function parseImportCsv(text: string, file: string, o: ImportOptions): ImportedFile {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, info: true });
  } catch (e) {
    throw new ImportFileError(`${file}:${(e as { lines?: number }).lines ?? 0}: unreadable CSV: ${(e as Error).message}`);
  }
  const first = records[0];
  if (!first) throw new ImportFileError(`${file}: empty file`);
  const cols = resolveColumns(first.record);
  if ('error' in cols) throw new ImportFileError(`${file}:${first.info.lines}: ${cols.error}`);
  const rows = cols.header ? records.slice(1) : records;
  const notes: string[] = [];
  if (cols.volume === undefined) notes.push(`${file}: no volume column: every bar gets volume 0`);

  const rejects: ImportReject[] = [];
  const byMinute = new Map<string, ImportedBar>();
  const conflicted = new Set<string>();
  let outsideSession = 0;
  let duplicates = 0;
  for (const { record, info } of rows) {
    const line = info.lines;
    try {
      if (record.length < cols.names.length) throw new RowError('*', `${record.length} fields, expected ${cols.names.length}`);
      const bar: ImportedBar = { ...parseRow(record, cols, o, file, line), file, line };
      const m = istMinuteOfDay(bar.start);
      if (m < FIRST_MINUTE || m > LAST_MINUTE) {
        outsideSession++;
        continue;
      }
      const k = `${bar.symbol}@${bar.start}`;
      if (conflicted.has(k)) throw new RowError('timestamp', `minute already rejected as conflicting`);
      const seen = byMinute.get(k);
      if (seen === undefined) byMinute.set(k, bar);
      else if (sameValues(seen, bar)) duplicates++;
      else {
        byMinute.delete(k);
        conflicted.add(k);
        rejects.push({ file, line: seen.line, field: 'timestamp', message: `same minute as line ${line} with different values` });
        throw new RowError('timestamp', `same minute as line ${seen.line} with different values; both dropped`);
      }
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      rejects.push({ file, line, field: e.field, message: e.message });
    }
  }
  const bars = [...byMinute.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.start - b.start));
  rejects.sort((a, b) => a.line - b.line);
  return { file, rowsRead: rows.length, bars, rejects, outsideSession, duplicates, header: cols.header, notes };
}
