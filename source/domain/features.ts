// What the indicator layer hands to strategies: per-symbol, per-timeframe features computed when a bar
// closes (never on the forming bar), plus the previous session's daily values and the NIFTY trend.
// Definitions follow ../shared/reference/seed-strategies.md §2; see docs/strategies.md.
import type { Bar, IntradayTimeframe } from './market.js';

export type Trend = -1 | 0 | 1;

export interface TimeframeFeatures {
  readonly tf: IntradayTimeframe;
  /** The bar that just closed. */
  readonly bar: Bar;
  /** 1-based index of the bar within its session. */
  readonly candleCount: number;
  /** Running count today (this bar included) of closes above all earlier highs / below all earlier lows. */
  readonly cumSpBullish: number;
  readonly cumSpBearish: number;
  /** % by which the day's first bullish confirmation closed above the prior intraday high; null before it. */
  readonly spBullishRangePct: number | null;
  /** % by which the day's first bearish confirmation closed below the prior intraday low; null before it. */
  readonly spBearishRangePct: number | null;
  readonly isRangeBullish: boolean;
  readonly isRangeBearish: boolean;
  /**
   * The reference average range the range-bar test compares this bar's range against (today's mean
   * bar range; after the first 30 minutes, excluding those bars). Lets a strategy apply its own range
   * factor. Optional: added by market-data; null never happens once a bar exists.
   */
  readonly rangeRef?: number | null;
  /** TA-Lib EMA (SMA-seeded) of closes; null until warm. */
  readonly ema50: number | null;
  readonly ema100: number | null;
  readonly ema200: number | null;
  /** Zero-lag MACD cross on this bar: +1 bullish, -1 bearish, 0 none. */
  readonly zlMacdCross: Trend;
  readonly zlMacd: number | null;
  readonly zlSignal: number | null;
  /** Wilder ATR(14) of this timeframe; null until 14 bars + 1 exist. */
  readonly atr14: number | null;
  /** Wilder ATR of `exits.atrPeriod` bars of this timeframe (the same value as atr14 when the period is 14): the stop's unit. */
  readonly stopAtr: number | null;
  /** Session's cumulative volume through this bar, and running high/low. */
  readonly cumVolume: number;
  readonly dayHigh: number;
  readonly dayLow: number;
  /** volume_range_pct_10: (cumVolume / volume10) / ((dayHigh - dayLow) / atr10). Infinity when the range is 0. */
  readonly vrp: number | null;
}

/** Values as of the previous completed session (never today's partial day). */
export interface DailyFeatures {
  /** EWM(span 10, adjust=false) of daily true range. */
  readonly atr10: number;
  /** Simple mean of the last 10 daily volumes. */
  readonly volume10: number;
  /** Simple mean of the last 10 daily closes. */
  readonly close10: number;
}
