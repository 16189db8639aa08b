// Strategy 10 (5m SHORT): bearish momentum on a high-volatility stock: below all EMAs, a bearish
// range bar after a bearish breakdown, moderate volume per unit of range (seed-strategies.md §3).
import { atLeast, atrCloseRatio, emaStack, inWindow, niftyNot, okAtLeast, okEmaStack, okNiftyNot, okRangeBar, okWindow, okWithin, rangeBar, within } from './conditions.js';
import { defineRuleStrategy } from './define.js';

export const strategy10 = defineRuleStrategy({
  id: '10',
  name: '5m short: bearish momentum',
  side: 'SHORT',
  timeframe: '5m',
  defaults: {
    windowStartMin: 560, // 09:20 IST
    windowEndMin: 825,
    minCumSpBearish: 1,
    spRangeMinPct: 0.6,
    rangeFactor: 0.7,
    closePosition: 0.5,
    vrpMin: 0.3,
    vrpMax: 0.7,
    atrCloseMin: 0.04,
    niftyTrendExclude: 1,
  },
  rules: (ctx, p) => {
    const f = ctx.features;
    return [
      inWindow(ctx, p.windowStartMin, p.windowEndMin),
      atLeast('cum_sp_bearish', f.cumSpBearish, p.minCumSpBearish),
      within('sp_bearish_range_pct', f.spBearishRangePct, p.spRangeMinPct),
      emaStack(f, -1),
      rangeBar(f, -1, p.rangeFactor, p.closePosition),
      within('vrp', f.vrp, p.vrpMin, p.vrpMax),
      within('atr_10/close_10', atrCloseRatio(ctx), p.atrCloseMin),
      niftyNot(ctx.niftyTrend, p.niftyTrendExclude),
    ];
  },
  holds: (ctx, p) => {
    const f = ctx.features;
    return okWindow(ctx, p.windowStartMin, p.windowEndMin)
      && okAtLeast(f.cumSpBearish, p.minCumSpBearish)
      && okWithin(f.spBearishRangePct, p.spRangeMinPct)
      && okEmaStack(f, -1)
      && okRangeBar(f, -1, p.rangeFactor, p.closePosition)
      && okWithin(f.vrp, p.vrpMin, p.vrpMax)
      && okWithin(atrCloseRatio(ctx), p.atrCloseMin)
      && okNiftyNot(ctx.niftyTrend, p.niftyTrendExclude);
  },
});
