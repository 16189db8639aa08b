// Engine-core speed: a scan that evaluates a bar close for 2,000 symbols × 5 strategies, and a monitor
// pass over 50 positions. Run: npm run build && node bench/engine-core.mjs
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
const scans = [];
const idle = [];
for (let r = 0; r < 200; r++) {
  const start = t0 + r * 300_000;
  for (let i = 0; i < N; i++) {
    scanner.onBarClose(feat(symbols[i], i + r, '5m', start));
    scanner.onBarClose(feat(symbols[i], i + r, '15m', start));
  }
  let a = performance.now();
  scanner.scan(start + 300_000, '2025-06-02');
  scans.push(performance.now() - a);
  a = performance.now();
  scanner.scan(start + 301_000, '2025-06-02');
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
console.log(`scan with a bar close for ${N} symbols × 5 strategies (5m+15m): p50 ${fmt(pct(scans, 50))}, p99 ${fmt(pct(scans, 99))} (goal < 2 ms)`);
console.log(`idle scan (no new bars, live signals only): p50 ${fmt(pct(idle, 50))}, p99 ${fmt(pct(idle, 99))}`);
console.log(`monitor pass over 50 positions: p50 ${fmt(pct(mons, 50))}, p99 ${fmt(pct(mons, 99))} (goal < 1 ms)`);
