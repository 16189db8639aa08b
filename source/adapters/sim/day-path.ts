// One symbol's simulated session, one minute at a time: which seconds trade, at what price and size.
// Prices sit on the ₹0.05 tick and only change on trade seconds, so bars aggregated from these
// seconds are exactly what a consumer of every tick would build. A minute depends only on the
// cursor (generator state, noise, last price) at its start, so the model keeps a cursor per minute
// instead of 22,500 seconds per symbol and regenerates a minute when a quote or a tick needs it.
import { roundToTick } from '../../domain/money.js';
import type { Rng } from './prng.js';
import type { Regime } from './regimes.js';
import { SESSION_SECONDS, VARIANCE_SHARE, VOLUME_SHARE } from './session-shape.js';

export interface SecondSeries {
  /** Last traded price as of each second (held between trades). */
  readonly price: Float64Array;
  /** Quantity traded in each second; 0 = no trade that second. */
  readonly qty: Float64Array;
}

export interface DayPathInput {
  readonly rng: Rng;
  readonly open: number;
  readonly sigmaDay: number;
  readonly regime: Regime;
  /** Shares expected today (base volume × regime factor). */
  readonly dayVolume: number;
  /** Log path of the common market factor, one value per second. */
  readonly market: Float64Array;
  readonly beta: number;
  /** Probability that an eligible second (other than a minute's first) has a trade. */
  readonly tradeProbability: number;
  /**
   * Only every `step`-th second may trade (default 1). History sessions use a coarser step: their
   * bars only need the right statistics, and it makes 45 sessions of history five times cheaper.
   */
  readonly step?: number;
}

// Standard-normal quantiles at 4096 evenly spaced probabilities: one uniform draw indexes a normal
// value, which keeps a 45-session, 1-second history cheap to generate (≈10 M draws).
const TABLE_SIZE = 4096;
const NORMAL_TABLE = Float64Array.from({ length: TABLE_SIZE }, (_, i) => inverseNormal((i + 0.5) / TABLE_SIZE));

function gauss(rng: Rng): number {
  return NORMAL_TABLE[(rng.next() * TABLE_SIZE) | 0] as number;
}

/** Acklam's rational approximation of the standard normal quantile (|error| < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const tail = (q: number): number => (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** Where a path stands at a minute boundary; pathMinute advances it (and the input's rng). */
export interface PathCursor {
  noise: number;
  last: number;
}

/** Drift (log offset from the open) at second `s`: the regime's keypoints, linear in between. */
export function driftAt(regime: Regime, s: number): number {
  const kp = regime.keypoints;
  // The last segment that covers `s` wins, as when the segments are painted in order.
  for (let k = kp.length - 2; k >= 0; k--) {
    const [s0, v0] = kp[k] as readonly [number, number];
    const [s1, v1] = kp[k + 1] as readonly [number, number];
    if (s >= s0 && s <= s1) return s1 === s0 ? v1 : v0 + ((v1 - v0) * (s - s0)) / (s1 - s0);
  }
  return 0;
}

const tradeAt = new Int32Array(60);
const weights = new Float64Array(60);

/**
 * Minute `m` of the path: `price[k]`/`qty[k]` for second k of the minute (price held between
 * trades, qty 0 on seconds without a trade). A minute's first second always trades. `drift`, when
 * given, is the whole day's driftPath (cheaper than driftAt second by second).
 */
export function pathMinute(input: DayPathInput, cursor: PathCursor, m: number, price: Float64Array, qty: Float64Array, drift?: Float64Array): void {
  const { rng, open, sigmaDay, regime, market, beta } = input;
  const step = input.step ?? 1;
  const p = step === 1 ? input.tradeProbability : 1;
  const sigmaStep = sigmaDay * regime.noiseMultiplier * Math.sqrt(((VARIANCE_SHARE[m] ?? 0) / 60) * step);
  let { noise, last } = cursor;
  let trades = 0;
  // Only every `step`-th second can trade; the seconds between hold the last price.
  for (let k = 0; k < 60; k += step) {
    const s = m * 60 + k;
    if (s > 0) noise += sigmaStep * (s < regime.calmUntil ? 0.35 : 1) * gauss(rng);
    if (k === 0 || rng.next() < p) {
      const dr = drift ? (drift[s] as number) : driftAt(regime, s);
      last = roundToTick(open * Math.exp(dr + noise + beta * (market[s] ?? 0)));
      tradeAt[trades] = k;
      weights[trades++] = 0.3 + rng.next();
    }
    const end = Math.min(60, k + step);
    for (let j = k; j < end; j++) {
      price[j] = last;
      qty[j] = 0;
    }
  }
  const minuteVolume = input.dayVolume * (VOLUME_SHARE[m] ?? 0) * Math.exp(0.25 * gauss(rng) - 0.03);
  let total = 0;
  for (let j = 0; j < trades; j++) total += weights[j] as number;
  for (let j = 0; j < trades; j++) qty[tradeAt[j] as number] = Math.max(1, Math.round((minuteVolume * (weights[j] as number)) / total));
  cursor.noise = noise;
  cursor.last = last;
}

/**
 * The common market factor for a day: a small random walk (σ = `sigmaDay`) around a straight line
 * from 0 at the open to `drift` at the close (the day's market-regime plan, see market-regime.ts).
 */
export function marketPath(rng: Rng, out: Float64Array, drift: number, sigmaDay: number): Float64Array {
  const sigmaSec = sigmaDay / Math.sqrt(SESSION_SECONDS);
  let x = 0;
  out[0] = 0;
  for (let s = 1; s < SESSION_SECONDS; s++) {
    x += sigmaSec * gauss(rng);
    out[s] = x + (drift * s) / SESSION_SECONDS;
  }
  return out;
}
