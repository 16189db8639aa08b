// Strategy 12 (15m LONG): fades the day's bearish breakdown on a low-volatility stock when the
// zero-lag MACD turns up on light volume per unit of range (seed-strategies.md §3).
import { atLeast, atrCloseRatio, below, inWindow, niftyAtMost, okAtLeast, okBelow, okNiftyAtMost, okWindow, okWithin, okZlCross, within, zlCross } from './conditions.js';
import { defineRuleStrategy } from './define.js';

export const strategy12 = defineRuleStrategy({
  id: '12',
  name: '15m long: bearish breakdown fade',
  side: 'LONG',
  timeframe: '15m',
  defaults: {
    windowStartMin: 570,
    windowEndMin: 825,
    minCumSpBearish: 1,
    spRangeMinPct: 1,
    vrpMin: 0,
    vrpMax: 0.4,
    atrCloseMax: 0.04,
    niftyTrendMax: 0,
  },
  rules: (ctx, p) => {
    const f = ctx.features;
    return [
      inWindow(ctx, p.windowStartMin, p.windowEndMin),
      atLeast('cum_sp_bearish', f.cumSpBearish, p.minCumSpBearish),
      within('sp_bearish_range_pct', f.spBearishRangePct, p.spRangeMinPct),
      zlCross(f, 1),
      within('vrp', f.vrp, p.vrpMin, p.vrpMax),
      below('atr_10/close_10', atrCloseRatio(ctx), p.atrCloseMax),
      niftyAtMost(ctx.niftyTrend, p.niftyTrendMax),
    ];
  },
  holds: (ctx, p) => {
    const f = ctx.features;
    return okWindow(ctx, p.windowStartMin, p.windowEndMin)
      && okAtLeast(f.cumSpBearish, p.minCumSpBearish)
      && okWithin(f.spBearishRangePct, p.spRangeMinPct)
      && okZlCross(f, 1)
      && okWithin(f.vrp, p.vrpMin, p.vrpMax)
      && okBelow(atrCloseRatio(ctx), p.atrCloseMax)
      && okNiftyAtMost(ctx.niftyTrend, p.niftyTrendMax);
  },
});
