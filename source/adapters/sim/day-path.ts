// One symbol's simulated session at one-second resolution: which seconds trade, at what price and
// size. Prices sit on the ₹0.05 tick and only change on trade seconds, so bars aggregated from these
// seconds are exactly what a consumer of every tick would build.
import { roundToTick } from '../../domain/money.js';
import type { Rng } from './prng.js';
import { driftPath, type Regime } from './regimes.js';
import { SESSION_MINUTES, SESSION_SECONDS, VARIANCE_SHARE, VOLUME_SHARE } from './session-shape.js';

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

const drift = new Float64Array(SESSION_SECONDS);

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

export function generateDayPath(input: DayPathInput, out?: SecondSeries): SecondSeries {
  const { rng, open, sigmaDay, regime, market, beta } = input;
  const price = out?.price ?? new Float64Array(SESSION_SECONDS);
  const qty = out?.qty ?? new Float64Array(SESSION_SECONDS);
  drift.fill(0);
  driftPath(regime, drift);
  let noise = 0;
  let last = open;
  const weights: number[] = [];
  const tradeAt: number[] = [];
  const step = input.step ?? 1;
  const p = step === 1 ? input.tradeProbability : 1;
  for (let m = 0; m < SESSION_MINUTES; m++) {
    const sigmaStep = sigmaDay * regime.noiseMultiplier * Math.sqrt(((VARIANCE_SHARE[m] ?? 0) / 60) * step);
    tradeAt.length = 0;
    weights.length = 0;
    // Only every `step`-th second can trade; the seconds between hold the last price.
    for (let k = 0; k < 60; k += step) {
      const s = m * 60 + k;
      if (s > 0) noise += sigmaStep * (s < regime.calmUntil ? 0.35 : 1) * gauss(rng);
      qty[s] = 0;
      if (k === 0 || rng.next() < p) {
        last = roundToTick(open * Math.exp((drift[s] ?? 0) + noise + beta * (market[s] ?? 0)));
        tradeAt.push(s);
        weights.push(0.3 + rng.next());
      }
      const end = m * 60 + Math.min(60, k + step);
      price[s] = last;
      for (let j = s + 1; j < end; j++) {
        price[j] = last;
        qty[j] = 0;
      }
    }
    const minuteVolume = input.dayVolume * (VOLUME_SHARE[m] ?? 0) * Math.exp(0.25 * gauss(rng) - 0.03);
    const total = weights.reduce((a, b) => a + b, 0);
    tradeAt.forEach((s, i) => {
      qty[s] = Math.max(1, Math.round((minuteVolume * (weights[i] ?? 0)) / total));
    });
  }
  return { price, qty };
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
