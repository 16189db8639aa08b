// The market-wide component of the simulated market. Without it NIFTY (a mean of the constituents)
// never trends for long enough for the 15m trend filter (ADX(125) ≈ 5 sessions, seed-strategies.md
// §2.7) to say +1 or −1, so the strategies' NIFTY conditions would never bite.
//
// The market follows a seeded "fair level": a sum of three slow waves over calendar days (a main
// swing of 5–8 weeks, a long one of 2–4 months and a short ripple), so the index rallies for a
// week or two, tops out, slides, bottoms out… as the real one does, and stays near its base level.
// A day's regime is the slope of that level: up-trend, down-trend, or a range near the turns.
// Everything depends on (seed, date) only, never on the model's window, so two models with different
// history lengths agree on every day they share.
import { DAY_MS, istInstant, type IsoDate } from '../../domain/time.js';
import { hash128, type Rng } from './prng.js';

export type MarketRegimeName = 'up' | 'down' | 'range';

export interface MarketDay {
  readonly regime: MarketRegimeName;
  /** Log fair level at the previous session's close (0 = the index base level). */
  readonly anchor: number;
  /** Planned overnight gap of the market factor into this day (log). */
  readonly gap: number;
  /** Planned drift of the market factor from the open to the close (log). */
  readonly drift: number;
  /** σ of the market factor's intraday random walk (log, per session). */
  readonly sigma: number;
}

/** A wave: [period in calendar days, amplitude (log), phase]. */
type Wave = readonly [number, number, number];

/** Main swing: period 36–56 calendar days (legs of ~2–3 weeks), peak slope 0.8–1.2 % per session. */
const MAIN_PERIOD: readonly [number, number] = [36, 56];
const MAIN_PEAK_SLOPE: readonly [number, number] = [0.008, 0.012];
const LONG_PERIOD: readonly [number, number] = [60, 120];
const LONG_AMPLITUDE: readonly [number, number] = [0.01, 0.025];
const RIPPLE_PERIOD: readonly [number, number] = [7, 11];
const RIPPLE_AMPLITUDE = 0.004;
/** |slope| per session above which a day counts as a trend day. */
const TREND_SLOPE = 0.004;
/** Intraday noise of the market factor: trend days are orderly, range days choppier. */
const SIGMA: Record<MarketRegimeName, number> = { up: 0.003, down: 0.003, range: 0.005 };
/** Share of a day's move that arrives as the overnight gap. */
const GAP_SHARE = 0.35;
/** Day-to-day noise of the market gap and drift (log σ). */
const GAP_NOISE = 0.0025;
const DRIFT_NOISE = 0.0025;

const unit = (h: number): number => h / 4294967296;
const between = ([lo, hi]: readonly [number, number], u: number): number => lo + (hi - lo) * u;
/** Sessions per calendar day (5 of 7), to turn per-session slopes into per-calendar-day ones. */
const PER_CALENDAR_DAY = 5 / 7;

const wavesBySeed = new Map<number, readonly Wave[]>();

function waves(seed: number): readonly Wave[] {
  const known = wavesBySeed.get(seed);
  if (known) return known;
  const [a, b, c, d] = hash128(`${seed}|market-waves`);
  const [e, f, g] = hash128(`${seed}|market-phases`);
  const mainPeriod = between(MAIN_PERIOD, unit(a));
  const mainAmplitude = (between(MAIN_PEAK_SLOPE, unit(b)) * PER_CALENDAR_DAY * mainPeriod) / (2 * Math.PI);
  const out: Wave[] = [
    [mainPeriod, mainAmplitude, 2 * Math.PI * unit(e)],
    [between(LONG_PERIOD, unit(c)), between(LONG_AMPLITUDE, unit(d)), 2 * Math.PI * unit(f)],
    [between(RIPPLE_PERIOD, unit(c ^ d)), RIPPLE_AMPLITUDE, 2 * Math.PI * unit(g)],
  ];
  wavesBySeed.set(seed, out);
  return out;
}

/** Log fair level of the market at the close of calendar day `day` (days since 1970-01-01). */
function fairLevel(seed: number, day: number): number {
  return waves(seed).reduce((sum, [period, amplitude, phase]) => sum + amplitude * Math.sin((2 * Math.PI * day) / period + phase), 0);
}

const dayNumber = (date: IsoDate): number => Math.round(istInstant(date, '12:00') / DAY_MS);

function slopeOn(seed: number, date: IsoDate): { target: number; slope: number } {
  const day = dayNumber(date);
  const target = fairLevel(seed, day);
  // One calendar day's move, scaled to a session (weekends land in Monday's gap).
  return { target, slope: (target - fairLevel(seed, day - 1)) / PER_CALENDAR_DAY };
}

const regimeOf = (slope: number): MarketRegimeName => (slope > TREND_SLOPE ? 'up' : slope < -TREND_SLOPE ? 'down' : 'range');

export function marketRegimeOn(seed: number, date: IsoDate): MarketRegimeName {
  return regimeOf(slopeOn(seed, date).slope);
}

/** The market factor's plan for one day; `rng` is the day's market generator (seed|market|date). */
export function marketDay(seed: number, date: IsoDate, rng: Rng): MarketDay {
  const { target, slope } = slopeOn(seed, date);
  const regime = regimeOf(slope);
  // Trend days vary in strength, as real ones do: the day's share of the move is 0.6–1.4×.
  const move = slope * rng.range(0.6, 1.4);
  return {
    regime,
    anchor: target - slope,
    gap: GAP_SHARE * move + GAP_NOISE * rng.normal(),
    drift: (1 - GAP_SHARE) * move + DRIFT_NOISE * rng.normal(),
    sigma: SIGMA[regime],
  };
}
