// The engine core wired in process exactly as app/engine/start-engine.ts wires the live engine, minus
// the world (sockets, files, bus): MarketData with the calendar's session times, warm-up through the
// same warmUp(), the 1 s closeDue timer registered before the engine's own timers, the strategies of
// the registry plus config.strategyFiles, a paper broker with the configured slippage, TradingEngine.
// Used by the backtest; an in-process --replay can use it too. Nothing it wires knows it is a backtest.
import type { AppConfig } from '../../domain/config.js';
import { NIFTY, equity, type Instrument } from '../../domain/market.js';
import type { Mode } from '../../domain/trading.js';
import type { Clock } from '../../ports/clock.js';
import type { Feed, HistorySource } from '../../ports/feed.js';
import type { Logger } from '../../ports/logger.js';
import type { Publisher } from '../../ports/publisher.js';
import type { Store } from '../../ports/store.js';
import type { SessionCalendar } from '../../calendar/index.js';
import { PaperBroker } from '../../adapters/broker/paper-broker.js';
import type { MarketData, TickInput } from '../../engine/market-data.js';
import { TradingEngine } from '../../engine/trading-engine.js';
import type { Strategy } from '../../strategies/strategy.js';
import { SIM_WARM_UP_CONCURRENCY, warmUp, type WarmUpReport } from '../engine/warm-up.js';
import { loadConfiguredStrategies, newMarketData } from '../engine/core-parts.js';

export interface CoreOptions {
  readonly config: AppConfig;
  readonly calendar: SessionCalendar;
  readonly symbols: readonly string[];
  readonly clock: Clock;
  readonly history: HistorySource;
  readonly feed: Feed;
  readonly store: Store;
  readonly publisher: Publisher;
  readonly logger: Logger;
  readonly mode: Mode;
  /**
   * When the feed can hand ticks over as plain numbers (bindTickInputs, e.g. BarReplayFeed), bind each
   * instrument straight to MarketData.tickInput — same effect as onTick → ingest, without a Tick object
   * or a lookup by name per tick. Default false (the live wiring's onTick → ingest).
   */
  readonly directTicks?: boolean;
  /**
   * Default true. False hides each strategy's matches() fast path, so the scanner builds every
   * condition and counts setups at each bar close (the unoptimised run that proves the fast path exact).
   */
  readonly strategyFastPaths?: boolean;
}

interface DirectTickFeed {
  bindTickInputs(resolve: (instrument: Instrument) => TickInput | null): void;
}

export interface WiredCore {
  readonly engine: TradingEngine;
  readonly market: MarketData;
  readonly broker: PaperBroker;
  readonly warmUp: WarmUpReport;
  stop(): Promise<void>;
}

/** Builds and starts the core; the feed is started last, as in start-engine. */
export async function wireCore(o: CoreOptions): Promise<WiredCore> {
  const { config, calendar, clock, logger } = o;
  const market = newMarketData({ symbols: o.symbols, calendar, clock, logger, config });
  const report = await warmUp({
    market,
    history: o.history,
    symbols: o.symbols,
    now: clock.now(),
    previousTradingDay: (d) => calendar.previousTradingDay(d),
    logger,
    concurrency: SIM_WARM_UP_CONCURRENCY,
  });
  const direct = o.feed as Feed & Partial<DirectTickFeed>;
  if (o.directTicks === true && typeof direct.bindTickInputs === 'function') direct.bindTickInputs((i) => market.tickInput(i.symbol, i.exchange));
  o.feed.onTick((t) => market.ingest(t));
  const closeTimer = clock.setInterval(() => market.closeDue(clock.now()), 1_000);
  const created = await loadConfiguredStrategies(config);
  // A wrapper whose own `matches` is undefined: everything else (evaluate, fields, `this`) from the strategy.
  const strategies = o.strategyFastPaths === false
    ? created.map((s): Strategy => Object.create(s, { matches: { value: undefined } }) as Strategy)
    : created;
  const broker = new PaperBroker({ priceOf: (s) => market.lastPrice(s), now: () => clock.now(), slippageBps: config.risk.slippageBps });
  const feed = o.feed;
  const engine = new TradingEngine({
    clock,
    calendar,
    config,
    market,
    strategies,
    broker,
    store: o.store,
    publisher: o.publisher,
    logger,
    mode: o.mode,
    feedHealth: () => feed.health(),
    pid: 0,
  });
  await engine.start();
  await feed.start([NIFTY, ...o.symbols.map(equity)]);
  return {
    engine,
    market,
    broker,
    warmUp: report,
    stop: async () => {
      await engine.stop({ flatten: false });
      clock.clear(closeTimer);
      await feed.stop();
      await broker.close();
    },
  };
}
