// Strategy 9 (5m SHORT, "alternative short"): a counter-trend fade of a bullish momentum bar on a
// LOW-volatility stock with moderate volume per unit of range (seed-strategies.md §3).
import { atLeast, atrCloseRatio, below, emaStack, inWindow, niftyNot, okAtLeast, okBelow, okEmaStack, okNiftyNot, okRangeBar, okWindow, okWithin, rangeBar, within } from './conditions.js';
import { defineRuleStrategy } from './define.js';

export const strategy9 = defineRuleStrategy({
  id: '9',
  name: '5m short: alternative (bullish bar fade)',
  side: 'SHORT',
  timeframe: '5m',
  defaults: {
    windowStartMin: 560,
    windowEndMin: 825,
    minCumSpBullish: 1,
    spRangeMinPct: 0.8,
    rangeFactor: 0.7,
    closePosition: 0.5,
    vrpMin: 0.3,
    vrpMax: 0.6,
    atrCloseMax: 0.04,
    niftyTrendExclude: 1,
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
      below('atr_10/close_10', atrCloseRatio(ctx), p.atrCloseMax),
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
      && okBelow(atrCloseRatio(ctx), p.atrCloseMax)
      && okNiftyNot(ctx.niftyTrend, p.niftyTrendExclude);
  },
});
