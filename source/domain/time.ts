// IST (Asia/Kolkata) is UTC+05:30 with no daylight saving, so every conversion is a fixed offset.
// All instants in algo-tui are epoch milliseconds; these helpers are the only place that maps them
// to IST calendar dates and clock times.

export const IST_OFFSET_MS = 5.5 * 60 * 60 * 1000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** A calendar date in IST, 'YYYY-MM-DD'. */
export type IsoDate = string;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Shifted Date whose UTC fields read as IST wall-clock fields. */
function istFields(ms: number): Date {
  return new Date(ms + IST_OFFSET_MS);
}

export function istDate(ms: number): IsoDate {
  const d = istFields(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** 'YYYYMMDD', used in file names such as live_trading_YYYYMMDD.log. */
export function istCompactDate(ms: number): string {
  return istDate(ms).replaceAll('-', '');
}

/** 'HH:MM:SS' in IST. */
export function istTime(ms: number): string {
  const d = istFields(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** ISO 8601 with the IST offset: 'YYYY-MM-DDTHH:MM:SS+05:30' (the bar layout's timestamps, the trade rows' times). */
export function istIso(ms: number): string {
  return `${istDate(ms)}T${istTime(ms)}+05:30`;
}

/** Minutes since IST midnight (0..1439), fractional part dropped. */
export function istMinuteOfDay(ms: number): number {
  return Math.floor((((ms + IST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / MINUTE_MS);
}

/** Milliseconds since IST midnight. */
export function istMsOfDay(ms: number): number {
  return (((ms + IST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
}

/** Epoch ms of 00:00 IST on the IST date containing `ms`. */
export function istMidnight(ms: number): number {
  return ms - istMsOfDay(ms);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Parses 'HH:MM' or 'HH:MM:SS' into milliseconds after midnight; throws on anything else. */
export function parseClockTime(s: string): number {
  const m = TIME_RE.exec(s);
  if (!m) throw new Error(`invalid time '${s}': expected HH:MM or HH:MM:SS`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  const sec = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || min > 59 || sec > 59) throw new Error(`invalid time '${s}': out of range`);
  return ((h * 60 + min) * 60 + sec) * 1000;
}

/** True when `s` is a valid 'HH:MM' or 'HH:MM:SS' (the non-throwing form of parseClockTime). */
export function isClockTime(s: string): boolean {
  try {
    parseClockTime(s);
    return true;
  } catch {
    return false;
  }
}

/** Epoch ms of the given IST date and clock time ('HH:MM' or 'HH:MM:SS'). */
export function istInstant(date: IsoDate, time = '00:00'): number {
  const m = DATE_RE.exec(date);
  if (!m || !isIsoDate(date)) throw new Error(`invalid date '${date}': expected YYYY-MM-DD`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - IST_OFFSET_MS + parseClockTime(time);
}

/** Day of week of an IST date: 0 = Sunday … 6 = Saturday. */
export function istWeekday(date: IsoDate): number {
  return new Date(istInstant(date) + IST_OFFSET_MS).getUTCDay();
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return istDate(istInstant(date) + days * DAY_MS);
}

/** Human duration such as '1h 05m' or '42s', for countdowns. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s % 60)}s`;
  return `${s}s`;
}
