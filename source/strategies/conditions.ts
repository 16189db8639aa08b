// Building blocks shared by the seed strategies. Each returns a ConditionResult (name, ok, value) so
// the scanner can log why a strategy did or did not fire. A missing input (null) always fails.
import type { TimeframeFeatures, Trend } from '../domain/features.js';
import type { ConditionResult } from '../domain/trading.js';
import type { StrategyContext } from './strategy.js';

const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Bar start in [startMin, endMin) minutes after IST midnight. */
export function inWindow(ctx: StrategyContext, startMin: number, endMin: number): ConditionResult {
  const m = ctx.barStartMinute;
  return { name: `bar start in [${hhmm(startMin)}, ${hhmm(endMin)})`, ok: m >= startMin && m < endMin, value: hhmm(m) };
}

export function atLeast(name: string, v: number | null, min: number): ConditionResult {
  return { name: `${name} >= ${min}`, ok: v !== null && v >= min, value: v };
}

/** Strictly above `lo` (and strictly below `hi` when given). */
export function within(name: string, v: number | null, lo: number, hi?: number): ConditionResult {
  const label = hi === undefined ? `${name} > ${lo}` : `${lo} < ${name} < ${hi}`;
  const ok = v !== null && !Number.isNaN(v) && v > lo && (hi === undefined || v < hi);
  return { name: label, ok, value: v };
}

export function below(name: string, v: number | null, hi: number): ConditionResult {
  return { name: `${name} < ${hi}`, ok: v !== null && !Number.isNaN(v) && v < hi, value: v };
}

/** Close strictly above (dir 1) or below (dir −1) each of EMA 50, 100 and 200. */
export function emaStack(f: TimeframeFeatures, dir: 1 | -1): ConditionResult {
  const c = f.bar.close;
  const emas = [f.ema50, f.ema100, f.ema200];
  const ok = emas.every((e) => e !== null && (dir === 1 ? c > e : c < e));
  return { name: dir === 1 ? 'close > ema50, ema100, ema200' : 'close < ema50, ema100, ema200', ok, value: c };
}

/**
 * Range bar (seed-strategies.md §2.5) with this strategy's factor and close position:
 * bullish: range > factor·ref, C > O and C > O + pos·(H − O); bearish: C < O and C < L + pos·(O − L).
 * Falls back to the feature flag when the producer gave no reference range.
 */
export function rangeBar(f: TimeframeFeatures, dir: 1 | -1, factor: number, pos: number): ConditionResult {
  const { open: o, high: h, low: l, close: c } = f.bar;
  const name = dir === 1 ? 'bullish range bar' : 'bearish range bar';
  const ref = f.rangeRef;
  if (ref === undefined || ref === null) return { name, ok: dir === 1 ? f.isRangeBullish : f.isRangeBearish, value: h - l };
  const big = h - l > factor * ref;
  const ok = dir === 1 ? big && c > o && c > o + pos * (h - o) : big && c < o && c < l + pos * (o - l);
  return { name, ok, value: ref > 0 ? (h - l) / ref : null };
}

export function zlCross(f: TimeframeFeatures, want: 1 | -1): ConditionResult {
  return { name: want === 1 ? 'zero-lag MACD bullish cross' : 'zero-lag MACD bearish cross', ok: f.zlMacdCross === want, value: f.zlMacdCross };
}

/** atr_10 / close_10 of the previous session. */
export function atrCloseRatio(ctx: StrategyContext): number | null {
  const d = ctx.daily;
  return d === null || !(d.close10 > 0) ? null : d.atr10 / d.close10;
}

export function niftyAtLeast(t: Trend | null, min: number): ConditionResult {
  return { name: `nifty trend >= ${min}`, ok: t !== null && t >= min, value: t };
}
export function niftyAtMost(t: Trend | null, max: number): ConditionResult {
  return { name: `nifty trend <= ${max}`, ok: t !== null && t <= max, value: t };
}
export function niftyNot(t: Trend | null, excluded: number): ConditionResult {
  return { name: `nifty trend != ${excluded}`, ok: t !== null && t !== excluded, value: t };
}
