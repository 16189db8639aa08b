// Building blocks shared by the seed strategies. Each returns a ConditionResult (name, ok, value) so
// the scanner can log why a strategy did or did not fire. A missing input (null) always fails.
import type { TimeframeFeatures, Trend } from '../domain/features.js';
import type { ConditionResult } from '../domain/trading.js';
import type { StrategyContext } from './strategy.js';

const formatHhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
/** HH:MM of each minute of the day, built once (strategies ask on every bar close of every symbol). */
const HHMM: readonly string[] = Array.from({ length: 1440 }, (_, m) => formatHhmm(m));
const hhmm = (m: number): string => (Number.isInteger(m) && m >= 0 && m < 1440 ? (HHMM[m] as string) : formatHhmm(m));

type LabelKind = 'window' | '>=' | 'within' | '<' | 'nifty >=' | 'nifty <=' | 'nifty !=';

function formatLabel(kind: LabelKind, name: string, a: number, b: number | undefined): string {
  switch (kind) {
    case 'window':
      return `bar start in [${hhmm(a)}, ${hhmm(b as number)})`;
    case '>=':
      return `${name} >= ${a}`;
    case 'within':
      return b === undefined ? `${name} > ${a}` : `${a} < ${name} < ${b}`;
    case '<':
      return `${name} < ${a}`;
    default:
      return `nifty trend ${kind.slice(6)} ${a}`;
  }
}

/**
 * Condition labels depend only on a strategy's fixed parameters: built once per (kind, name, bounds)
 * instead of formatting numbers on every evaluation of every symbol. Per (kind, name) the few bound
 * pairs seen are kept in a short list scanned (cheaper than two more number-keyed maps).
 */
interface Cached {
  readonly a: number;
  readonly b: number | undefined;
  readonly text: string;
}
const labels: Readonly<Record<LabelKind, Map<string, Cached[]>>> = {
  window: new Map(), '>=': new Map(), within: new Map(), '<': new Map(), 'nifty >=': new Map(), 'nifty <=': new Map(), 'nifty !=': new Map(),
};
/** Object.is for the bounds (NaN matches NaN; 0 and −0 print alike, so either may match). */
const same = (x: number | undefined, y: number | undefined): boolean => x === y || (x !== x && y !== y);
function label(kind: LabelKind, name: string, a: number, b?: number): string {
  const byName = labels[kind];
  let list = byName.get(name);
  if (list === undefined) byName.set(name, (list = []));
  for (let i = 0; i < list.length; i++) {
    const c = list[i] as Cached;
    if (same(c.a, a) && same(c.b, b)) return c.text;
  }
  const text = formatLabel(kind, name, a, b);
  // Bounds come from strategy parameters, so the list stays short; a bound that varies per call
  // (none does today) would only cost its formatting, never grow without limit.
  if (list.length < 64) list.push({ a, b, text });
  return text;
}

/** Bar start in [startMin, endMin) minutes after IST midnight. */
export function inWindow(ctx: StrategyContext, startMin: number, endMin: number): ConditionResult {
  const m = ctx.barStartMinute;
  return { name: label('window', '', startMin, endMin), ok: okWindow(ctx, startMin, endMin), value: hhmm(m) };
}

export function atLeast(name: string, v: number | null, min: number): ConditionResult {
  return { name: label('>=', name, min), ok: okAtLeast(v, min), value: v };
}

/** Strictly above `lo` (and strictly below `hi` when given). */
export function within(name: string, v: number | null, lo: number, hi?: number): ConditionResult {
  const text = label('within', name, lo, hi);
  return { name: text, ok: okWithin(v, lo, hi), value: v };
}

export function below(name: string, v: number | null, hi: number): ConditionResult {
  return { name: label('<', name, hi), ok: okBelow(v, hi), value: v };
}

/** Close strictly above (dir 1) or below (dir −1) each of EMA 50, 100 and 200. */
export function emaStack(f: TimeframeFeatures, dir: 1 | -1): ConditionResult {
  return { name: dir === 1 ? 'close > ema50, ema100, ema200' : 'close < ema50, ema100, ema200', ok: okEmaStack(f, dir), value: f.bar.close };
}

/**
 * Range bar (seed-strategies.md §2.5) with this strategy's factor and close position:
 * bullish: range > factor·ref, C > O and C > O + pos·(H − O); bearish: C < O and C < L + pos·(O − L).
 * Falls back to the feature flag when the producer gave no reference range.
 */
export function rangeBar(f: TimeframeFeatures, dir: 1 | -1, factor: number, pos: number): ConditionResult {
  const { high: h, low: l } = f.bar;
  const name = dir === 1 ? 'bullish range bar' : 'bearish range bar';
  const ref = f.rangeRef;
  const ok = okRangeBar(f, dir, factor, pos);
  if (ref === undefined || ref === null) return { name, ok, value: h - l };
  return { name, ok, value: ref > 0 ? (h - l) / ref : null };
}

export function zlCross(f: TimeframeFeatures, want: 1 | -1): ConditionResult {
  return { name: want === 1 ? 'zero-lag MACD bullish cross' : 'zero-lag MACD bearish cross', ok: okZlCross(f, want), value: f.zlMacdCross };
}

/** atr_10 / close_10 of the previous session. */
export function atrCloseRatio(ctx: StrategyContext): number | null {
  const d = ctx.daily;
  return d === null || !(d.close10 > 0) ? null : d.atr10 / d.close10;
}

export function niftyAtLeast(t: Trend | null, min: number): ConditionResult {
  return { name: label('nifty >=', '', min), ok: okNiftyAtLeast(t, min), value: t };
}
export function niftyAtMost(t: Trend | null, max: number): ConditionResult {
  return { name: label('nifty <=', '', max), ok: okNiftyAtMost(t, max), value: t };
}
export function niftyNot(t: Trend | null, excluded: number): ConditionResult {
  return { name: label('nifty !=', '', excluded), ok: okNiftyNot(t, excluded), value: t };
}

// The conditions' outcomes alone (the `ok` of each builder above, which uses them): a strategy's
// `matches` chains them without building a ConditionResult or its label, for the common case where
// nobody reads the conditions (no debug log; the watchlist asks for setups lazily).
export const okWindow = (ctx: StrategyContext, startMin: number, endMin: number): boolean =>
  ctx.barStartMinute >= startMin && ctx.barStartMinute < endMin;
export const okAtLeast = (v: number | null, min: number): boolean => v !== null && v >= min;
export const okWithin = (v: number | null, lo: number, hi?: number): boolean =>
  v !== null && !Number.isNaN(v) && v > lo && (hi === undefined || v < hi);
export const okBelow = (v: number | null, hi: number): boolean => v !== null && !Number.isNaN(v) && v < hi;
export function okEmaStack(f: TimeframeFeatures, dir: 1 | -1): boolean {
  const c = f.bar.close;
  const side = (e: number | null): boolean => e !== null && (dir === 1 ? c > e : c < e);
  return side(f.ema50) && side(f.ema100) && side(f.ema200);
}
export function okRangeBar(f: TimeframeFeatures, dir: 1 | -1, factor: number, pos: number): boolean {
  const ref = f.rangeRef;
  if (ref === undefined || ref === null) return dir === 1 ? f.isRangeBullish : f.isRangeBearish;
  const { open: o, high: h, low: l, close: c } = f.bar;
  const big = h - l > factor * ref;
  return dir === 1 ? big && c > o && c > o + pos * (h - o) : big && c < o && c < l + pos * (o - l);
}
export const okZlCross = (f: TimeframeFeatures, want: 1 | -1): boolean => f.zlMacdCross === want;
export const okNiftyAtLeast = (t: Trend | null, min: number): boolean => t !== null && t >= min;
export const okNiftyAtMost = (t: Trend | null, max: number): boolean => t !== null && t <= max;
export const okNiftyNot = (t: Trend | null, excluded: number): boolean => t !== null && t !== excluded;
