// How one 1-minute bar becomes a price path inside its minute: four ticks, O → first extreme → second
// extreme → C. A green bar (close ≥ open) dips to its low before rallying to its high, a red bar rallies
// first: the adverse extreme comes first for a position opened in the bar's direction, which is the
// conservative reading for a trailing stop. Shared by the CSV replay (feed/replay-csv.ts), the layout
// replay feed and therefore the backtest, so both see the same ticks for the same bar.

/** Where inside its minute each of a bar's four ticks falls: O, first extreme, second extreme, C. */
export const BAR_TICK_OFFSETS_MS = [0, 20_000, 40_000, 59_000] as const;
export const TICKS_PER_BAR = 4;

/** The price of tick `i` (0..3) of a bar. */
export function intrabarPrice(i: number, open: number, high: number, low: number, close: number): number {
  if (i === 0) return open;
  if (i === 3) return close;
  const green = close >= open;
  if (i === 1) return green ? low : high;
  return green ? high : low;
}

/**
 * The cumulative day volume reported with tick `i`: the day's volume before the bar (`base`), then a
 * third, two thirds and all of the bar's volume (whole shares).
 */
export function intrabarVolume(i: number, base: number, volume: number): number {
  if (i === 0) return base;
  if (i === 3) return base + volume;
  return base + Math.floor((i * volume) / 3);
}
