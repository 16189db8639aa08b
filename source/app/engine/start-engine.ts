// Builds a running engine from a resolved configuration: logger, state store, symbols, calendar, market
// source (embedded simulator or OpenAlgo), warm-up, feed, strategies, broker, bus and the trading engine.
// This is wiring only; every decision lives in the modules it connects.
import type { AppConfig } from '../../domain/config.js';
import { NIFTY, equity } from '../../domain/market.js';
import { istDate, istTime } from '../../domain/time.js';
import type { Mode } from '../../domain/trading.js';
import type { EngineEvent, EngineView } from '../../domain/view.js';
import type { Broker } from '../../ports/broker.js';
import type { Clock, TimerHandle } from '../../ports/clock.js';
import type { Publisher } from '../../ports/publisher.js';
import type { EngineControl } from '../../ports/control.js';
import type { Logger } from '../../ports/logger.js';
import { loadSessionCalendar } from '../../adapters/config/index.js';
import { loadSymbols } from '../../adapters/symbols/index.js';
import { createLogger, stdoutFormatFor, type AppLogger } from '../../adapters/log/logger.js';
import { LowdbStore } from '../../adapters/store/lowdb-store.js';
import { OpenAlgoFeed } from '../../adapters/feed/openalgo-feed.js';
import { OpenAlgoRestClient } from '../../adapters/openalgo/rest-client.js';
import { OpenAlgoHistory, OpenAlgoQuotes } from '../../adapters/openalgo/data.js';
import { PaperBroker } from '../../adapters/broker/paper-broker.js';
import { DryRunBroker } from '../../adapters/broker/dry-run-broker.js';
import { OpenAlgoBroker } from '../../adapters/openalgo/broker.js';
import { createOpenAlgoBroker } from '../../adapters/openalgo/broker-live.js';
import { BusServer } from '../../adapters/bus/bus-server.js';
import { ensureKeys } from '../../adapters/bus/keys.js';
import type { MarketData } from '../../engine/market-data.js';
import type { BarCloseEvent } from '../../engine/market-data-view.js';
import { TradingEngine } from '../../engine/trading-engine.js';
import { WallClock } from '../../adapters/clock/wall-clock.js';
import { openMarketSource, type MarketSource } from './market-source.js';
import { loadConfiguredStrategies, newMarketData } from './core-parts.js';
import { OPENALGO_WARM_UP_CONCURRENCY, SIM_WARM_UP_CONCURRENCY, warmUp } from './warm-up.js';
import { RateLimiter } from '../../adapters/openalgo/rate-limit.js';
import { setAsideFutureSimState } from './sim-state.js';
import { LogBuffer } from './log-buffer.js';
import { engineStateDir } from './state-dir.js';
import { startReconciler } from './reconcile-on-start.js';
import { startStaleFeedQuotes } from './stale-feed-quotes.js';
import { memLog } from './mem-log.js';
import type { Feed, HistorySource } from '../../ports/feed.js';
import { openReplayMarket, type ReplayRequest } from './replay-source.js';
import { replayStateDir, setAsideReplayState } from './replay-state.js';
import { WriteBehindStore } from './replay-store.js';
import { startReplayDriver, type ReplayDriver } from './replay-driver.js';
import { replayMarketSource } from './market-source.js';
import { ReplayTally } from './replay-summary.js';
import { appliedEngineV8Flags } from './v8-flags.js';

export interface EngineOptions {
  readonly config: AppConfig;
  readonly packageRoot: string;
  readonly speedExplicit: boolean;
  /** 'auto' picks JSON lines when stdout is not a terminal; 'none' when a TUI owns the terminal. */
  readonly stdout?: 'auto' | 'pretty' | 'json' | 'none';
  readonly flattenOnExit?: boolean;
  /** --replay: play a bar layout through the engine on a manual clock instead of a live feed (docs/replay.md). */
  readonly replay?: ReplayRequest;
}

export interface RunningEngine {
  readonly engine: TradingEngine;
  readonly logger: AppLogger;
  readonly clock: Clock;
  readonly mode: Mode;
  readonly stateDir: string;
  readonly source: MarketSource;
  /** --replay only: resolves true when the last day has played, false when stopped before. */
  readonly replayDone?: Promise<boolean>;
  stop(opts: { flatten: boolean }): Promise<void>;
}

export function modeFor(config: AppConfig, simulated: boolean): Mode {
  if (config.mode === 'live') return 'LIVE';
  if (config.mode === 'dry-run') return 'DRY-RUN';
  return simulated ? 'SIM' : 'PAPER';
}

export async function startEngine(o: EngineOptions): Promise<RunningEngine> {
  const { config } = o;
  const simulated = config.openalgo.host === '';
  if (config.mode === 'live' && simulated) throw new Error('live trading needs an OpenAlgo server (OPENALGO_HOST); refusing to start');
  if (o.replay && config.mode !== 'paper') throw new Error(`--replay plays recorded bars on paper; the configuration's mode is ${config.mode}: refusing to start`);
  // The embedded simulator restarts its day on every start: it keeps its own state next to the real one.
  // A replay keeps its own state, apart from paper and simulator state, and starts clean every time.
  const stateDir = o.replay ? replayStateDir(config.stateDir) : engineStateDir(config);

  // The logger exists before the market clock does: it reads whichever clock is current.
  let clock: Clock = new WallClock();
  const logs = new LogBuffer();
  let publisher: Publisher | null = null;
  const stdout = o.stdout === undefined || o.stdout === 'auto' ? stdoutFormatFor() : o.stdout;
  const logger = createLogger({
    stateDir,
    level: config.logLevel,
    clock: { now: () => clock.now() },
    stdout,
    secrets: config.openalgo.apiKey ? [config.openalgo.apiKey] : [],
    onRecord: (record) => {
      logs.push(record);
      publisher?.event({ type: 'log', record });
    },
  });

  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
    cleanups.length = 0;
  };

  try {
    const lowdb = await LowdbStore.open(stateDir, { clock: { now: () => clock.now() }, logger });
    cleanups.push(() => lowdb.release());
    const setAside = o.replay ? await setAsideReplayState(stateDir, Date.now()) : null;
    if (setAside) logger.info('replay starts clean: the previous replay state was set aside', { dir: setAside });
    const replayStore = o.replay ? new WriteBehindStore(lowdb, logger) : null;
    if (replayStore) cleanups.push(() => replayStore.settled());
    const store = replayStore ?? lowdb;

    const { symbols, file, warnings } = loadSymbols(config.symbols, config.maxSymbols, o.packageRoot);
    for (const w of warnings) logger.warn(w);
    const cal = loadSessionCalendar(config, o.packageRoot);
    for (const w of cal.warnings) logger.warn(w);
    const calendar = cal.calendar;

    const replay = o.replay ? openReplayMarket({ request: o.replay, symbols, calendar, logger }) : null;
    const source = replay
      ? replayMarketSource(replay.clock, replay.describe)
      : await openMarketSource({
          config,
          symbols,
          isTradingDay: (d) => calendar.isTradingDay(d),
          logger,
          speedExplicit: o.speedExplicit,
        });
    cleanups.push(() => source.stop());
    clock = source.clock;
    const mode = modeFor(config, source.kind !== 'openalgo');
    if (source.kind === 'embedded-sim') {
      const moved = await setAsideFutureSimState(stateDir, clock.now());
      if (moved) logger.info('simulator restarted its day: the previous simulated run was set aside', { file: moved });
    }
    logger.info(`algo-tui engine starting in ${mode} mode`, {
      symbols: symbols.length,
      symbolFile: file,
      market: source.describe,
      stateDir,
      pid: process.pid,
      v8Flags: [...process.execArgv.filter((a) => a.startsWith('--')), ...appliedEngineV8Flags()].join(' ') || 'none',
    });
    if (!calendar.hasHolidayData(istDate(clock.now()))) {
      logger.warn('no NSE holiday data for this year: every weekday counts as a trading day; add holidays with session.holidaysFile');
    }

    const market = newMarketData({ symbols, calendar, clock, logger, config });

    if (logger.isLevelEnabled('debug')) market.onBarClose((e) => logBarClose(logger, e));

    const mem = memLog(logger);
    mem('before warm-up');
    const rest = replay ? null : new OpenAlgoRestClient({ host: source.restUrl, apiKey: source.apiKey });
    // A real OpenAlgo server allows ~10 history calls/s (a 429 would leave a symbol cold); the
    // simulator has no limit, so 2,000 symbols warm up in seconds there rather than in ~13 minutes.
    const realServer = source.kind === 'openalgo';
    const limiter = realServer ? new RateLimiter(clock, 8) : null;
    const history: HistorySource = replay ? replay.history : new OpenAlgoHistory({ client: rest as OpenAlgoRestClient, logger });
    const report = await warmUp({
      market,
      history,
      symbols,
      now: clock.now(),
      previousTradingDay: (d) => calendar.previousTradingDay(d),
      logger,
      concurrency: realServer ? OPENALGO_WARM_UP_CONCURRENCY : SIM_WARM_UP_CONCURRENCY,
      ...(limiter ? { acquire: () => limiter.acquire() } : {}),
      onProgress: (done, total) => (done % 500 === 0 || done === total) && mem(`warm-up ${done}/${total}`),
    }).finally(() => limiter?.close());
    replay?.history.release();
    mem('after warm-up');
    mem('after warm-up+gc');
    logger.info('warm-up complete', { instruments: report.symbols, bars: report.bars, failed: report.failed.length });

    const feed: Feed = replay
      ? replay.feed
      : new OpenAlgoFeed({
          url: source.wsUrl,
          apiKey: source.apiKey,
          clock,
          logger,
          isMarketOpen: (ms) => calendar.phaseAt(ms) === 'OPEN',
          staleAfterMs: config.risk.feedStaleSeconds * 1000,
          sourceLabel: source.kind === 'openalgo' ? 'openalgo' : 'sim',
        });
    feed.onTick((t) => market.ingest(t));
    cleanups.push(() => feed.stop());
    const timers: TimerHandle[] = [clock.setInterval(() => market.closeDue(clock.now()), 1_000)];
    cleanups.push(async () => timers.forEach((t) => clock.clear(t)));

    const strategies = await loadConfiguredStrategies(config);

    const broker = makeBroker(config, mode, market, clock, logger);
    cleanups.push(() => broker.close());
    if (broker instanceof OpenAlgoBroker) {
      const status = await broker.start();
      logger.info(`broker: OpenAlgo ${status.status}${status.message ? ` (${status.message})` : ''}`);
    }

    const tally = replay ? new ReplayTally() : null;
    const forward: Publisher = {
      state: (v: EngineView) => publisher?.state(v),
      event: (e: EngineEvent) => {
        tally?.event(e);
        publisher?.event(e);
      },
    };
    const engine = new TradingEngine({
      clock,
      calendar,
      config,
      market,
      strategies,
      broker,
      store,
      publisher: forward,
      logger,
      mode,
      feedHealth: () => feed.health(),
      pid: process.pid,
      // OpenAlgo's books outlive this process: entries wait until they have been reconciled (crash-safety.md).
      requireReconcile: broker instanceof OpenAlgoBroker,
    });
    // Every call runs on the engine itself (its methods assign fields such as the save chain, so a
    // prototype-derived wrapper would fork its state). The bus sees every component's logs, not only
    // the engine's own, and a log level set over the bus applies to the whole process.
    const control: EngineControl = {
      view: () => engine.view(),
      flatten: (symbol) => engine.flatten(symbol),
      flattenAll: () => engine.flattenAll(),
      pause: () => engine.pause(),
      resume: () => engine.resume(),
      halt: () => engine.halt(),
      setLogLevel: (level) => {
        logger.setLevel(level);
        return engine.setLogLevel(level);
      },
      recentLogs: () => logs.recent(),
    };
    const keys = await ensureKeys(config.stateDir);
    const bus = await BusServer.start({
      pubEndpoint: config.bus.pubEndpoint,
      routerEndpoint: config.bus.routerEndpoint,
      control,
      keys,
      logger,
      maxStateHz: config.bus.maxStateHz,
      heartbeatMs: config.bus.heartbeatMs,
    });
    publisher = bus;
    cleanups.push(async () => {
      publisher = null;
      await bus.close();
    });

    await engine.start();
    if (broker instanceof OpenAlgoBroker) {
      const rec = startReconciler({ engine, broker, clock, logger, feedHealth: () => feed.health() });
      cleanups.push(async () => rec.stop());
    }
    // A replay has no REST quotes to fall back on: its feed is the whole market.
    if (rest) {
      const staleQuotes = startStaleFeedQuotes({
        quotes: new OpenAlgoQuotes({ client: rest, clock, logger }), clock, logger, feedHealth: () => feed.health(),
        marketOpen: (ms) => calendar.phaseAt(ms) === 'OPEN', held: () => engine.peek().positions.map((p) => p.symbol), ingest: (t) => market.ingest(t),
      });
      cleanups.push(async () => staleQuotes.stop());
    }
    await feed.start([NIFTY, ...symbols.map(equity)]);
    const driver: ReplayDriver | null = replay && replayStore
      ? startReplayDriver({
          clock: replay.clock,
          days: replay.days,
          session: (d) => calendar.sessionTimes(d) ?? { open: 0, close: 0 },
          ready: (d) => replay.feed.ready(d),
          settle: () => replayStore.settled(),
          ...(o.replay?.speed !== undefined ? { speed: o.replay.speed } : {}),
          onDay: (d, done, total) => logger.info(`replay: ${d} played (${done}/${total})`, { trades: engine.peek().trades.length }),
        })
      : null;
    const replayDone = driver?.done.then((finished) => {
      if (finished) tally?.log(logger, replay?.days.length ?? 0, replay?.feed.barCount() ?? 0);
      return finished;
    });
    mem('running');
    const memStop = mem.every(10_000);
    cleanups.push(async () => memStop());
    logger.info('engine running', { mode, bus: config.bus.routerEndpoint, strategies: strategies.map((s) => s.id).join(',') });

    let stopped = false;
    return {
      engine,
      logger,
      clock,
      mode,
      stateDir,
      source,
      ...(replayDone ? { replayDone } : {}),
      stop: async ({ flatten }) => {
        if (stopped) return;
        stopped = true;
        await driver?.stop();
        const r = await engine.stop({ flatten });
        logger.info('engine stopped', { flatten, result: r.ok ? r.message : r.error });
        await cleanup();
        await logger.close();
      },
    };
  } catch (e) {
    await cleanup();
    logger.error(`engine failed to start: ${e instanceof Error ? e.message : String(e)}`);
    await logger.close();
    throw e;
  }
}

/** --debug: every closed 5m/15m bar with the indicator values the strategies will read. */
function logBarClose(logger: Logger, e: BarCloseEvent): void {
  if (e.fromHistory || e.tf === '1m') return;
  const f = e.features;
  const r = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 100) / 100);
  logger.debug(`bar ${e.symbol} ${e.tf} ${istTime(e.bar.start).slice(0, 5)} closed`, {
    o: e.bar.open, h: e.bar.high, l: e.bar.low, c: e.bar.close, v: e.bar.volume,
    ...(f
      ? {
          atr14: r(f.atr14), ema50: r(f.ema50), ema100: r(f.ema100), ema200: r(f.ema200), zlMacd: f.zlMacdCross,
          spBull: f.cumSpBullish, spBear: f.cumSpBearish, rangeBull: f.isRangeBullish, rangeBear: f.isRangeBearish, vrp: r(f.vrp),
        }
      : {}),
  });
}

function makeBroker(config: AppConfig, mode: Mode, market: MarketData, clock: Clock, logger: Logger): Broker {
  const priceOf = (s: string) => market.lastPrice(s);
  const now = () => clock.now();
  if (mode === 'DRY-RUN') return new DryRunBroker({ priceOf, now, slippageBps: config.risk.slippageBps });
  // The live guard (mode live + key + host) is enforced inside; it throws rather than trade unguarded.
  if (mode === 'LIVE') return createOpenAlgoBroker(config, { clock, logger });
  return new PaperBroker({ priceOf, now, slippageBps: config.risk.slippageBps });
}
