// A strategy is a pure function of closed-bar features. The registry holds the five seed strategies
// and any strategy a user loads from a file named in config (see docs/strategies.md).
import type { DailyFeatures, TimeframeFeatures, Trend } from '../domain/features.js';
import type { ConditionResult, Side, StrategyId } from '../domain/trading.js';

export interface StrategyContext {
  readonly symbol: string;
  /** Features of the bar that just closed, on the strategy's timeframe. */
  readonly features: TimeframeFeatures;
  /** Previous session's daily values; null when history is missing (every comparison then fails). */
  readonly daily: DailyFeatures | null;
  readonly niftyTrend: Trend | null;
  /** Minutes after IST midnight at which the bar started (e.g. 09:30 -> 570). */
  readonly barStartMinute: number;
}

export interface StrategyEvaluation {
  readonly match: boolean;
  /** Every condition with its outcome, in rule order: the scanner logs them and the watchlist shows progress. */
  readonly conditions: readonly ConditionResult[];
}

export interface Strategy {
  readonly id: StrategyId;
  readonly name: string;
  readonly side: Side;
  readonly timeframe: '5m' | '15m';
  readonly params: Readonly<Record<string, number>>;
  evaluate(ctx: StrategyContext): StrategyEvaluation;
  /**
   * Optional: `evaluate(ctx).match` without building the conditions (it must agree with evaluate, and
   * throw exactly when evaluate throws). The scanner uses it when nobody reads the conditions and asks
   * evaluate for them only on a match or when the watchlist wants a setup.
   */
  matches?(ctx: StrategyContext): boolean;
}

/** What a strategy module exports: a factory taking its config parameters (merged over its defaults). */
export interface StrategyDefinition {
  readonly id: StrategyId;
  readonly name: string;
  readonly side: Side;
  readonly timeframe: '5m' | '15m';
  readonly defaults: Readonly<Record<string, number>>;
  create(params: Readonly<Record<string, number>>): Strategy;
}
