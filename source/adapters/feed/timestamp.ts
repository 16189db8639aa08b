// Feed timestamps arrive as epoch seconds, epoch milliseconds, numeric strings or ISO strings
// depending on the broker adapter behind OpenAlgo (and on who wrote a replay CSV). Everything
// downstream works in epoch milliseconds, so this is the single place that guesses the unit.

/** Below this a number is taken as epoch seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
export const SECONDS_THRESHOLD = 1e11;

const NUMERIC_RE = /^-?\d+(?:\.\d+)?$/;
// ISO date-time with an explicit offset; a bare local time would silently depend on the host's zone.
const ISO_WITH_OFFSET_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms from a number (s or ms). NaN when the value is not a positive finite number. */
export function epochMsFromNumber(n: number): number {
  if (!Number.isFinite(n) || n <= 0) return NaN;
  return n < SECONDS_THRESHOLD ? Math.round(n * 1000) : Math.round(n);
}

/**
 * Normalises a feed timestamp to epoch ms: numbers (< 1e11 are seconds), numeric strings and ISO
 * strings with an offset ('Z' or ±HH:MM). Returns NaN when the value cannot be understood.
 */
export function normaliseTimestamp(value: unknown): number {
  if (typeof value === 'number') return epochMsFromNumber(value);
  if (typeof value !== 'string') return NaN;
  const s = value.trim();
  if (s === '') return NaN;
  if (NUMERIC_RE.test(s)) return epochMsFromNumber(Number(s));
  if (!ISO_WITH_OFFSET_RE.test(s)) return NaN;
  const ms = Date.parse(s.replace(' ', 'T'));
  return Number.isFinite(ms) && ms > 0 ? ms : NaN;
}
