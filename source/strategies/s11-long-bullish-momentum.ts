// Strategy 11 (5m LONG): bullish momentum on a high-volatility stock: above all EMAs, a bullish
// range bar after a bullish breakout, light volume per unit of range (seed-strategies.md §3).
import { atLeast, atrCloseRatio, emaStack, inWindow, niftyNot, okAtLeast, okEmaStack, okNiftyNot, okRangeBar, okWindow, okWithin, rangeBar, within } from './conditions.js';
import { defineRuleStrategy } from './define.js';

export const strategy11 = defineRuleStrategy({
  id: '11',
  name: '5m long: bullish momentum',
  side: 'LONG',
  timeframe: '5m',
  defaults: {
    windowStartMin: 560,
    windowEndMin: 825,
    minCumSpBullish: 1,
    spRangeMinPct: 0.8,
    rangeFactor: 0.7,
    closePosition: 0.5,
    vrpMin: 0,
    vrpMax: 0.3,
    atrCloseMin: 0.04,
    niftyTrendExclude: -1,
  },
  rules: (ctx, p) => {
    const f = ctx.features;
    return [
      inWindow(ctx, p.windowStartMin, p.windowEndMin),
      atLeast('cum_sp_bullish', f.cumSpBullish, p.minCumSpBullish),
      within('sp_bullish_range_pct', f.spBullishRangePct, p.spRangeMinPct),
      emaStack(f, 1),
      rangeBar(f, 1, p.rangeFactor, p.closePosition),
      within('vrp', f.vrp, p.vrpMin, p.vrpMax),
      within('atr_10/close_10', atrCloseRatio(ctx), p.atrCloseMin),
      niftyNot(ctx.niftyTrend, p.niftyTrendExclude),
    ];
  },
  holds: (ctx, p) => {
    const f = ctx.features;
    return okWindow(ctx, p.windowStartMin, p.windowEndMin)
      && okAtLeast(f.cumSpBullish, p.minCumSpBullish)
      && okWithin(f.spBullishRangePct, p.spRangeMinPct)
      && okEmaStack(f, 1)
      && okRangeBar(f, 1, p.rangeFactor, p.closePosition)
      && okWithin(f.vrp, p.vrpMin, p.vrpMax)
      && okWithin(atrCloseRatio(ctx), p.atrCloseMin)
      && okNiftyNot(ctx.niftyTrend, p.niftyTrendExclude);
  },
});
