// Runs the engine core over historical 1-minute bars on a manual clock: wires it as the live engine is
// wired (wire-core.ts), warms it up from the sessions before the period, plays each trading day from
// just before the open to just after the close, and sleeps through the nights (ManualClock.skipIdle:
// after the close the engine's timers change nothing until the next session, whose first scan rolls the
// day over exactly as a live engine's first scan after midnight does). Returns what a report needs.
import type { AppConfig } from '../../domain/config.js';
import type { Trade } from '../../domain/trading.js';
import type { IsoDate } from '../../domain/time.js';
import type { Logger } from '../../ports/logger.js';
import { silentLogger } from '../../ports/logger.js';
import type { SessionCalendar } from '../../calendar/index.js';
import { ManualClock } from '../../engine/manual-clock.js';
import { marginInUsePaise, totalUnrealizedPaise } from '../../engine/engine-view.js';
import { BarReplayFeed } from '../../adapters/bars/bar-replay-feed.js';
import { BarHistory } from '../../adapters/bars/layout-history.js';
import { INDEX_SYMBOL, type BarSource } from '../../adapters/bars/bar-source.js';
import type { ReplayRowError } from '../../adapters/feed/replay-csv.js';
import { InMemoryStore } from '../../adapters/store/memory-store.js';
import type { EquitySample } from '../../adapters/report/metrics.js';
import type { WarmUpReport } from '../engine/warm-up.js';
import { BacktestRecorder } from './recorder.js';
import { promiseActivity } from './promise-activity.js';
import { wireCore } from './wire-core.js';
import { REPLAY_LEAD_MS, startReplayDriver } from '../engine/replay-driver.js';

export interface BacktestInput {
  readonly config: AppConfig;
  readonly calendar: SessionCalendar;
  /** Equity symbols (NIFTY is added). */
  readonly symbols: readonly string[];
  readonly source: BarSource;
  /** Trading dates to play, ascending, each with data. */
  readonly days: readonly IsoDate[];
  readonly logger?: Logger;
  /** After each day: days done, of total, the date, and the bars played so far (all days). */
  readonly onDay?: (done: number, total: number, date: IsoDate, barsSoFar: number) => void;
  /**
   * For tests: run as the live engine does, building the full view on every change and settling the
   * clock after every timer, ticks as fresh Tick objects through onTick → MarketData.ingest, every
   * strategy condition built at each bar close. The default skips the first two where they provably
   * change nothing (see promise-activity.ts and Publisher.wantsState), hands ticks to
   * MarketData.tickInput and lets the scanner use Strategy.matches; the results are identical.
   */
  readonly unoptimised?: boolean;
}

export interface BacktestRun {
  readonly trades: Trade[];
  readonly rejections: Record<string, number>;
  readonly equity: EquitySample[];
  readonly days: readonly IsoDate[];
  readonly bars: number;
  readonly ticks: number;
  readonly rowErrors: number;
  readonly firstRowErrors: ReplayRowError[];
  /** Symbol-days without a file (or without rows). */
  readonly missingSymbolDays: number;
  /** Per symbol (NIFTY included), the played days it had no bars on; symbols with bars every day are absent. */
  readonly missingDaysBySymbol: Record<string, number>;
  readonly niftyMissingDays: IsoDate[];
  readonly warmUp: WarmUpReport;
  readonly faults: { strategyErrors: Record<string, number>; tickErrors: number };
  readonly capitalPaise: number;
}

/** The clock starts this long before the first open (warm-up happens then); each day plays from there. */
const LEAD_MS = REPLAY_LEAD_MS;
const KEEP_ROW_ERRORS = 20;

export async function runBacktest(input: BacktestInput): Promise<BacktestRun> {
  const { calendar, days } = input;
  const first = days[0];
  if (first === undefined) throw new Error('no trading day with data in the period');
  const open = (d: IsoDate): number => (calendar.sessionTimes(d) as { open: number }).open;
  const activity = input.unoptimised === true ? null : promiseActivity();
  try {
    return await play(input, new ManualClock(open(first) - LEAD_MS, activity ? { activity: activity.count } : {}));
  } finally {
    activity?.stop();
  }
}

async function play(input: BacktestInput, clock: ManualClock): Promise<BacktestRun> {
  const { config, calendar, days } = input;
  const logger = input.logger ?? silentLogger;
  const open = (d: IsoDate): number => (calendar.sessionTimes(d) as { open: number }).open;
  const close = (d: IsoDate): number => (calendar.sessionTimes(d) as { close: number }).close;
  const store = new InMemoryStore();
  const recorder = new BacktestRecorder({ wantsState: input.unoptimised === true });
  const firstRowErrors: ReplayRowError[] = [];
  let rowErrors = 0;
  let missingSymbolDays = 0;
  const missingDaysBySymbol: Record<string, number> = {};
  const niftyMissingDays: IsoDate[] = [];
  const feed = new BarReplayFeed({
    source: input.source,
    dates: days,
    clock,
    logger,
    // wire-core's only tick listener is MarketData.ingest, which keeps no tick object.
    reuseTick: input.unoptimised !== true,
    onDayLoaded: (day) => {
      rowErrors += day.errors.length;
      for (const e of day.errors) if (firstRowErrors.length < KEEP_ROW_ERRORS) firstRowErrors.push(e);
      missingSymbolDays += day.missing.length;
      for (const s of day.missing) missingDaysBySymbol[s] = (missingDaysBySymbol[s] ?? 0) + 1;
      if (day.missing.includes(INDEX_SYMBOL)) niftyMissingDays.push(day.date);
    },
  });
  const history = new BarHistory({ source: input.source, asOf: clock.now(), sessionOpen: (d) => calendar.sessionTimes(d)?.open ?? null });
  const core = await wireCore({
    config, calendar, symbols: input.symbols, clock, history, feed, store, publisher: recorder, logger, mode: 'PAPER',
    directTicks: input.unoptimised !== true,
    strategyFastPaths: input.unoptimised !== true,
  });
  history.release();
  const { engine } = core;
  // Equity once a minute while the market is open (a reader only: it changes nothing it observes).
  const leverage = config.risk.leverage;
  const sampler = clock.setInterval(() => {
    const now = clock.now();
    if (calendar.phaseAt(now) !== 'OPEN') return;
    const positions = engine.peek().positions;
    recorder.sample(now, totalUnrealizedPaise(positions), positions.length, marginInUsePaise(positions, leverage));
  }, 60_000);

  try {
    // The day loop `engine --replay` runs too (one function, so the two cannot drift apart): each day from
    // the lead before the open to the tail after the close, the night slept through (ManualClock.skipIdle).
    // Everything here settles in memory, so there is nothing to wait for at a day's end.
    const driver = startReplayDriver({
      clock,
      days,
      session: (d) => ({ open: open(d), close: close(d) }),
      ready: (d) => feed.ready(d),
      settle: async () => {},
      onDay: (d, done, total) => input.onDay?.(done, total, d, feed.barCount()),
    });
    if (!(await driver.done)) throw new Error('the backtest stopped before its last day');
  } finally {
    clock.clear(sampler);
  }
  const last = engine.peek();
  const trades: Trade[] = [];
  for (const date of store.archivedDates()) trades.push(...((await store.loadTrades(date)) ?? []));
  for (const u of last.unarchived ?? []) trades.push(...u.trades);
  trades.push(...last.trades);
  trades.sort((a, b) => a.exitTime - b.exitTime || (a.id < b.id ? -1 : 1));
  const faults = engine.faults();
  await core.stop();
  return {
    trades,
    rejections: { ...recorder.rejections },
    equity: recorder.equity,
    days,
    bars: feed.barCount(),
    ticks: feed.health().ticks,
    rowErrors,
    firstRowErrors,
    missingSymbolDays,
    missingDaysBySymbol,
    niftyMissingDays,
    warmUp: core.warmUp,
    faults,
    capitalPaise: Math.round(config.risk.capital * 100),
  };
}
