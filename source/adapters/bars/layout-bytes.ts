// The layout parser's common case straight from a file's bytes, without decoding it to a string: the
// exact header, then rows `YYYY-MM-DDTHH:MM:00+05:30,o,h,l,c,v` of the file's date with plain decimals
// (at most 15 digits), low ≤ open,close ≤ high, a whole volume, inside the window, ascending; empty
// lines allowed. The first thing that is not exactly that makes it give up (false), and the caller
// parses the whole file again through the text parser (layout-parse.ts), which has every rule and error
// message. So this accepts a subset of what the text parser accepts, with the same values: a price is
// m / 10^k with m and 10^k exact doubles, i.e. exactly Number()'s value (property-tested).
import { IST_OFFSET_MS } from '../../domain/time.js';
import type { RowColumns } from './layout-columns.js';
import { LAYOUT_HEADER, type ParseWindow } from './layout-parse.js';

const HEADER = Uint8Array.from(LAYOUT_HEADER, (c) => c.charCodeAt(0));
const OFFSET = Uint8Array.from('+05:30,', (c) => c.charCodeAt(0));
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const vals = new Float64Array(6);

/** Parses all of `buf` into `out` and returns true, or returns false (out then holds a partial file). */
export function parseLayoutBytes(buf: Uint8Array, date: string, window: ParseWindow, out: RowColumns): boolean {
  const n = buf.length;
  let pos = n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  if (pos + HEADER.length > n) return false;
  for (let k = 0; k < HEADER.length; k++) if (buf[pos + k] !== HEADER[k]) return false;
  pos += HEADER.length;
  if (pos < n && buf[pos] === 13) pos++;
  if (pos < n && buf[pos++] !== 10) return false;
  const d = Uint8Array.from(date, (c) => c.charCodeAt(0));
  if (d.length !== 10) return false;
  const dayUtcMidnight = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  let lastTs = Number.NEGATIVE_INFINITY;
  while (pos < n) {
    let end = buf.indexOf(10, pos);
    if (end < 0) end = n;
    const stop = end > pos && buf[end - 1] === 13 ? end - 1 : end;
    if (stop > pos) {
      const ts = row(buf, pos, stop, d, dayUtcMidnight);
      if (!(ts >= window.open && ts < window.close && ts > lastTs)) return false;
      lastTs = ts;
      out.push(ts, vals[1] as number, vals[2] as number, vals[3] as number, vals[4] as number, vals[5] as number);
    }
    pos = end + 1;
  }
  return true;
}

/** One row into vals[1..5]; returns its time, or NaN when it is not the plain form. */
function row(buf: Uint8Array, pos: number, end: number, d: Uint8Array, dayUtcMidnight: number): number {
  if (end - pos < 35) return NaN;
  for (let k = 0; k < 10; k++) if (buf[pos + k] !== d[k]) return NaN;
  if (buf[pos + 10] !== 84 || buf[pos + 13] !== 58 || buf[pos + 16] !== 58 || buf[pos + 17] !== 48 || buf[pos + 18] !== 48) return NaN;
  for (let k = 0; k < 7; k++) if (buf[pos + 19 + k] !== OFFSET[k]) return NaN;
  const h1 = (buf[pos + 11] as number) - 48;
  const h2 = (buf[pos + 12] as number) - 48;
  const m1 = (buf[pos + 14] as number) - 48;
  const m2 = (buf[pos + 15] as number) - 48;
  if (!(h1 >= 0 && h1 <= 9 && h2 >= 0 && h2 <= 9 && m1 >= 0 && m1 <= 5 && m2 >= 0 && m2 <= 9)) return NaN;
  let i = pos + 26;
  for (let f = 1; f <= 5; f++) {
    // A plain decimal ending at ',' (the four prices) or at the end of the row (the whole volume).
    const last = f === 5;
    let m = 0;
    let digits = 0;
    let frac = -1;
    for (; i < end; i++) {
      const c = buf[i] as number;
      if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        digits++;
        if (frac >= 0) frac++;
      } else if (c === 46 && frac < 0 && digits > 0 && !last) frac = 0;
      else if (c === 44 && !last) break;
      else return NaN;
    }
    if (digits === 0 || digits > 15 || frac === 0) return NaN;
    if (!last && i >= end) return NaN; // a price without the comma after it
    i++;
    const v = frac > 0 ? m / (POW10[frac] as number) : m;
    if (!last && !(v > 0)) return NaN;
    vals[f] = v;
  }
  const o = vals[1] as number;
  const h = vals[2] as number;
  const l = vals[3] as number;
  const c = vals[4] as number;
  if (l > o || l > c || h < o || h < c) return NaN;
  return dayUtcMidnight - IST_OFFSET_MS + ((h1 * 10 + h2) * 60 + m1 * 10 + m2) * 60_000;
}
