// Market data value types: instruments, ticks, bars.

export type Exchange = 'NSE' | 'BSE' | 'NSE_INDEX' | 'BSE_INDEX';

export interface Instrument {
  readonly symbol: string; // upper-case OpenAlgo symbol, e.g. RELIANCE or NIFTY
  readonly exchange: Exchange;
}

/** 'EXCHANGE:SYMBOL', the display and map-key convention (e.g. 'NSE_INDEX:NIFTY'). */
export type InstrumentKey = string;

export const NIFTY: Instrument = Object.freeze({ symbol: 'NIFTY', exchange: 'NSE_INDEX' });
export const NIFTY_KEY: InstrumentKey = 'NSE_INDEX:NIFTY';

export function instrumentKey(i: Instrument): InstrumentKey {
  return `${i.exchange}:${i.symbol}`;
}

export function equity(symbol: string): Instrument {
  return { symbol, exchange: 'NSE' };
}

export function parseInstrumentKey(key: string): Instrument {
  const at = key.indexOf(':');
  if (at < 0) return equity(key);
  return { exchange: key.slice(0, at) as Exchange, symbol: key.slice(at + 1) };
}

/** A validated, merged tick as the engine sees it. Prices in rupees. */
export interface Tick {
  readonly key: InstrumentKey;
  readonly symbol: string;
  readonly exchange: Exchange;
  readonly ltp: number;
  /** Epoch ms of the tick (the feed's timestamp, normalised to ms). */
  readonly ts: number;
  /** Cumulative day volume, if the feed sends it (mode 2/3). 0 for indices. */
  readonly volume?: number;
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  /** Previous session's close (OpenAlgo's `close` field). */
  readonly prevClose?: number;
}

export type Timeframe = '1m' | '5m' | '15m' | 'D';
export const INTRADAY_TIMEFRAMES = ['1m', '5m', '15m'] as const;
export type IntradayTimeframe = (typeof INTRADAY_TIMEFRAMES)[number];

export const TIMEFRAME_MS: Record<IntradayTimeframe, number> = {
  '1m': 60_000,
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
};

/**
 * An OHLCV bar. `start` is the bar-start instant (epoch ms); intraday bars are aligned to the
 * 09:15 IST open. A daily bar's `start` is 09:15 IST of its trading date.
 */
export interface Bar {
  readonly key: InstrumentKey;
  readonly tf: Timeframe;
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export type MarketPhase = 'CLOSED' | 'PRE_OPEN' | 'OPEN';
