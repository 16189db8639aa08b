// The layout's symbol (upper case NSE trading symbol, NIFTY for the index) from what exports write:
// 'NSE:RELIANCE', 'NSE_RELIANCE', 'RELIANCE-EQ', 'RELIANCE.NS', 'RELIANCE_1minute_2025', 'NIFTY 50'.
// Rules, in order: upper-case; drop a leading exchange (NSE, BSE, NSE_INDEX, BSE_INDEX followed by
// ':', '_', '-' or a space); NIFTY50 / NIFTY-50 / NIFTY 50 → NIFTY; in a file name only, keep the text
// before the first '_', '.' or space (NSE symbols never contain them; a symbol column's cell is taken
// whole, so a stray word there is an error rather than guessed away); drop a trailing series (-EQ, -BE, -BZ).
import { basename, extname } from 'node:path';

export const SYMBOL_RE = /^[A-Z0-9][A-Z0-9&-]*$/;

export function normaliseSymbol(raw: string, fromFileName = false): string | null {
  let s = raw.trim().toUpperCase();
  s = s.replace(/^(?:NSE_INDEX|BSE_INDEX|NSE|BSE)[:_\- ]+/, '');
  if (/^NIFTY[ _-]?50$/.test(s)) return 'NIFTY';
  if (fromFileName) {
    const cut = s.search(/[_. ]/);
    if (cut > 0) s = s.slice(0, cut);
  }
  s = s.replace(/-(?:EQ|BE|BZ)$/, '');
  return SYMBOL_RE.test(s) ? s : null;
}

/** The symbol a file's name implies (RELIANCE.csv → RELIANCE), or null when it names none. */
export function symbolFromFileName(file: string): string | null {
  const base = basename(file);
  return normaliseSymbol(base.slice(0, base.length - extname(base).length), true);
}
