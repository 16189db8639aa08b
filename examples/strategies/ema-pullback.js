// Example user strategy: a 5m LONG on a pullback to the 50 EMA inside an up-trend.
// Copy this file, change it, and name it in your config:  "strategyFiles": ["/path/to/ema-pullback.js"]
// and (optionally) set its parameters under "strategies": { "ema-pullback": { "enabled": true, "params": { ... } } }.
//
// The default export is a StrategyDefinition (see docs/strategies.md, "Adding your own strategy"):
//   id, name, side ('LONG' | 'SHORT'), timeframe ('5m' | '15m'), defaults (numbers only),
//   create(params) -> { id, name, side, timeframe, params, evaluate(ctx) -> { match, conditions } }.
// evaluate() gets only closed-bar data: ctx.features (TimeframeFeatures of the bar that just closed),
// ctx.daily (previous session's atr10/volume10/close10 or null), ctx.niftyTrend (-1/0/1 or null) and
// ctx.barStartMinute (minutes after IST midnight). It must be pure: no I/O, no clocks, no randomness.
// The scanner applies the first-of-day rule, the risk gate and sizing; exits use the ATR trail.

/** @type {import('../../source/strategies/strategy.js').StrategyDefinition} */
const emaPullback = {
  id: 'ema-pullback',
  name: '5m long: pullback to EMA50 in an up-trend',
  side: 'LONG',
  timeframe: '5m',
  defaults: {
    windowStartMin: 600, // 10:00 IST
    windowEndMin: 825, // 13:45 IST (exclusive)
    touchPct: 0.1, // the bar's low came within this % of EMA50
  },
  create(params) {
    const p = { ...this.defaults, ...params };
    return {
      id: this.id,
      name: this.name,
      side: this.side,
      timeframe: this.timeframe,
      params: p,
      evaluate(ctx) {
        const f = ctx.features;
        const { low, close, open } = f.bar;
        const e50 = f.ema50;
        const conditions = [
          { name: 'bar start in window', ok: ctx.barStartMinute >= p.windowStartMin && ctx.barStartMinute < p.windowEndMin, value: ctx.barStartMinute },
          { name: 'ema50 > ema100 > ema200', ok: e50 !== null && f.ema100 !== null && f.ema200 !== null && e50 > f.ema100 && f.ema100 > f.ema200, value: e50 },
          { name: `low within ${p.touchPct}% of ema50`, ok: e50 !== null && low <= e50 * (1 + p.touchPct / 100), value: low },
          { name: 'close > ema50 and close > open', ok: e50 !== null && close > e50 && close > open, value: close },
          { name: 'nifty trend not down', ok: ctx.niftyTrend !== null && ctx.niftyTrend >= 0, value: ctx.niftyTrend },
        ];
        return { match: conditions.every((c) => c.ok), conditions };
      },
    };
  },
};

export default emaPullback;
