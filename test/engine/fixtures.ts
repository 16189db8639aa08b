// Shared scaffolding for engine tests: a default AppConfig, the real session calendar (no holidays), a
// small hand-driven MarketDataView, scriptable strategies and a harness that wires a TradingEngine
// with a PaperBroker and an in-memory store on a ManualClock.
import type { AppConfig } from '../../source/domain/config.js';
import { DEFAULT_CHARGE_RATES } from '../../source/domain/charges.js';
import type { TimeframeFeatures, Trend } from '../../source/domain/features.js';
import { TIMEFRAME_MS, type Bar } from '../../source/domain/market.js';
import type { Side } from '../../source/domain/trading.js';
import type { EngineEvent, EngineView, FeedHealth } from '../../source/domain/view.js';
import { istInstant } from '../../source/domain/time.js';
import { createSessionCalendar } from '../../source/calendar/session-calendar.js';
import { ManualClock } from '../../source/engine/manual-clock.js';
import type { BarCloseEvent, MarketDataView } from '../../source/engine/market-data-view.js';
import { TradingEngine } from '../../source/engine/trading-engine.js';
import type { Strategy, StrategyContext } from '../../source/strategies/strategy.js';
import { PaperBroker } from '../../source/adapters/broker/paper-broker.js';
import { silentLogger, type Logger } from '../../source/ports/logger.js';
import type { Publisher } from '../../source/ports/publisher.js';
import type { OrderRequest } from '../../source/ports/broker.js';
import { MemoryStore } from '../helpers/memory-store.js';

export const DAY = '2025-06-02'; // a Monday
export const at = (time: string, date = DAY): number => istInstant(date, time);

export function testConfig(over: { risk?: Partial<AppConfig['risk']>; schedule?: Partial<AppConfig['schedule']>; charges?: Partial<AppConfig['charges']> } = {}): AppConfig {
  return {
    mode: 'paper',
    symbols: 'test',
    maxSymbols: null,
    stateDir: '',
    logLevel: 'info',
    openalgo: { host: '', wsUrl: '', apiKey: '', strategyTag: 'algo-tui' },
    sim: { seed: 1, date: null, start: null, speed: 1, host: '127.0.0.1', wsPort: 0, restPort: 0 },
    session: { preOpen: '09:00', open: '09:15', close: '15:30', tradingStart: '09:20', tradingEnd: '15:20', holidaysFile: null },
    risk: {
      capital: 200_000,
      allocationPct: 30,
      leverage: 5,
      maxOpenPositions: 3,
      maxDailyTrades: 5,
      maxStrategyUsesPerDay: 1,
      dailyLossLimitPct: 3,
      slippageBps: 0,
      feedStaleSeconds: 30,
      ...over.risk,
    },
    charges: { ...DEFAULT_CHARGE_RATES, ...over.charges },
    exits: { atrPeriod: 14, atrMultiple: 1.5 },
    schedule: { scanMs: 1000, monitorMs: 2000, statusMs: 60_000, ...over.schedule },
    bus: { pubEndpoint: '', routerEndpoint: '', maxStateHz: 10, heartbeatMs: 1000 },
    strategies: {},
    strategyFiles: [],
  };
}

export function testCalendar() {
  return createSessionCalendar({ holidays: [], special: [] }, testConfig().session);
}

/** A MarketDataView driven by hand: prices, per-timeframe ATR, and bar closes. */
export class FakeMarket implements MarketDataView {
  readonly prices = new Map<string, number>();
  readonly tickAt = new Map<string, number>();
  readonly feats = new Map<string, TimeframeFeatures>();
  private readonly listeners: Array<(e: BarCloseEvent) => void> = [];
  /** When true, every priced symbol reports a tick "now" (a live feed); set false to let prices go stale. */
  fresh = true;

  constructor(
    private readonly syms: string[],
    private readonly clock: ManualClock,
  ) {}

  symbols(): readonly string[] {
    return this.syms;
  }
  setPrice(symbol: string, price: number): void {
    this.prices.set(symbol, price);
    this.tickAt.set(symbol, this.clock.now());
  }
  lastPrice(symbol: string): number | null {
    return this.prices.get(symbol) ?? null;
  }
  lastTickAt(symbol: string): number | null {
    if (!this.prices.has(symbol)) return null;
    return this.fresh ? this.clock.now() : (this.tickAt.get(symbol) ?? null);
  }
  prevClose(symbol: string): number | null {
    return this.prices.has(symbol) ? 100 : null;
  }
  features(symbol: string, tf: '5m' | '15m'): TimeframeFeatures | null {
    return this.feats.get(`${symbol}|${tf}`) ?? null;
  }
  atr(symbol: string, tf: '5m' | '15m'): number | null {
    return this.features(symbol, tf)?.stopAtr ?? null;
  }
  daily(): null {
    return null;
  }
  niftyTrend(): Trend | null {
    return 1;
  }
  onBarClose(listener: (e: BarCloseEvent) => void): void {
    this.listeners.push(listener);
  }
  /** Closes the bar of `tf` that ends now (the clock must sit on a bar boundary). */
  closeBar(symbol: string, tf: '5m' | '15m', close: number, atr: number, fromHistory = false): void {
    const start = this.clock.now() - TIMEFRAME_MS[tf];
    const bar: Bar = { key: `NSE:${symbol}`, tf, start, open: close, high: close, low: close, close, volume: 1000 };
    const f = features(bar, tf, atr);
    this.feats.set(`${symbol}|${tf}`, f);
    this.setPrice(symbol, close);
    for (const l of this.listeners) l({ symbol, tf, bar, features: f, fromHistory });
  }
}

function features(bar: Bar, tf: '5m' | '15m', atr: number): TimeframeFeatures {
  return {
    tf,
    bar,
    candleCount: 1,
    cumSpBullish: 0,
    cumSpBearish: 0,
    spBullishRangePct: null,
    spBearishRangePct: null,
    isRangeBullish: false,
    isRangeBearish: false,
    ema50: bar.close * 0.99,
    ema100: bar.close * 0.98,
    ema200: bar.close * 0.97,
    zlMacdCross: 0,
    zlMacd: null,
    zlSignal: null,
    atr14: atr,
    stopAtr: atr,
    cumVolume: 1000,
    dayHigh: bar.high,
    dayLow: bar.low,
    vrp: null,
  };
}

/** A strategy that matches for the symbols in `fire` (mutable), with 2 of 3 conditions otherwise. */
export class ScriptedStrategy implements Strategy {
  readonly name: string;
  readonly params = {};
  readonly fire = new Set<string>();
  evaluations = 0;
  constructor(
    readonly id: string,
    readonly side: Side,
    readonly timeframe: '5m' | '15m',
  ) {
    this.name = `test ${id}`;
  }
  evaluate(ctx: StrategyContext) {
    this.evaluations += 1;
    const match = this.fire.has(ctx.symbol);
    return { match, conditions: [{ name: 'a', ok: true }, { name: 'b', ok: true }, { name: 'c', ok: match }] };
  }
}

export class RecordingPublisher implements Publisher {
  events: EngineEvent[] = [];
  last: EngineView | null = null;
  states = 0;
  state(view: EngineView): void {
    this.last = view;
    this.states += 1;
  }
  event(e: EngineEvent): void {
    this.events.push(e);
  }
  of<T extends EngineEvent['type']>(type: T): Extract<EngineEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  }
}

export interface HarnessOptions {
  start?: number;
  symbols?: string[];
  config?: AppConfig;
  strategies?: ScriptedStrategy[];
  store?: MemoryStore;
  clock?: ManualClock;
  market?: FakeMarket;
  reject?: (req: OrderRequest) => string | null;
  logger?: Logger;
}

export function harness(o: HarnessOptions = {}) {
  const clock = o.clock ?? new ManualClock(o.start ?? at('09:19:00'));
  const symbols = o.symbols ?? ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG'];
  const market = o.market ?? new FakeMarket(symbols, clock);
  const config = o.config ?? testConfig();
  const strategies = o.strategies ?? [
    new ScriptedStrategy('12', 'LONG', '15m'),
    new ScriptedStrategy('11', 'LONG', '5m'),
    new ScriptedStrategy('8', 'SHORT', '15m'),
    new ScriptedStrategy('10', 'SHORT', '5m'),
    new ScriptedStrategy('9', 'SHORT', '5m'),
  ];
  const store = o.store ?? new MemoryStore();
  const publisher = new RecordingPublisher();
  const feed: { health: FeedHealth } = {
    health: { status: 'LIVE', source: 'test', lastTickAt: null, ticks: 0, staleSymbols: 0, rejected: {}, reconnects: 0 },
  };
  const broker = new PaperBroker({ priceOf: (s) => market.lastPrice(s), now: () => clock.now(), slippageBps: config.risk.slippageBps, ...(o.reject ? { reject: o.reject } : {}) });
  const engine = new TradingEngine({
    clock,
    calendar: testCalendar(),
    config,
    market,
    strategies,
    broker,
    store,
    publisher,
    logger: o.logger ?? silentLogger,
    mode: 'PAPER',
    feedHealth: () => feed.health,
  });
  const strategy = (id: string): ScriptedStrategy => strategies.find((s) => s.id === id) as ScriptedStrategy;
  return { clock, market, config, strategies, strategy, store, publisher, feed, broker, engine };
}
