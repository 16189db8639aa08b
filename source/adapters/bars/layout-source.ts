// A BarSource over the bar layout directory (docs/backtest.md): DIR/YYYY-MM-DD/SYMBOL.csv. It lists the
// dates once and reads ONE date at a time (every requested symbol of it), so a year of data costs the
// memory of a day.
import { readdir } from 'node:fs/promises';
import { readdirSync, readFile, statSync } from 'node:fs';
import path from 'node:path';
import { isIsoDate, istInstant, type IsoDate } from '../../domain/time.js';
import type { ReplayRowError } from '../feed/replay-csv.js';
import { sortDay, type BarSource, type DayBars } from './bar-source.js';
import { parseLayoutCsv, parseLayoutRows, type ParseWindow } from './layout-parse.js';
import { parseLayoutBytes } from './layout-bytes.js';
import { mergeColumns, RowColumns, type ColumnarBarSource, type DayColumns } from './layout-columns.js';

export interface LayoutSourceOptions {
  readonly dir: string;
  /** Instruments to read: equity symbols and, usually, NIFTY. Upper case. */
  readonly symbols: readonly string[];
  /** The session's first and last+1 bar start of a date; default 09:15 and 15:30 IST. */
  readonly session?: (date: IsoDate) => ParseWindow | null;
}

/**
 * A whole file's bytes through the callback API: fs/promises' readFile costs ~2× the main-thread time
 * per file (a day is ~200 small files, read while the previous day plays).
 */
function readBytes(file: string): Promise<Buffer> {
  return new Promise((resolve, reject) => readFile(file, (err, bytes) => (err ? reject(err) : resolve(bytes))));
}

const defaultSession = (date: IsoDate): ParseWindow => ({ open: istInstant(date, '09:15'), close: istInstant(date, '15:30') });

/** Reads the date directories of a layout; throws when `dir` is not a directory. */
export function layoutDates(dir: string): IsoDate[] {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
    entries = readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `bar data directory ${dir} does not exist` : (e as Error).message);
  }
  return entries.filter((name) => isIsoDate(name)).sort();
}

export class LayoutBarSource implements BarSource, ColumnarBarSource {
  readonly describe: string;
  private readonly all: IsoDate[];

  constructor(private readonly o: LayoutSourceOptions) {
    this.all = layoutDates(o.dir);
    this.describe = `bar layout ${o.dir}`;
  }

  dates(): readonly IsoDate[] {
    return this.all;
  }

  async loadDay(date: IsoDate): Promise<DayBars> {
    const read = await this.read(date, (bytes, file, symbol, d, window) => {
      const parsed = parseLayoutCsv(bytes.toString('utf8'), file, symbol, d, window);
      return { rows: parsed.bars, errors: parsed.errors };
    });
    if (read === null) return { date, bars: [], errors: [], missing: [...this.o.symbols] };
    return { date, bars: sortDay(read.rows.map((r) => r ?? [])), errors: read.errors, missing: read.missing };
  }

  /** The same day as loadDay, as columns (the replay feed plays these: no object per row). */
  async loadDayColumns(date: IsoDate): Promise<DayColumns> {
    const read = await this.read(date, (bytes, file, _symbol, d, window) => {
      const fast = new RowColumns();
      // The plain common case from the bytes; anything else again through the text parser (all rules).
      if (parseLayoutBytes(bytes, d, window, fast)) return { rows: fast, errors: [] };
      const rows = new RowColumns();
      return { rows, errors: parseLayoutRows(bytes.toString('utf8'), file, d, window, rows) };
    });
    if (read === null) return mergeColumns(date, this.o.symbols, [], { errors: [], missing: [...this.o.symbols] });
    return mergeColumns(date, this.o.symbols, read.rows, { errors: read.errors, missing: read.missing });
  }

  /** Reads every symbol's file of `date` and parses each with `parse`; rows per symbol in list order. */
  private async read<T>(date: IsoDate, parse: (bytes: Buffer, file: string, symbol: string, date: IsoDate, window: ParseWindow) => { rows: T; errors: readonly ReplayRowError[] }): Promise<{ rows: (T | null)[]; errors: ReplayRowError[]; missing: string[] } | null> {
    const dayDir = path.join(this.o.dir, date);
    const window = (this.o.session ?? defaultSession)(date);
    if (!this.all.includes(date) || window === null) return null;
    const present = new Set(await readdir(dayDir).catch(() => [] as string[]));
    const errors: ReplayRowError[] = [];
    const missing: string[] = [];
    const rows = await Promise.all(
      this.o.symbols.map(async (symbol): Promise<T | null> => {
        const name = `${symbol}.csv`;
        if (!present.has(name)) {
          missing.push(symbol);
          return null;
        }
        const file = path.join(dayDir, name);
        let bytes: Buffer;
        try {
          bytes = await readBytes(file);
        } catch (e) {
          errors.push({ file, line: 0, field: '*', message: `unreadable: ${(e as Error).message}` });
          return null;
        }
        try {
          const parsed = parse(bytes, file, symbol, date, window);
          for (const e of parsed.errors) errors.push(e);
          return parsed.rows;
        } catch (e) {
          // A bad header makes the whole file unusable: one error for the file, the other symbols still play.
          const m = /^(.*?):(\d+): (.*)$/s.exec((e as Error).message);
          errors.push({ file, line: m ? Number(m[2]) : 1, field: 'header', message: m ? (m[3] as string) : (e as Error).message });
          return null;
        }
      }),
    );
    missing.sort((a, b) => this.o.symbols.indexOf(a) - this.o.symbols.indexOf(b));
    errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    return { rows, errors, missing };
  }
}
