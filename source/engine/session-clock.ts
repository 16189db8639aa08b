// The engine's view of the trading calendar. calendar/SessionCalendar implements it (same method names);
// the engine depends only on this narrow slice of it.
import type { MarketPhase } from '../domain/market.js';
import type { IsoDate } from '../domain/time.js';

/** Epoch-ms instants of one session's boundaries (IST wall times from config.session). */
export interface SessionTimes {
  readonly preOpen: number;
  readonly open: number;
  readonly close: number;
  readonly tradingStart: number;
  readonly tradingEnd: number;
}

export interface SessionBoundary {
  readonly label: string;
  readonly at: number;
}

export interface SessionClock {
  phaseAt(ms: number): MarketPhase;
  /** True in [tradingStart, tradingEnd) of a trading day. */
  inTradingWindow(ms: number): boolean;
  /** Null when the market does not trade on `date`. */
  sessionTimes(date: IsoDate): SessionTimes | null;
  /** The IST trading date that counters at `ms` belong to. */
  tradingDate(ms: number): IsoDate;
  isTradingDay(date: IsoDate): boolean;
  nextBoundary(ms: number): SessionBoundary | null;
}
