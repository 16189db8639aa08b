// Strategy 8 (15m SHORT): fades the day's bullish breakout on a low-volatility stock when the
// zero-lag MACD turns down on heavy volume per unit of range (seed-strategies.md §3).
import { atLeast, atrCloseRatio, below, inWindow, niftyAtLeast, okAtLeast, okBelow, okNiftyAtLeast, okWindow, okWithin, okZlCross, within, zlCross } from './conditions.js';
import { defineRuleStrategy } from './define.js';

export const strategy8 = defineRuleStrategy({
  id: '8',
  name: '15m short: bullish breakout fade',
  side: 'SHORT',
  timeframe: '15m',
  defaults: {
    windowStartMin: 570, // 09:30 IST
    windowEndMin: 825, // 13:45 IST, exclusive
    minCumSpBullish: 1,
    spRangeMinPct: 0.8,
    spRangeMaxPct: 1.3,
    vrpMin: 1,
    atrCloseMax: 0.04,
    niftyTrendMin: 0,
  },
  rules: (ctx, p) => {
    const f = ctx.features;
    return [
      inWindow(ctx, p.windowStartMin, p.windowEndMin),
      atLeast('cum_sp_bullish', f.cumSpBullish, p.minCumSpBullish),
      within('sp_bullish_range_pct', f.spBullishRangePct, p.spRangeMinPct, p.spRangeMaxPct),
      zlCross(f, -1),
      within('vrp', f.vrp, p.vrpMin),
      below('atr_10/close_10', atrCloseRatio(ctx), p.atrCloseMax),
      niftyAtLeast(ctx.niftyTrend, p.niftyTrendMin),
    ];
  },
  holds: (ctx, p) => {
    const f = ctx.features;
    return okWindow(ctx, p.windowStartMin, p.windowEndMin)
      && okAtLeast(f.cumSpBullish, p.minCumSpBullish)
      && okWithin(f.spBullishRangePct, p.spRangeMinPct, p.spRangeMaxPct)
      && okZlCross(f, -1)
      && okWithin(f.vrp, p.vrpMin)
      && okBelow(atrCloseRatio(ctx), p.atrCloseMax)
      && okNiftyAtLeast(ctx.niftyTrend, p.niftyTrendMin);
  },
});
