// Shared helpers for the market-data tests: an IST session calendar (every day 09:15–15:30) and tick makers.
import type { Bar, Tick } from '../../source/domain/market.js';
import { istDate, istInstant } from '../../source/domain/time.js';
import { MarketData, type MarketDataOptions } from '../../source/engine/market-data.js';
import type { BarCloseEvent } from '../../source/engine/market-data-view.js';

export const sessionOpenMs = (ms: number): number | null => istInstant(istDate(ms), '09:15');
export const sessionCloseMs = (ms: number): number | null => istInstant(istDate(ms), '15:30');
export const at = (date: string, time: string): number => istInstant(date, time);

export function makeMd(symbols: string[] = ['AAA'], extra: Partial<MarketDataOptions> = {}): { md: MarketData; events: BarCloseEvent[] } {
  const md = new MarketData({ symbols, sessionOpenMs, sessionCloseMs, ...extra });
  const events: BarCloseEvent[] = [];
  md.onBarClose((e) => events.push(e));
  return { md, events };
}

export function tick(symbol: string, ts: number, ltp: number, volume?: number, more: Partial<Tick> = {}): Tick {
  const exchange = symbol === 'NIFTY' ? 'NSE_INDEX' : 'NSE';
  return { key: `${exchange}:${symbol}`, symbol, exchange, ltp, ts, ...(volume === undefined ? {} : { volume }), ...more };
}

export function bar(symbol: string, tf: Bar['tf'], start: number, o: number, h: number, l: number, c: number, v: number): Bar {
  return { key: `NSE:${symbol}`, tf, start, open: o, high: h, low: l, close: c, volume: v };
}

export const closed = (events: BarCloseEvent[], tf: string): Bar[] => events.filter((e) => e.tf === tf).map((e) => e.bar);
