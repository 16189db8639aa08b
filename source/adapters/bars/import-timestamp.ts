// The timestamp shapes found in common 1-minute CSV exports, parsed into epoch milliseconds. A
// timestamp with an offset ('Z', +05:30) means what it says; epoch numbers are UTC by definition; a
// bare local date-time is read in the zone the user names (--tz, IST unless told otherwise).
// Dates are year-first (2026-01-05, 2026/01/05, 20260105) or day-first (05-01-2026, 05/01/2026):
// Indian exports write the day first, and a month-first date is not accepted (it would be ambiguous).
import { IST_OFFSET_MS, isIsoDate } from '../../domain/time.js';
import { epochMsFromNumber } from '../feed/timestamp.js';

export type ImportTz = 'ist' | 'utc';

export type ParsedTime = { readonly ms: number } | { readonly error: string; readonly field?: 'date' | 'time' };

/** Epoch values before this are not minute bars of a market we trade (and catch YYYYMMDD read as seconds). */
const EARLIEST_MS = Date.UTC(2000, 0, 1);

const NUMERIC_RE = /^\d+(?:\.\d+)?$/;
const DATE_PART = String.raw`(\d{4})[-/](\d{2})[-/](\d{2})|(\d{2})[-/](\d{2})[-/](\d{4})|(\d{4})(\d{2})(\d{2})`;
const TIME_PART = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?`;
const OFFSET_PART = String.raw`Z|[+-]\d{2}:?\d{2}`;
const DATE_TIME_RE = new RegExp(`^(?:${DATE_PART})(?:[T ]|\\s+)${TIME_PART}\\s*(${OFFSET_PART})?$`, 'i');
const DATE_ONLY_RE = new RegExp(`^(?:${DATE_PART})$`);
const TIME_ONLY_RE = new RegExp(`^${TIME_PART}$`);

/** 'YYYY-MM-DD' from any accepted date shape, or null. */
export function normaliseDate(raw: string): string | null {
  const m = DATE_ONLY_RE.exec(raw.trim());
  if (!m) return null;
  return isoFrom(m, 1);
}

function isoFrom(m: RegExpExecArray, at: number): string | null {
  const [y, mo, d] = m[at] !== undefined
    ? [m[at], m[at + 1], m[at + 2]]
    : m[at + 3] !== undefined
      ? [m[at + 5], m[at + 4], m[at + 3]]
      : [m[at + 6], m[at + 7], m[at + 8]];
  const iso = `${y}-${mo}-${d}`;
  return isIsoDate(iso) ? iso : null;
}

function offsetMs(raw: string | undefined, tz: ImportTz): number {
  if (raw === undefined) return tz === 'ist' ? IST_OFFSET_MS : 0;
  if (raw.toUpperCase() === 'Z') return 0;
  const sign = raw.startsWith('-') ? -1 : 1;
  const digits = raw.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

/**
 * Parses one timestamp cell. Accepted: epoch seconds or milliseconds; a date and a time (H:MM, HH:MM,
 * HH:MM:SS, optional fraction) separated by 'T' or spaces, with an optional offset.
 */
export function parseImportTimestamp(raw: string, tz: ImportTz): ParsedTime {
  const s = raw.trim();
  if (s === '') return { error: 'is empty' };
  if (NUMERIC_RE.test(s)) {
    const ms = epochMsFromNumber(Number(s));
    return Number.isFinite(ms) && ms >= EARLIEST_MS ? { ms } : { error: `'${raw}' is not an epoch time after 2000` };
  }
  const m = DATE_TIME_RE.exec(s);
  if (!m) {
    if (DATE_ONLY_RE.test(s)) return { error: `'${raw}' has no time of day (expected 1-minute bars)` };
    return { error: `'${raw}' is not a timestamp (expected ISO 8601, YYYY-MM-DD HH:MM[:SS], DD-MM-YYYY HH:MM or epoch s/ms)` };
  }
  const date = isoFrom(m, 1);
  if (date === null) return { error: `'${raw}' has no such date` };
  const h = Number(m[10]);
  const min = Number(m[11]);
  const sec = m[12] === undefined ? 0 : Number(m[12]);
  const frac = m[13] === undefined ? 0 : Number(`0.${m[13]}`);
  if (h > 23 || min > 59 || sec > 59) return { error: `'${raw}' has no such time of day` };
  const offset = m[14];
  if (offset !== undefined && !/^z$/i.test(offset)) {
    const digits = offset.slice(1).replace(':', '');
    if (Number(digits.slice(0, 2)) > 14 || Number(digits.slice(2, 4)) > 59) return { error: `'${raw}' has an impossible UTC offset` };
  }
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, min, sec) + Math.round(frac * 1000) - offsetMs(offset, tz);
  return { ms };
}

/** A separate date column and time column, as many exports write them. */
export function parseImportDateTime(rawDate: string, rawTime: string, tz: ImportTz): ParsedTime {
  const date = normaliseDate(rawDate);
  if (date === null) return { error: `'${rawDate}' is not a date (expected YYYY-MM-DD, DD-MM-YYYY or YYYYMMDD)`, field: 'date' };
  const t = rawTime.trim();
  if (!TIME_ONLY_RE.test(t)) return { error: `'${rawTime}' is not a time of day (expected HH:MM or HH:MM:SS)`, field: 'time' };
  const r = parseImportTimestamp(`${date} ${t}`, tz);
  return 'error' in r ? { error: r.error, field: 'time' } : r;
}
