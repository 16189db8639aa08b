// Independent batch formulas (whole arrays, written from the TA-Lib / pandas definitions) that the
// incremental indicators are checked against. Not imported by the source.
import { mulberry32 } from '../../helpers/prng.js';

export type Num = number | null;

/** TA-Lib EMA: SMA seed over the first n values, then alpha = 2/(n+1). Output aligned to input. */
export function emaBatch(xs: readonly Num[], n: number): Num[] {
  const out: Num[] = xs.map(() => null);
  const first = xs.findIndex((x) => x !== null);
  if (first < 0 || xs.length - first < n) return out;
  let seed = 0;
  for (let i = first; i < first + n; i++) seed += xs[i] as number;
  let e = seed / n;
  out[first + n - 1] = e;
  const k = 2 / (n + 1);
  for (let i = first + n; i < xs.length; i++) {
    e = (xs[i] as number) * k + e * (1 - k);
    out[i] = e;
  }
  return out;
}

/** pandas ewm(span, adjust=False): seeded with the first value. */
export function ewmBatch(xs: readonly number[], span: number): number[] {
  const a = 2 / (span + 1);
  const out: number[] = [];
  xs.forEach((x, i) => out.push(i === 0 ? x : (1 - a) * out[i - 1]! + a * x));
  return out;
}

export function trBatch(h: readonly number[], l: readonly number[], c: readonly number[]): Num[] {
  return h.map((hi, i) => (i === 0 ? null : Math.max(hi - l[i]!, Math.abs(hi - c[i - 1]!), Math.abs(l[i]! - c[i - 1]!))));
}

/** TA-Lib ATR: mean of TR[1..n] at index n, then Wilder. */
export function atrBatch(h: readonly number[], l: readonly number[], c: readonly number[], n: number): Num[] {
  const tr = trBatch(h, l, c);
  const out: Num[] = h.map(() => null);
  if (h.length <= n) return out;
  let a = 0;
  for (let i = 1; i <= n; i++) a += tr[i]!;
  a /= n;
  out[n] = a;
  for (let i = n + 1; i < h.length; i++) {
    a = (a * (n - 1) + tr[i]!) / n;
    out[i] = a;
  }
  return out;
}

/** TA-Lib MACD (both EMAs start at index slow−1; fast seeded by the mean of the last `fast` closes). */
export function macdBatch(xs: readonly number[], fast: number, slow: number, sig: number): { macd: Num[]; signal: Num[] } {
  const macd: Num[] = xs.map(() => null);
  const s0 = slow - 1;
  if (xs.length > s0) {
    const kf = 2 / (fast + 1);
    const ks = 2 / (slow + 1);
    let ef = xs.slice(s0 - fast + 1, s0 + 1).reduce((a, b) => a + b, 0) / fast;
    let es = xs.slice(0, slow).reduce((a, b) => a + b, 0) / slow;
    macd[s0] = ef - es;
    for (let i = s0 + 1; i < xs.length; i++) {
      ef = xs[i]! * kf + ef * (1 - kf);
      es = xs[i]! * ks + es * (1 - ks);
      macd[i] = ef - es;
    }
  }
  return { macd, signal: emaBatch(macd, sig) };
}

/** TA-Lib ADX / PLUS_DI / MINUS_DI, transcribed from the C loops (unstable period 0). */
export function adxBatch(h: readonly number[], l: readonly number[], c: readonly number[], p: number): { adx: Num[]; pdi: Num[]; mdi: Num[] } {
  const N = h.length;
  const adx: Num[] = Array(N).fill(null);
  const pdi: Num[] = Array(N).fill(null);
  const mdi: Num[] = Array(N).fill(null);
  const zero = (v: number) => v > -1e-8 && v < 1e-8;
  const dm = (i: number): [number, number] => {
    const dp = h[i]! - h[i - 1]!;
    const dmn = l[i - 1]! - l[i]!;
    if (dmn > 0 && dp < dmn) return [0, dmn];
    if (dp > 0 && dp > dmn) return [dp, 0];
    return [0, 0];
  };
  const tr = trBatch(h, l, c);
  let sp = 0, sm = 0, st = 0;
  for (let i = 1; i < Math.min(p, N); i++) {
    const [a, b] = dm(i);
    sp += a; sm += b; st += tr[i]!;
  }
  let sumDx = 0;
  let ax: number | null = null;
  for (let i = p; i < N; i++) {
    const [a, b] = dm(i);
    sp = sp - sp / p + a;
    sm = sm - sm / p + b;
    st = st - st / p + tr[i]!;
    const P = zero(st) ? 0 : (100 * sp) / st;
    const M = zero(st) ? 0 : (100 * sm) / st;
    pdi[i] = P;
    mdi[i] = M;
    const dx = zero(st) || zero(P + M) ? null : (100 * Math.abs(M - P)) / (P + M);
    if (i < 2 * p) {
      if (dx !== null) sumDx += dx;
      if (i === 2 * p - 1) ax = sumDx / p;
    } else if (dx !== null && ax !== null) {
      ax = (ax * (p - 1) + dx) / p;
    }
    adx[i] = ax;
  }
  return { adx, pdi, mdi };
}

export interface Ohlc { o: number[]; h: number[]; l: number[]; c: number[]; v: number[] }

/** A random walk of OHLCV bars around `start`. */
export function randomBars(n: number, seed: number, start = 100, vol = 0.01): Ohlc {
  const r = mulberry32(seed);
  const out: Ohlc = { o: [], h: [], l: [], c: [], v: [] };
  let px = start;
  for (let i = 0; i < n; i++) {
    const o = px;
    const c = Math.max(1, o * (1 + (r() - 0.5) * 2 * vol));
    const h = Math.max(o, c) * (1 + r() * vol);
    const l = Math.min(o, c) * (1 - r() * vol);
    out.o.push(o); out.h.push(h); out.l.push(l); out.c.push(c); out.v.push(Math.floor(r() * 10_000));
    px = c;
  }
  return out;
}

export function expectClose(a: number | null | undefined, b: number | null | undefined, tol = 1e-9): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return a == b;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}
