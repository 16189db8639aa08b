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

/** Latest quote by REST, the fallback while the WebSocket feed is stale. */
export interface QuoteSource {
  quote(instrument: Instrument): Promise<{ ltp: number; ts: number } | null>;
}
