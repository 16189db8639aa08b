/* global process, performance, console */
// Benchmark of the market-data hot path (prints figures; never asserts).
// Run: npm run build && node bench/market-data.mjs
// Measures, for 2,000 symbols: RSS after 10 sessions of 1m/5m/15m/D warm-up history, ingest
// throughput over a simulated session, and p99 latency of ingest() for ticks that close a bar.
import { MarketData } from '../dist/engine/market-data.js';
import { istInstant, istDate } from '../dist/domain/time.js';

const N = Number(process.env.SYMBOLS ?? 2000);
const SESSIONS = 10;
const symbols = Array.from({ length: N }, (_, i) => `SYM${i}`);
const sessionOpenMs = (ms) => istInstant(istDate(ms), '09:15');
const sessionCloseMs = (ms) => istInstant(istDate(ms), '15:30');
const DAY = 86_400_000;
const today = '2025-03-14';
const open0 = istInstant(today, '09:15');

let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);

function historyFor(sym, tf, minutes) {
  const bars = [];
  let px = 100 + (sym.length % 7) * 10;
  for (let d = SESSIONS; d >= 1; d--) {
    const open = open0 - d * DAY;
    for (let m = 0; m < 375; m += minutes) {
      const o = px;
      const c = o * (1 + (rnd() - 0.5) * 0.004);
      bars.push({ key: `NSE:${sym}`, tf, start: open + m * 60_000, open: o, high: Math.max(o, c) * 1.001, low: Math.min(o, c) * 0.999, close: c, volume: 1000 });
      px = c;
    }
  }
  return bars;
}

const rss0 = process.memoryUsage().rss;
const md = new MarketData({ symbols, sessionOpenMs, sessionCloseMs, now: () => open0 });
let events = 0;
md.onBarClose(() => { events++; });
const tw = performance.now();
for (const s of symbols) {
  const d = [];
  for (let k = 20; k >= 1; k--) d.push({ key: `NSE:${s}`, tf: 'D', start: open0 - k * DAY, open: 100, high: 102, low: 98, close: 100, volume: 1e6 });
  md.warmUp(s, 'D', d);
  md.warmUp(s, '15m', historyFor(s, '15m', 15));
  md.warmUp(s, '5m', historyFor(s, '5m', 5));
  md.warmUp(s, '1m', historyFor(s, '1m', 1));
}
const warmMs = performance.now() - tw;
globalThis.gc?.();
const rssWarm = process.memoryUsage().rss;

// Live session: every symbol ticks about once every 2 s of market time, interleaved.
const TICKS = Number(process.env.TICKS ?? 2_000_000);
const px = new Float64Array(N).fill(100);
const cum = new Float64Array(N);
const lat = [];
let t = open0;
const step = 2000 / N; // ms of market time between consecutive ticks
const t0 = performance.now();
for (let i = 0; i < TICKS; i++) {
  const k = i % N;
  t += step;
  px[k] *= 1 + (rnd() - 0.5) * 0.0005;
  cum[k] += 10;
  const tick = { key: `NSE:${symbols[k]}`, symbol: symbols[k], exchange: 'NSE', ltp: px[k], ts: Math.floor(t), volume: cum[k] };
  if ((i & 63) === 0) {
    const a = performance.now();
    md.ingest(tick);
    lat.push(performance.now() - a);
  } else {
    md.ingest(tick);
  }
  if ((i % N) === 0) md.closeDue(Math.floor(t));
}
const secs = (performance.now() - t0) / 1000;
lat.sort((a, b) => a - b);
const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
const rssEnd = process.memoryUsage().rss;
const mb = (b) => (b / 1048576).toFixed(0);
console.log(`symbols: ${N}, warm-up: ${SESSIONS} sessions of D/15m/5m/1m bars (${(warmMs / 1000).toFixed(1)} s)`);
console.log(`RSS: start ${mb(rss0)} MB, after warm-up ${mb(rssWarm)} MB, after live ticks ${mb(rssEnd)} MB`);
console.log(`ingest: ${TICKS} ticks in ${secs.toFixed(2)} s = ${Math.round(TICKS / secs).toLocaleString('en-US')} ticks/s (market time covered ${((t - open0) / 60000).toFixed(0)} min)`);
console.log(`ingest latency (sampled 1/64, includes bar closes and indicator updates): p50 ${(q(0.5) * 1000).toFixed(1)} µs, p99 ${(q(0.99) * 1000).toFixed(1)} µs, p99.9 ${(q(0.999) * 1000).toFixed(1)} µs, max ${(lat.at(-1) * 1000).toFixed(0)} µs`);
console.log(`bar-close events: ${events}`);
