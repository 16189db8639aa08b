// Merges imported bars into the layout (DIR/YYYY-MM-DD/SYMBOL.csv, docs/backtest.md): a minute
// already there with the same values is left alone (so importing a file twice changes nothing), a
// minute there with different values is a conflict and that day file is not touched at all. Each day
// file is written whole to a temporary name and renamed over the old one, so a crash or a conflict
// never leaves a half-written file.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { istDate, istIso } from '../../domain/time.js';
import { writeFileAtomic } from '../store/atomic-file.js';
import { ImportFileError, parseImportCsv, type ImportedBar } from './import-csv.js';
import { LAYOUT_HEADER } from './layout-parse.js';

export interface DayMergeResult {
  readonly date: string;
  readonly symbol: string;
  readonly path: string;
  readonly added: number;
  readonly unchanged: number;
  /** Conflicts found: the file was left as it was. */
  readonly conflicts: string[];
  /** The existing file could not be read as a layout file: left as it was. */
  readonly error?: string;
}

type Row = Pick<ImportedBar, 'start' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'file' | 'line'>;

async function readExisting(path: string, symbol: string): Promise<Map<number, Row> | string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    return `${path}: cannot read: ${(e as Error).message}`;
  }
  try {
    const parsed = parseImportCsv(text, path, { tz: 'ist', symbol });
    if (parsed.rejects.length > 0 || parsed.outsideSession > 0) {
      return `${path}: the existing file has ${parsed.rejects.length + parsed.outsideSession} bad rows (first: line ${parsed.rejects[0]?.line ?? '?'}); fix or remove it before importing into it`;
    }
    return new Map(parsed.bars.map((b) => [b.start, b]));
  } catch (e) {
    if (e instanceof ImportFileError) return `${e.message} (existing file)`;
    throw e;
  }
}

const same = (a: Row, b: Row): boolean => a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;

/** Merges one symbol's bars of one IST date into its day file. */
export async function mergeDayFile(dataDir: string, date: string, symbol: string, bars: readonly ImportedBar[]): Promise<DayMergeResult> {
  const path = join(dataDir, date, `${symbol}.csv`);
  const existing = await readExisting(path, symbol);
  if (typeof existing === 'string') return { date, symbol, path, added: 0, unchanged: 0, conflicts: [], error: existing };
  const conflicts: string[] = [];
  let added = 0;
  let unchanged = 0;
  // Checked against the merged map so two imported files overlapping on a minute are caught too.
  const merged = new Map(existing);
  for (const b of bars) {
    const old = merged.get(b.start);
    if (old === undefined) {
      merged.set(b.start, b);
      added++;
    } else if (same(old, b)) unchanged++;
    else {
      conflicts.push(`${b.file}:${b.line}: field 'timestamp': ${istIso(b.start)} is already in ${old.file}:${old.line} with different values`);
    }
  }
  if (conflicts.length > 0 || added === 0) return { date, symbol, path, added: conflicts.length > 0 ? 0 : added, unchanged, conflicts };
  const rows = [...merged.values()].sort((a, b) => a.start - b.start);
  const text = `${LAYOUT_HEADER}\n${rows.map((r) => `${istIso(r.start)},${r.open},${r.high},${r.low},${r.close},${r.volume}`).join('\n')}\n`;
  await mkdir(join(dataDir, date), { recursive: true });
  await writeFileAtomic(path, text);
  return { date, symbol, path, added, unchanged, conflicts };
}

/** Groups bars by (IST date, symbol) and merges each group; day files are independent. */
export async function mergeIntoLayout(dataDir: string, bars: readonly ImportedBar[]): Promise<DayMergeResult[]> {
  const groups = new Map<string, ImportedBar[]>();
  for (const b of bars) {
    const k = `${istDate(b.start)}/${b.symbol}`;
    const g = groups.get(k);
    if (g) g.push(b);
    else groups.set(k, [b]);
  }
  const results: DayMergeResult[] = [];
  for (const [k, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [date, symbol] = k.split('/') as [string, string];
    results.push(await mergeDayFile(dataDir, date, symbol, g));
  }
  return results;
}
