// Per symbol-day regimes. Each simulated day of each symbol follows one regime: a drift schedule
// (log-price keypoints over the session), a quiet spell before any breakout, and a volume factor
// relative to the symbol's normal day. The breakout and reversal regimes are shaped so that the
// seed strategies (reference/seed-strategies.md §3) find their setups; see docs/simulator.md.
import type { Rng } from './prng.js';
import { SESSION_SECONDS } from './session-shape.js';

export type VolClass = 'low' | 'high';

export type RegimeName =
  | 'quiet'
  | 'trend'
  | 'breakout-up' // low vol, first 5m breakout 0.8–1.3 %, mid volume: strategy 9
  | 'breakout-down' // low vol, variety
  | 'momentum-up' // high vol, 5m breakout up on light volume: strategy 11
  | 'momentum-down' // high vol, 5m breakdown on mid volume: strategy 10
  | 'reversal-down' // low vol, 15m bullish breakout then a fall on heavy volume: strategy 8
  | 'reversal-up'; // low vol, 15m bearish breakdown then a recovery on light volume: strategy 12

export interface Regime {
  readonly name: RegimeName;
  /** [second of session, log-price offset from the open], piecewise linear. */
  readonly keypoints: ReadonlyArray<readonly [number, number]>;
  /** Noise is damped until this second (the consolidation before a breakout). */
  readonly calmUntil: number;
  readonly noiseMultiplier: number;
  /** Day volume relative to the symbol's base volume. */
  readonly volumeFactor: number;
}

export const SIGMA_DAY: Record<VolClass, number> = { low: 0.0095, high: 0.028 };
export const GAP_SIGMA: Record<VolClass, number> = { low: 0.003, high: 0.007 };

const END = SESSION_SECONDS - 1;

/** Regimes every day gets at least once per class (when there are enough symbols of that class). */
const REQUIRED: Record<VolClass, RegimeName[]> = {
  low: ['reversal-down', 'reversal-up', 'breakout-up'],
  high: ['momentum-up', 'momentum-down'],
};
const EXTRA: Record<VolClass, RegimeName[]> = {
  low: ['quiet', 'trend', 'breakout-up', 'breakout-down', 'reversal-down', 'reversal-up'],
  high: ['quiet', 'trend', 'momentum-up', 'momentum-down'],
};

/** Chooses the day's regime names for symbols of one class (in the given order). */
export function assignRegimeNames(rng: Rng, cls: VolClass, count: number): RegimeName[] {
  const names: RegimeName[] = [];
  for (let i = 0; i < count; i++) names.push(REQUIRED[cls][i] ?? rng.pick(EXTRA[cls]));
  return rng.shuffle(names);
}

function breakout(rng: Rng, name: RegimeName, dir: 1 | -1, jump: number, cont: number, volume: number): Regime {
  // The jump happens inside the 2nd or 3rd 5m bar, after a slight drift the other way, so that the
  // day's first 5m confirmation is the big bar itself.
  const tb = rng.pick([300, 600]);
  const pre = -dir * 0.0015;
  return {
    name,
    keypoints: [[0, 0], [tb, pre], [tb + 240, pre + dir * jump], [END, pre + dir * (jump + cont)]],
    calmUntil: tb,
    noiseMultiplier: 1,
    volumeFactor: volume,
  };
}

function reversal(rng: Rng, name: RegimeName, dir: 1 | -1, jump: number, volume: number): Regime {
  // Breakout inside the second 15m bar (09:30–09:45), a hold, then a slide back through the
  // open: the 15m zero-lag MACD crosses against the breakout late morning.
  const turn = Math.round(rng.range(3600, 7200));
  const bottom = turn + Math.round(rng.range(3600, 6000));
  const peak = dir * jump;
  const trough = peak - dir * (jump + rng.range(0.006, 0.01));
  return {
    name,
    keypoints: [[0, 0], [900, -dir * 0.001], [1680, peak - dir * 0.001], [turn, peak * 1.05], [bottom, trough], [END, trough]],
    calmUntil: 900,
    noiseMultiplier: 0.8,
    volumeFactor: volume,
  };
}

export function buildRegime(rng: Rng, name: RegimeName, cls: VolClass): Regime {
  const sigma = SIGMA_DAY[cls];
  const vol = (f: number): number => f * Math.exp(0.12 * rng.normal());
  switch (name) {
    case 'quiet':
      return { name, keypoints: [[0, 0], [END, 0.002 * rng.normal()]], calmUntil: 0, noiseMultiplier: 0.7, volumeFactor: vol(0.8) };
    case 'trend': {
      const dir = rng.next() < 0.5 ? 1 : -1;
      return { name, keypoints: [[0, 0], [END, dir * rng.range(0.8, 1.6) * sigma]], calmUntil: 0, noiseMultiplier: 1, volumeFactor: vol(1.1) };
    }
    case 'breakout-up':
      return breakout(rng, name, 1, rng.range(0.014, 0.016), rng.range(0.3, 0.8) * sigma, vol(1.6));
    case 'breakout-down':
      return breakout(rng, name, -1, rng.range(0.014, 0.016), rng.range(0.3, 0.8) * sigma, vol(1.1));
    case 'momentum-up':
      return breakout(rng, name, 1, rng.range(0.018, 0.022), rng.range(0.5, 1.0) * sigma, vol(0.5));
    case 'momentum-down':
      return breakout(rng, name, -1, rng.range(0.017, 0.02), rng.range(0.5, 1.0) * sigma, vol(1.3));
    case 'reversal-down':
      return reversal(rng, name, 1, rng.range(0.0125, 0.0145), vol(3));
    case 'reversal-up':
      return reversal(rng, name, -1, rng.range(0.016, 0.019), vol(0.4));
  }
}

/** Drift (log offset from the open) for every second of the session. */
export function driftPath(regime: Regime, out: Float64Array): void {
  const kp = regime.keypoints;
  for (let k = 0; k + 1 < kp.length; k++) {
    const [s0, v0] = kp[k] as readonly [number, number];
    const [s1, v1] = kp[k + 1] as readonly [number, number];
    for (let s = s0; s <= s1 && s < out.length; s++) out[s] = s1 === s0 ? v1 : v0 + ((v1 - v0) * (s - s0)) / (s1 - s0);
  }
}
