// Runs one whole simulated trading day through the real parts on a ManualClock: the sim market model
// (H2) → MarketData (ticks → bars → features, warmed up from the model's history) → the real strategies
// (config/strategies.json) → TradingEngine with PaperBroker and the in-memory store, on the real NSE
// session calendar. Returns the trades, every view/event the engine published, one compact sample per
// step for invariant checks, and per-strategy condition tallies (why strategies do or do not fire).
import path from 'node:path';
import type { AppConfig } from '../../source/domain/config.js';
import type { Tick } from '../../source/domain/market.js';
import { addDays, istDate, istInstant, type IsoDate } from '../../source/domain/time.js';
import type { Trade } from '../../source/domain/trading.js';
import type { EngineEvent, EngineView, FeedHealth } from '../../source/domain/view.js';
import { PaperBroker } from '../../source/adapters/broker/paper-broker.js';
import { loadSessionCalendar, packageRoot, resolveConfig } from '../../source/adapters/config/index.js';
import { createMarketModel, INDEX_SYMBOL, type MarketModel } from '../../source/adapters/sim/market-model.js';
import type { SessionCalendar } from '../../source/calendar/index.js';
import { ManualClock } from '../../source/engine/manual-clock.js';
import { MarketData } from '../../source/engine/market-data.js';
import { TradingEngine } from '../../source/engine/trading-engine.js';
import { silentLogger, type Logger } from '../../source/ports/logger.js';
import type { PersistedState } from '../../source/ports/store.js';
import { BUILTIN_STRATEGIES, createStrategies } from '../../source/strategies/registry.js';
import type { Strategy } from '../../source/strategies/strategy.js';
import { MemoryStore } from './memory-store.js';

export interface SimDayOptions {
  readonly seed: number;
  /** A trading day; default: one picked from the seed among 2025 trading days. */
  readonly date?: IsoDate;
  /** Number of symbols (taken from symbol_list_live.csv order is not needed: synthetic names) or an explicit list. */
  readonly symbols?: number | readonly string[];
  /** Simulated time per step (ms, multiple of 1000). Ticks of every trade instant in the step are ingested. */
  readonly stepMs?: number;
  /** IST start time (HH:MM[:SS], default 09:15); a later start warms up today's bars before it. */
  readonly start?: string;
  /** IST end time (default 15:30). */
  readonly end?: string;
  /** Sessions of intraday history replayed before the day (default 20; 15m EMA200 needs ≥ 8). */
  readonly warmSessions?: number;
  /** Sessions of history the model generates before the day (default 45, as the app; ≥ warmSessions + 1). */
  readonly historySessions?: number;
  /** Keep every published view (default true; the bench turns it off). */
  readonly keepViews?: boolean;
  readonly configure?: (c: AppConfig) => AppConfig;
  readonly logger?: Logger;
}

/** Engine state after one step (every `stepMs`), read without copying. */
export interface StepSample {
  readonly now: number;
  readonly openPositions: number;
  readonly tradesToday: number;
  readonly strategyUses: Readonly<Record<string, number>>;
  readonly realizedPaise: number;
  /** The day's charges counter (net realised = realizedPaise − chargesPaise). */
  readonly chargesPaise: number;
  /** id → current stop of each OPEN position. */
  readonly stops: ReadonlyArray<readonly [string, 'LONG' | 'SHORT', number]>;
}

export interface ConditionTally {
  /** Bars the strategy evaluated (live bars of today, after warm-up). */
  bars: number;
  matches: number;
  /** Per condition name: how many bars it passed. */
  passed: Record<string, number>;
  /** Bars on which every condition but this one passed (the blocking condition). */
  onlyFailure: Record<string, number>;
}

export interface SimDayResult {
  readonly date: IsoDate;
  readonly seed: number;
  readonly symbols: readonly string[];
  readonly config: AppConfig;
  readonly model: MarketModel;
  readonly trades: Trade[];
  readonly views: EngineView[];
  readonly events: EngineEvent[];
  readonly steps: StepSample[];
  readonly initialRealizedPaise: number;
  readonly initialChargesPaise: number;
  readonly final: PersistedState;
  readonly conditions: Record<string, ConditionTally>;
  readonly ticks: number;
}

let cached: { config: AppConfig; calendar: SessionCalendar } | null = null;

/** The default AppConfig exactly as the app resolves it (config/default.json + config/strategies.json). */
export function defaultSetup(): { config: AppConfig; calendar: SessionCalendar } {
  if (cached) return cached;
  const root = packageRoot();
  const { config } = resolveConfig({ flags: {}, env: { HOME: path.join(root, '.no-home') }, cwd: root, packageRoot: root });
  const { calendar } = loadSessionCalendar(config, root);
  cached = { config, calendar };
  return cached;
}

/** A trading day of 2025 chosen by the seed (deterministic). */
export function dateForSeed(seed: number, calendar: SessionCalendar): IsoDate {
  let d = addDays('2025-01-15', Math.abs(seed * 7919) % 320);
  while (!calendar.isTradingDay(d)) d = addDays(d, 1);
  return d;
}

export function symbolNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `SIM${String(i + 1).padStart(3, '0')}`);
}

export async function runSimDay(opts: SimDayOptions): Promise<SimDayResult> {
  const base = defaultSetup();
  const config = opts.configure ? opts.configure(base.config) : base.config;
  const calendar = base.calendar;
  const date = opts.date ?? dateForSeed(opts.seed, calendar);
  const symbols = typeof opts.symbols === 'object' ? [...opts.symbols] : symbolNames(opts.symbols ?? 10);
  const stepMs = opts.stepMs ?? 1000;
  if (!(stepMs >= 1000) || stepMs % 1000 !== 0) throw new Error(`stepMs must be a positive multiple of 1000, got ${stepMs}`);
  const keepViews = opts.keepViews ?? true;
  const model = createMarketModel({ seed: opts.seed, symbols, date, isTradingDay: (d) => calendar.isTradingDay(d), historySessions: opts.historySessions ?? 45 });
  const start = istInstant(date, opts.start ?? '09:15');
  const end = istInstant(date, opts.end ?? '15:30');
  const clock = new ManualClock(start);
  const times = (ms: number) => calendar.sessionTimes(istDate(ms));
  const market = new MarketData({
    symbols: model.symbols,
    sessionOpenMs: (ms) => times(ms)?.open ?? null,
    sessionCloseMs: (ms) => times(ms)?.close ?? null,
    now: () => clock.now(),
    logger: opts.logger ?? silentLogger,
    stopAtrPeriod: config.exits.atrPeriod,
  });

  // Warm-up of previous sessions before the engine subscribes (no bar-close events reach it).
  const days = model.days;
  const prevDay = days[days.length - 2] as IsoDate;
  const intradayFrom = days[Math.max(0, days.length - 1 - (opts.warmSessions ?? 20))] as IsoDate;
  for (const s of [...model.symbols, INDEX_SYMBOL]) {
    market.warmUp(s, 'D', model.history(s, 'D', days[0] as IsoDate, prevDay));
    market.warmUp(s, '15m', model.history(s, '15m', intradayFrom, prevDay));
    market.warmUp(s, '5m', model.history(s, '5m', intradayFrom, prevDay));
  }

  const conditions: Record<string, ConditionTally> = {};
  const strategies = createStrategies(BUILTIN_STRATEGIES, config.strategies).map((s) => tallied(s, conditions, () => clock.now() >= start));
  let ticks = 0;
  const feedHealth = (): FeedHealth => ({ status: 'LIVE', source: 'sim', lastTickAt: clock.now(), ticks, staleSymbols: 0, rejected: {}, reconnects: 0 });
  const broker = new PaperBroker({ priceOf: (s) => market.lastPrice(s), now: () => clock.now(), slippageBps: config.risk.slippageBps });
  const store = new MemoryStore();
  const views: EngineView[] = [];
  const events: EngineEvent[] = [];
  const engine = new TradingEngine({
    clock, calendar, config, market, strategies, broker, store, logger: opts.logger ?? silentLogger, mode: 'SIM', feedHealth,
    publisher: { state: (v) => keepViews && views.push(v), event: (e) => events.push(e) },
  });
  await engine.start();
  const initialRealizedPaise = engine.peek().counters.realizedPaise;
  const initialChargesPaise = engine.peek().counters.chargesPaise;

  // Today's bars before a mid-session start go through warm-up after start: a match on them uses up the signal.
  if (start > model.sessionOpen) {
    for (const s of [...model.symbols, INDEX_SYMBOL]) {
      market.warmUp(s, '15m', model.history(s, '15m', date, date, start), start);
      market.warmUp(s, '5m', model.history(s, '5m', date, date, start), start);
    }
  }

  const steps: StepSample[] = [];
  const all = [...model.symbols, INDEX_SYMBOL];
  for (let t = start; t <= end; t += stepMs) {
    // Every trade instant in (t - stepMs, t] arrives now (a 1 s step delivers exactly the trade at t).
    for (const s of all) {
      for (const ts of model.tradesBetween(s, t - stepMs + 1, t + 1)) {
        market.ingest(toTick(model, s, ts), t);
        ticks++;
      }
    }
    market.closeDue(t);
    steps.push(sample(t, engine.peek()));
    if (t + stepMs <= end) await clock.advanceTo(t + stepMs);
  }
  await clock.advance(1000); // let the last fills and saves settle
  const final = engine.snapshot();
  await engine.stop({ flatten: false });
  return { date, seed: opts.seed, symbols: model.symbols, config, model, trades: final.trades, views, events, steps, initialRealizedPaise, initialChargesPaise, final, conditions, ticks };
}

function toTick(model: MarketModel, symbol: string, ts: number): Tick {
  const q = model.quoteAt(symbol, ts);
  return { key: `${q.exchange}:${q.symbol}`, symbol: q.symbol, exchange: q.exchange, ltp: q.ltp, ts, volume: q.volume, open: q.open, high: q.high, low: q.low, prevClose: q.prevClose };
}

function sample(now: number, st: Readonly<PersistedState>): StepSample {
  return {
    now,
    openPositions: st.positions.length,
    tradesToday: st.counters.tradesToday,
    strategyUses: { ...st.counters.strategyUses },
    realizedPaise: st.counters.realizedPaise,
    chargesPaise: st.counters.chargesPaise,
    stops: st.positions.filter((p) => p.status === 'OPEN').map((p) => [p.id, p.side, p.stop] as const),
  };
}

/** Wraps a strategy to count, per live bar, which conditions pass (behaviour unchanged). */
function tallied(s: Strategy, out: Record<string, ConditionTally>, live: () => boolean): Strategy {
  const tally: ConditionTally = (out[s.id] = { bars: 0, matches: 0, passed: {}, onlyFailure: {} });
  return {
    id: s.id, name: s.name, side: s.side, timeframe: s.timeframe, params: s.params,
    evaluate(ctx) {
      const r = s.evaluate(ctx);
      if (!live()) return r;
      tally.bars++;
      if (r.match) tally.matches++;
      const failed = r.conditions.filter((c) => !c.ok);
      for (const c of r.conditions) if (c.ok) tally.passed[c.name] = (tally.passed[c.name] ?? 0) + 1;
      if (failed.length === 1) {
        const name = (failed[0] as { name: string }).name;
        tally.onlyFailure[name] = (tally.onlyFailure[name] ?? 0) + 1;
      }
      return r;
    },
  };
}
