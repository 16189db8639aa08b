// `algo-tui import` as a function: read every file, validate, merge into the layout, summarise.
// Files are read independently (one unreadable file does not stop the others); bars of all files are
// merged together, so two exports of the same symbol covering different days land in the same tree.
import { readFile } from 'node:fs/promises';
import { formatReject, ImportFileError, parseImportCsv, type ImportedBar, type ImportReject } from './import-csv.js';
import { mergeIntoLayout } from './import-layout.js';
import { symbolFromFileName } from './import-symbol.js';
import type { ImportTz } from './import-timestamp.js';

export interface ImportRequest {
  readonly files: readonly string[];
  readonly dataDir: string;
  readonly tz?: ImportTz;
  readonly symbol?: string;
}

export interface SymbolSummary {
  readonly symbol: string;
  /** Bars newly written. */
  readonly written: number;
  /** Bars already in the layout with the same values. */
  readonly unchanged: number;
  readonly days: number;
}

export interface ImportSummary {
  readonly files: number;
  /** Files that could not be read at all, each with its message. */
  readonly fileErrors: string[];
  readonly rowsRead: number;
  readonly outsideSession: number;
  readonly duplicates: number;
  readonly rejects: ImportReject[];
  readonly symbols: SymbolSummary[];
  /** Day files left untouched because of a conflict or an unreadable existing file. */
  readonly dayErrors: string[];
  readonly notes: string[];
}

export async function importFiles(req: ImportRequest): Promise<ImportSummary> {
  const fileErrors: string[] = [];
  const rejects: ImportReject[] = [];
  const notes: string[] = [];
  const bars: ImportedBar[] = [];
  let rowsRead = 0;
  let outsideSession = 0;
  let duplicates = 0;
  for (const file of req.files) {
    try {
      const text = await readFile(file, 'utf8');
      const parsed = parseImportCsv(text, file, {
        tz: req.tz ?? 'ist',
        ...(req.symbol !== undefined ? { symbol: req.symbol } : {}),
        fileSymbol: symbolFromFileName(file),
      });
      rowsRead += parsed.rowsRead;
      outsideSession += parsed.outsideSession;
      duplicates += parsed.duplicates;
      // Loops, not push(...xs): an export of 200,000 bars is too many call arguments.
      for (const r of parsed.rejects) rejects.push(r);
      for (const n of parsed.notes) notes.push(n);
      for (const b of parsed.bars) bars.push(b);
    } catch (e) {
      if (e instanceof ImportFileError) fileErrors.push(e.message);
      else if ((e as NodeJS.ErrnoException).code !== undefined) fileErrors.push(`${file}: cannot read: ${(e as Error).message}`);
      else throw e;
    }
  }
  const merged = await mergeIntoLayout(req.dataDir, bars);
  const dayErrors: string[] = [];
  const bySymbol = new Map<string, { written: number; unchanged: number; days: Set<string> }>();
  for (const r of merged) {
    if (r.error !== undefined) dayErrors.push(r.error);
    for (const c of r.conflicts) dayErrors.push(c);
    const s = bySymbol.get(r.symbol) ?? { written: 0, unchanged: 0, days: new Set<string>() };
    s.written += r.added;
    s.unchanged += r.unchanged;
    if (r.error === undefined && r.conflicts.length === 0) s.days.add(r.date);
    bySymbol.set(r.symbol, s);
  }
  const symbols = [...bySymbol].sort(([a], [b]) => (a < b ? -1 : 1)).map(([symbol, s]) => ({ symbol, written: s.written, unchanged: s.unchanged, days: s.days.size }));
  return { files: req.files.length, fileErrors, rowsRead, outsideSession, duplicates, rejects, symbols, dayErrors, notes };
}

/** 1 when a file could not be read, a day file could not be merged, or no row at all was accepted. */
export function importExitCode(s: ImportSummary): number {
  if (s.fileErrors.length > 0 || s.dayErrors.length > 0) return 1;
  const accepted = s.rowsRead - s.rejects.length;
  return s.rowsRead === 0 || accepted <= 0 ? 1 : 0;
}

export function formatImportSummary(s: ImportSummary, dataDir: string, maxMessages = 10): string {
  const out: string[] = [];
  const n = (x: number): string => x.toLocaleString('en-IN');
  out.push(`import: ${s.files} file${s.files === 1 ? '' : 's'}, ${n(s.rowsRead)} rows read → ${dataDir}`);
  for (const e of s.fileErrors) out.push(`  error: ${e}`);
  for (const x of s.symbols) {
    out.push(`  ${x.symbol}: ${n(x.written)} bars written, ${n(x.unchanged)} already there, ${x.days} day${x.days === 1 ? '' : 's'}`);
  }
  if (s.duplicates > 0) out.push(`  repeated rows (same minute, same values) kept once: ${n(s.duplicates)}`);
  if (s.outsideSession > 0) out.push(`  bars outside 09:15–15:29 IST dropped: ${n(s.outsideSession)}`);
  for (const note of s.notes) out.push(`  note: ${note}`);
  if (s.rejects.length > 0) {
    const byField = new Map<string, number>();
    for (const r of s.rejects) byField.set(r.field, (byField.get(r.field) ?? 0) + 1);
    out.push(`  rejected rows: ${n(s.rejects.length)} (${[...byField].map(([f, c]) => `${f}: ${c}`).join(', ')})`);
    for (const r of s.rejects.slice(0, maxMessages)) out.push(`    ${formatReject(r)}`);
    if (s.rejects.length > maxMessages) out.push(`    … and ${n(s.rejects.length - maxMessages)} more`);
  }
  if (s.dayErrors.length > 0) {
    out.push(`  day files left unchanged: ${s.dayErrors.length} problem${s.dayErrors.length === 1 ? '' : 's'}`);
    for (const e of s.dayErrors.slice(0, maxMessages)) out.push(`    ${e}`);
    if (s.dayErrors.length > maxMessages) out.push(`    … and ${n(s.dayErrors.length - maxMessages)} more`);
  }
  return `${out.join('\n')}\n`;
}
