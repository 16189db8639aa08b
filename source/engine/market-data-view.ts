// The read side of the market-data pipeline (ticks -> bars -> features), as the trading core uses it.
// Implemented by engine/market-data.ts; the scanner, risk gate and monitor depend only on this.
import type { DailyFeatures, TimeframeFeatures, Trend } from '../domain/features.js';
import type { Bar, IntradayTimeframe } from '../domain/market.js';

export interface BarCloseEvent {
  readonly symbol: string; // equity symbol, or 'NIFTY' for the index
  readonly tf: IntradayTimeframe;
  readonly bar: Bar;
  /** Features for this closed bar; null for NIFTY and for 1m bars (not used by strategies). */
  readonly features: TimeframeFeatures | null;
  /** True for bars replayed from history during warm-up (never traded on). */
  readonly fromHistory: boolean;
}

export interface MarketDataView {
  /** Equity symbols in the universe, in symbol-list order (NIFTY excluded). */
  symbols(): readonly string[];
  lastPrice(symbol: string): number | null;
  /** Engine-clock time of the last accepted tick for the symbol. */
  lastTickAt(symbol: string): number | null;
  /** Previous session close, for change %. */
  prevClose(symbol: string): number | null;
  /** Features of the most recently closed bar of `tf`. */
  features(symbol: string, tf: '5m' | '15m'): TimeframeFeatures | null;
  /** Wilder ATR of `tf` over exits.atrPeriod bars (the stop's unit) as of the last closed bar. */
  atr(symbol: string, tf: '5m' | '15m'): number | null;
  daily(symbol: string): DailyFeatures | null;
  /** NIFTY 15m trend filter (seed-strategies.md §2.7) as of the last closed NIFTY 15m bar. */
  niftyTrend(): Trend | null;
  onBarClose(listener: (e: BarCloseEvent) => void): void;
}
