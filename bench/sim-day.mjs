/* global process, performance, console */
// A full simulated trading day (09:15–15:30) for 50 symbols on the manual clock, through the real parts:
// sim market model → MarketData (warmed up from the model's history) → the configured strategies →
// TradingEngine with PaperBroker, an in-memory store and the NSE calendar. Prints wall times (goal: the
// whole day < 10 s); never asserts. Run: npm run build && node bench/sim-day.mjs [SYMBOLS=50 SEED=7 STEP_MS=1000]
// (test/helpers/sim-day-runner.ts is the same loop with per-step invariant sampling, for the tests.)
import path from 'node:path';
import { PaperBroker } from '../dist/adapters/broker/paper-broker.js';
import { loadSessionCalendar, packageRoot, resolveConfig } from '../dist/adapters/config/index.js';
import { createMarketModel, INDEX_SYMBOL } from '../dist/adapters/sim/market-model.js';
import { istDate, istInstant } from '../dist/domain/time.js';
import { ManualClock } from '../dist/engine/manual-clock.js';
import { MarketData } from '../dist/engine/market-data.js';
import { TradingEngine } from '../dist/engine/trading-engine.js';
import { silentLogger } from '../dist/ports/logger.js';
import { BUILTIN_STRATEGIES, createStrategies } from '../dist/strategies/registry.js';

const N = Number(process.env.SYMBOLS ?? 50);
const SEED = Number(process.env.SEED ?? 7);
const STEP = Number(process.env.STEP_MS ?? 1000);
const DATE = process.env.DATE ?? '2025-06-02';

const t0 = performance.now();
const root = packageRoot();
const { config } = resolveConfig({ flags: {}, env: { HOME: path.join(root, '.no-home') }, cwd: root, packageRoot: root });
const { calendar } = loadSessionCalendar(config, root);
const symbols = Array.from({ length: N }, (_, i) => `SIM${String(i + 1).padStart(3, '0')}`);
const model = createMarketModel({ seed: SEED, symbols, date: DATE, isTradingDay: (d) => calendar.isTradingDay(d) });
model.quoteAt(symbols[0], model.sessionOpen); // generate the days now, timed separately
const tModel = performance.now();

const start = istInstant(DATE, '09:15');
const end = istInstant(DATE, '15:30');
const clock = new ManualClock(start);
const times = (ms) => calendar.sessionTimes(istDate(ms));
const market = new MarketData({
  symbols: model.symbols,
  sessionOpenMs: (ms) => times(ms)?.open ?? null,
  sessionCloseMs: (ms) => times(ms)?.close ?? null,
  now: () => clock.now(),
});
const days = model.days;
const prev = days[days.length - 2];
const from = days[Math.max(0, days.length - 21)];
const all = [...model.symbols, INDEX_SYMBOL];
for (const s of all) {
  market.warmUp(s, 'D', model.history(s, 'D', days[0], prev));
  market.warmUp(s, '15m', model.history(s, '15m', from, prev));
  market.warmUp(s, '5m', model.history(s, '5m', from, prev));
}
const tWarm = performance.now();

let ticks = 0;
const store = {
  saved: null,
  async load() { return null; },
  async save(st) { this.saved = st; },
  async archiveDay() {},
  async loadTrades() { return null; },
};
const engine = new TradingEngine({
  clock, calendar, config, market, store, logger: silentLogger, mode: 'SIM',
  strategies: createStrategies(BUILTIN_STRATEGIES, config.strategies),
  broker: new PaperBroker({ priceOf: (s) => market.lastPrice(s), now: () => clock.now(), slippageBps: config.risk.slippageBps }),
  publisher: { state: () => {}, event: () => {} },
  feedHealth: () => ({ status: 'LIVE', source: 'sim', lastTickAt: clock.now(), ticks, staleSymbols: 0, rejected: {}, reconnects: 0 }),
});
await engine.start();
for (let t = start; t <= end; t += STEP) {
  for (const s of all) {
    for (const ts of model.tradesBetween(s, t - STEP + 1, t + 1)) {
      const q = model.quoteAt(s, ts);
      market.ingest({ key: `${q.exchange}:${q.symbol}`, symbol: q.symbol, exchange: q.exchange, ltp: q.ltp, ts, volume: q.volume, prevClose: q.prevClose }, t);
      ticks++;
    }
  }
  market.closeDue(t);
  if (t + STEP <= end) await clock.advanceTo(t + STEP);
}
await clock.advance(1000);
const st = engine.snapshot();
await engine.stop({ flatten: false });
const tEnd = performance.now();

const s = (a, b) => `${((b - a) / 1000).toFixed(2)} s`;
console.log(`sim day ${DATE}, seed ${SEED}, ${N} symbols + NIFTY, ${STEP / 1000} s steps: ${ticks} ticks, ${st.trades.length} trades, realized ${st.counters.realizedPaise} paise`);
console.log(`  model ${s(t0, tModel)} (incl. config), warm-up ${s(tModel, tWarm)}, session ${s(tWarm, tEnd)}; total ${s(t0, tEnd)} (goal < 10 s)`);
