// Measures the NIFTY 15m trend filter (seed-strategies.md §2.7) on the simulated market: the model's
// NIFTY 15m history is replayed through the real MarketData, and the trend is read after every NIFTY
// 15m bar once the filter has warmed up (EMA200, ADX(125) and MACD(20,50,10) all defined).
import type { Trend } from '../../../source/domain/features.js';
import { istDate, istInstant, type IsoDate } from '../../../source/domain/time.js';
import { createMarketModel, INDEX_SYMBOL } from '../../../source/adapters/sim/market-model.js';
import { MarketData } from '../../../source/engine/market-data.js';
import { dateForSeed, defaultSetup, symbolNames } from '../../helpers/sim-day-runner.js';

export interface TrendCounts {
  up: number;
  down: number;
  flat: number;
  /** Sessions measured, and how many of them had at least one bar at +1 / at −1. */
  days: number;
  daysWithUp: number;
  daysWithDown: number;
}

export const emptyCounts = (): TrendCounts => ({ up: 0, down: 0, flat: 0, days: 0, daysWithUp: 0, daysWithDown: 0 });

/** Trend counts over every warmed-up NIFTY 15m bar of one seed's model (same date as runSimDay's). */
export function measureNiftyTrend(seed: number, symbols = 10, historySessions = 45): TrendCounts {
  const { calendar } = defaultSetup();
  const date = dateForSeed(seed, calendar);
  const model = createMarketModel({ seed, symbols: symbolNames(symbols), date, isTradingDay: (d) => calendar.isTradingDay(d), historySessions });
  const market = new MarketData({
    symbols: model.symbols,
    sessionOpenMs: (ms) => calendar.sessionTimes(istDate(ms))?.open ?? null,
    sessionCloseMs: (ms) => calendar.sessionTimes(istDate(ms))?.close ?? null,
  });
  const perDay = new Map<IsoDate, Trend[]>();
  market.onBarClose((e) => {
    if (e.symbol !== INDEX_SYMBOL || e.tf !== '15m') return;
    const t = market.niftyTrend();
    if (t === null) return;
    const d = istDate(e.bar.start);
    const list = perDay.get(d) ?? [];
    list.push(t);
    perDay.set(d, list);
  });
  const days = model.days;
  market.warmUp(INDEX_SYMBOL, '15m', model.history(INDEX_SYMBOL, '15m', days[0] as IsoDate, date), istInstant(date, '15:30'));
  const out = emptyCounts();
  for (const trends of perDay.values()) {
    out.days++;
    for (const t of trends) {
      if (t === 1) out.up++;
      else if (t === -1) out.down++;
      else out.flat++;
    }
    if (trends.includes(1)) out.daysWithUp++;
    if (trends.includes(-1)) out.daysWithDown++;
  }
  return out;
}

export function addCounts(a: TrendCounts, b: TrendCounts): TrendCounts {
  return {
    up: a.up + b.up, down: a.down + b.down, flat: a.flat + b.flat,
    days: a.days + b.days, daysWithUp: a.daysWithUp + b.daysWithUp, daysWithDown: a.daysWithDown + b.daysWithDown,
  };
}

export function describeCounts(c: TrendCounts): string {
  const bars = c.up + c.down + c.flat;
  const pct = (n: number, of: number): string => `${((100 * n) / Math.max(1, of)).toFixed(1)} %`;
  return `${bars} bars: +1 ${pct(c.up, bars)}, −1 ${pct(c.down, bars)}, 0 ${pct(c.flat, bars)}; ` +
    `${c.days} sessions: with a +1 bar ${pct(c.daysWithUp, c.days)}, with a −1 bar ${pct(c.daysWithDown, c.days)}`;
}
