import type { Bar, Instrument, Tick, Timeframe } from '../domain/market.js';
import type { FeedHealth } from '../domain/view.js';

/** A stream of validated, merged ticks (OpenAlgo WebSocket, simulator, or CSV replay). */
export interface Feed {
  start(instruments: readonly Instrument[]): Promise<void>;
  stop(): Promise<void>;
  onTick(listener: (tick: Tick) => void): void;
  health(): FeedHealth;
}

/** Bars for warm-up: OpenAlgo's /history, the simulator's, or CSV. Dates are inclusive IST dates. */
export interface HistorySource {
  history(instrument: Instrument, interval: Timeframe, fromDate: string, toDate: string): Promise<Bar[]>;
}

/**
 * Sessions of intraday history the warm-up reads before today (EMA-200 on 5m needs ~3 sessions; the MACD
 * on 15m ~8). Here, where app/ and adapters/ both see it: the live warm-up, the backtest's notes and the
 * simulated bar source all use this one number.
 */
export const WARM_UP_INTRADAY_SESSIONS = 12;

/** Latest quote by REST, the fallback while the WebSocket feed is stale. */
export interface QuoteSource {
  quote(instrument: Instrument): Promise<{ ltp: number; ts: number } | null>;
}
