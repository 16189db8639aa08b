// A bounded time series for the dashboard's charts. Points land in buckets of `stepMs` of engine clock
// time (the newest value of a bucket wins); when the series outgrows its cap, the step doubles and old
// points merge pairwise. So a whole trading day costs at most `cap` points per series, at a resolution
// that coarsens as the day goes on, and the newest point is always the latest value seen.

export interface Point {
  readonly t: number;
  readonly v: number;
}

export interface Series {
  readonly cap: number;
  readonly stepMs: number;
  /** Oldest first, strictly ascending `t`. */
  readonly points: readonly Point[];
}

export const DEFAULT_SERIES_CAP = 720;
export const DEFAULT_STEP_MS = 5_000;

export function emptySeries(cap = DEFAULT_SERIES_CAP, stepMs = DEFAULT_STEP_MS): Series {
  if (!Number.isInteger(cap) || cap < 4) throw new Error(`series cap must be an integer ≥ 4, got ${cap}`);
  if (!(stepMs > 0)) throw new Error(`series step must be > 0 ms, got ${stepMs}`);
  return { cap, stepMs, points: [] };
}

const bucketOf = (t: number, stepMs: number): number => Math.floor(t / stepMs);

/** Merges points into buckets of stepMs: each bucket keeps its first instant and its last value. */
function rebucket(points: readonly Point[], stepMs: number): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && bucketOf(last.t, stepMs) === bucketOf(p.t, stepMs)) out[out.length - 1] = { t: last.t, v: p.v };
    else out.push(p);
  }
  return out;
}

/**
 * Adds a value at instant t. A value older than the newest point is ignored (a late or replayed update
 * must not bend the line backwards); non-finite values are ignored.
 */
export function appendPoint(series: Series, t: number, v: number): Series {
  if (!Number.isFinite(t) || !Number.isFinite(v)) return series;
  const pts = series.points;
  const last = pts[pts.length - 1];
  if (last && t < last.t) return series;
  if (last && bucketOf(last.t, series.stepMs) === bucketOf(t, series.stepMs)) {
    if (last.v === v) return series;
    return { ...series, points: [...pts.slice(0, -1), { t: last.t, v }] };
  }
  let points = [...pts, { t, v }];
  let stepMs = series.stepMs;
  while (points.length > series.cap) {
    stepMs *= 2;
    points = rebucket(points, stepMs);
  }
  return { cap: series.cap, stepMs, points };
}

/** Builds a series from points in any order (e.g. a position's stop history). */
export function seriesFrom(points: readonly Point[], cap = DEFAULT_SERIES_CAP, stepMs = DEFAULT_STEP_MS): Series {
  return [...points].sort((a, b) => a.t - b.t).reduce((s, p) => appendPoint(s, p.t, p.v), emptySeries(cap, stepMs));
}

/** The value in force at instant t (a step function: the last point at or before t), or null before the first. */
export function valueAt(series: Series, t: number): number | null {
  const pts = series.points;
  let lo = 0;
  let hi = pts.length - 1;
  let found: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = pts[mid]!;
    if (p.t <= t) {
      found = p.v;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function lastValue(series: Series): number | null {
  return series.points[series.points.length - 1]?.v ?? null;
}
