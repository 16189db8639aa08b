/* global performance, console */
// Engine-core speed for 2,000 symbols × 5 strategies: the strategy evaluation of a bar boundary (every
// 5m+15m bar closing at once; runs in the MarketData bar-close listener), the 1 s scan right after it
// (live signals only), an idle scan, and a monitor pass over 50 positions. Prints figures, never asserts.
// Run: npm run build && node bench/engine-core.mjs
//
// Before the change that moved evaluation from the scan into onBarClose (commit 86f8a6c, same machine,
// loaded): the scan after a bar close took p50 17 ms, p99 120–160 ms (it evaluated all 4,000 bars).
import { Scanner } from '../dist/engine/scanner.js';
import { monitorPass, armStop } from '../dist/engine/position-monitor.js';
import { istInstant } from '../dist/domain/time.js';

const N = 2000;
const t0 = istInstant('2025-06-02', '09:30');
const symbols = Array.from({ length: N }, (_, i) => `S${i}`);
const market = { daily: () => ({ atr10: 10, volume10: 1e6, close10: 100 }), niftyTrend: () => 1 };
const strat = (id, side, timeframe) => ({
  id, name: id, side, timeframe, params: {},
  evaluate: (ctx) => {
    const f = ctx.features;
    const conditions = [
      { name: 'ema', ok: f.ema50 !== null && f.bar.close > f.ema50 },
      { name: 'cum', ok: f.cumSpBullish > 2 },
      { name: 'vrp', ok: (f.vrp ?? 0) > 1 },
      { name: 'nifty', ok: ctx.niftyTrend === 1 },
      { name: 'time', ok: ctx.barStartMinute >= 570 },
    ];
    return { match: conditions.every((c) => c.ok) && f.bar.close % 97 === 0, conditions };
  },
});
const strategies = [strat('12', 'LONG', '15m'), strat('11', 'LONG', '5m'), strat('8', 'SHORT', '15m'), strat('10', 'SHORT', '5m'), strat('9', 'SHORT', '5m')];
const feat = (sym, i, tf, start) => {
  const close = 100 + (i % 300);
  return { symbol: sym, tf, fromHistory: false, bar: { key: `NSE:${sym}`, tf, start, open: close, high: close, low: close, close, volume: 1 },
    features: { tf, bar: { start, close }, candleCount: 4, cumSpBullish: 3, cumSpBearish: 0, spBullishRangePct: null, spBearishRangePct: null, isRangeBullish: false, isRangeBearish: false, ema50: 99, ema100: 98, ema200: 97, zlMacdCross: 0, zlMacd: null, zlSignal: null, atr14: 1.5, cumVolume: 1, dayHigh: close, dayLow: close, vrp: 2 } };
};

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const scanner = new Scanner(strategies, market);
const DATE = '2025-06-02';
const M15 = 900_000;
const evals = [];
const scans = [];
const idle = [];
let live = 0;
for (let r = 0; r < 200; r++) {
  const start = t0 + r * 300_000;
  const end = start + 300_000;
  // The NIFTY 15m bar of the boundary closes first (MarketData closes NIFTY before the equities).
  const nStart = end - (end % M15) - M15;
  scanner.onBarClose({ symbol: 'NIFTY', tf: '15m', fromHistory: false, features: null, bar: { key: 'NSE_INDEX:NIFTY', tf: '15m', start: nStart, open: 1, high: 1, low: 1, close: 1, volume: 0 } }, DATE);
  const events = [];
  // Every 5 minutes the 5m bars close; on the quarter hour the 15m bars too (4,000 bars).
  const quarter = end % M15 === 0;
  for (let i = 0; i < N; i++) {
    events.push(feat(symbols[i], i + r, '5m', start));
    if (quarter) events.push(feat(symbols[i], i + r, '15m', end - M15));
  }
  let a = performance.now();
  for (const e of events) scanner.onBarClose(e, DATE);
  evals.push(performance.now() - a);
  a = performance.now();
  const res = scanner.scan(end, DATE);
  scans.push(performance.now() - a);
  live += res.candidates.reduce((n, g) => n + g.length, 0);
  a = performance.now();
  scanner.scan(end + 1000, DATE);
  idle.push(performance.now() - a);
}

const positions = Array.from({ length: 50 }, (_, i) => {
  const p = { id: `p${i}`, symbol: symbols[i], side: i % 2 ? 'LONG' : 'SHORT', strategy: '11', timeframe: '5m', qty: 10, entryPrice: 100, entryTime: 0, atr: 1.5, stop: 0, best: 100, lastPrice: 100, status: 'OPEN', entryOrderId: 'x', stopHistory: [] };
  armStop(p, 0, 1.5);
  return p;
});
const mons = [];
for (let r = 0; r < 5000; r++) {
  const px = 100 + Math.sin(r / 50) * 0.5;
  const a = performance.now();
  monitorPass(positions, { now: r, tradingEnd: null, multiple: 1.5, lastPrice: () => px });
  mons.push(performance.now() - a);
}
const fmt = (x) => `${x.toFixed(3)} ms`;
console.log(`bar-boundary evaluation (onBarClose) of ${N}–${2 * N} bars × their strategies: p50 ${fmt(pct(evals, 50))}, p99 ${fmt(pct(evals, 99))}, max ${fmt(Math.max(...evals))}`);
console.log(`scan right after a bar close (≈${Math.round(live / scans.length)} live signals): p50 ${fmt(pct(scans, 50))}, p99 ${fmt(pct(scans, 99))} (goal p99 < 2 ms; before: p50 17 ms, p99 120–160 ms)`);
console.log(`idle scan (no new bars, live signals only): p50 ${fmt(pct(idle, 50))}, p99 ${fmt(pct(idle, 99))}`);
console.log(`monitor pass over 50 positions: p50 ${fmt(pct(mons, 50))}, p99 ${fmt(pct(mons, 99))} (goal < 1 ms)`);
