// Loads a symbol list CSV (header `Symbol`, one NSE symbol per line). 'live' and 'test' name the
// packaged lists; anything else is a path. Bad rows fail loudly with file:line; duplicates warn.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

export interface LoadedSymbols {
  readonly symbols: string[];
  readonly file: string;
  readonly warnings: string[];
}

export class SymbolListError extends Error {
  override readonly name = 'SymbolListError';
}

/** NSE cash symbols: letters and digits plus '&' and '-' (M&M, BAJAJ-AUTO), at most 20 characters. */
const SYMBOL_RE = /^[A-Z0-9][A-Z0-9&-]{0,19}$/;

export function symbolListFile(spec: string, packageRoot: string, cwd: string = process.cwd()): string {
  if (spec === 'live' || spec === 'test') return path.join(packageRoot, `symbol_list_${spec}.csv`);
  return path.resolve(cwd, spec);
}

export function loadSymbols(spec: 'live' | 'test' | string, maxSymbols: number | null, packageRoot: string, cwd?: string): LoadedSymbols {
  const file = symbolListFile(spec, packageRoot, cwd);
  if (maxSymbols !== null && (!Number.isInteger(maxSymbols) || maxSymbols < 1)) {
    throw new SymbolListError(`max-symbols = ${maxSymbols}: expected an integer ≥ 1`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SymbolListError(`cannot read symbol list ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  // Trailing blank lines are an editor habit, not a malformed row.
  text = text.replace(/^\uFEFF/, '').replace(/\s+$/, '');

  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { info: true, relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new SymbolListError(`${file}${e.lines !== undefined ? `:${e.lines}` : ''}: not valid CSV: ${e.message}`);
  }

  const header = rows[0];
  if (!header || header.record.length !== 1 || header.record[0] !== 'Symbol') {
    throw new SymbolListError(`${file}:1: expected the header "Symbol", found ${JSON.stringify(header?.record.join(',') ?? '')}`);
  }

  const symbols: string[] = [];
  const warnings: string[] = [];
  const firstSeen = new Map<string, number>();
  for (const { record, info } of rows.slice(1)) {
    const line = info.lines;
    if (record.length !== 1) {
      throw new SymbolListError(`${file}:${line}: expected one column (Symbol), found ${record.length}: ${JSON.stringify(record.join(','))}`);
    }
    const value = record[0] ?? '';
    const symbol = value.toUpperCase();
    if (symbol === '') throw new SymbolListError(`${file}:${line}: empty symbol`);
    if (!SYMBOL_RE.test(symbol)) {
      throw new SymbolListError(
        `${file}:${line}: invalid symbol ${JSON.stringify(value)}: expected letters, digits, '&' or '-' (e.g. RELIANCE, M&M, BAJAJ-AUTO)`,
      );
    }
    const seen = firstSeen.get(symbol);
    if (seen !== undefined) {
      warnings.push(`${file}:${line}: duplicate symbol ${symbol} (first on line ${seen}) dropped`);
      continue;
    }
    firstSeen.set(symbol, line);
    symbols.push(symbol);
  }
  if (symbols.length === 0) throw new SymbolListError(`${file}: no symbols after the header`);

  if (maxSymbols !== null && maxSymbols < symbols.length) {
    return { symbols: symbols.slice(0, maxSymbols), file, warnings };
  }
  if (maxSymbols !== null && maxSymbols > symbols.length) {
    warnings.push(`${file}: --max-symbols ${maxSymbols} but the list has only ${symbols.length}; using all of them`);
  }
  return { symbols, file, warnings };
}
