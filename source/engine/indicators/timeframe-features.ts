// Everything computed for one equity symbol on one timeframe (5m or 15m) when a bar closes:
// TA-Lib EMAs 50/100/200, the zero-lag MACD cross, Wilder ATR(14), the session statistics and vrp.
// One instance per symbol and timeframe; O(1) per bar.
import type { DailyFeatures, TimeframeFeatures } from '../../domain/features.js';
import type { Bar } from '../../domain/market.js';
import { WilderAtr } from './atr.js';
import { Ema } from './ema.js';
import { SessionStats, type SessionStatsOptions } from './session-stats.js';
import { ZeroLagMacd } from './zl-macd.js';

/**
 * volume_range_pct_10 = (cumVolume / volume10) / ((dayHigh − dayLow) / atr10).
 * Infinity when today's range is 0 (pandas' x/0); null without daily values or with volume10 or atr10 ≤ 0.
 */
export function volumeRangePct(cumVolume: number, dayHigh: number, dayLow: number, daily: DailyFeatures | null): number | null {
  if (daily === null || !(daily.volume10 > 0) || !(daily.atr10 > 0)) return null;
  const rangePct = (dayHigh - dayLow) / daily.atr10;
  if (rangePct <= 0) return Number.POSITIVE_INFINITY;
  return cumVolume / daily.volume10 / rangePct;
}

export class TimeframeFeatureCalc {
  private readonly ema50 = new Ema(50);
  private readonly ema100 = new Ema(100);
  private readonly ema200 = new Ema(200);
  private readonly zl = new ZeroLagMacd(12, 26, 9);
  private readonly atr14 = new WilderAtr(14);
  /** The stop's ATR when exits.atrPeriod is not 14 (null: atr14 serves). */
  private readonly atrStop: WilderAtr | null;
  private readonly session: SessionStats;

  constructor(private readonly tf: '5m' | '15m', opts: SessionStatsOptions = {}, stopAtrPeriod = 14) {
    this.session = new SessionStats(opts);
    this.atrStop = stopAtrPeriod === 14 ? null : new WilderAtr(stopAtrPeriod);
  }

  /** The stop's ATR (exits.atrPeriod) as of the last bar. */
  get atr(): number | null {
    return (this.atrStop ?? this.atr14).value;
  }

  update(bar: Bar, sessionOpen: number, daily: DailyFeatures | null): TimeframeFeatures {
    const { open: o, high: h, low: l, close: c } = bar;
    const e50 = this.ema50.next(c);
    const e100 = this.ema100.next(c);
    const e200 = this.ema200.next(c);
    const zl = this.zl.next(c);
    const atr = this.atr14.next(h, l, c);
    const stopAtr = this.atrStop === null ? atr : this.atrStop.next(h, l, c);
    const s = this.session.update(sessionOpen, bar.start, o, h, l, c, bar.volume);
    return {
      tf: this.tf,
      bar,
      candleCount: s.candleCount,
      cumSpBullish: s.cumSpBullish,
      cumSpBearish: s.cumSpBearish,
      spBullishRangePct: s.spBullishRangePct,
      spBearishRangePct: s.spBearishRangePct,
      isRangeBullish: s.isRangeBullish,
      isRangeBearish: s.isRangeBearish,
      rangeRef: s.rangeRef,
      ema50: e50,
      ema100: e100,
      ema200: e200,
      zlMacdCross: zl.cross,
      zlMacd: zl.macd,
      zlSignal: zl.signal,
      atr14: atr,
      stopAtr,
      cumVolume: s.cumVolume,
      dayHigh: s.dayHigh,
      dayLow: s.dayLow,
      vrp: volumeRangePct(s.cumVolume, s.dayHigh, s.dayLow, daily),
    };
  }
}
