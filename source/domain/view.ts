// What the engine shows the world: a coalesced state view and discrete events. The bus publishes these,
// the TUI mirrors them. Everything here is plain JSON (numbers, strings, arrays, records).
import type { MarketPhase } from './market.js';
import type { Paise } from './money.js';
import type {
  EngineState,
  ExitReason,
  Mode,
  Order,
  Position,
  RejectReason,
  Rejection,
  Side,
  Signal,
  StrategyId,
  Trade,
} from './trading.js';
import type { Trend } from './features.js';

export type FeedStatus = 'CONNECTING' | 'LIVE' | 'STALE' | 'DOWN';

export interface FeedHealth {
  readonly status: FeedStatus;
  readonly source: string; // 'sim', 'openalgo', 'replay'
  readonly lastTickAt: number | null;
  readonly ticks: number;
  readonly staleSymbols: number;
  readonly rejected: Readonly<Record<string, number>>; // by reason
  readonly reconnects: number;
  readonly message?: string;
}

export interface ClockView {
  readonly now: number;
  readonly phase: MarketPhase;
  readonly tradingDay: boolean;
  /** Next boundary that matters to a trader: entries open, entries close / 15:20 close, market close, next open. */
  readonly next: { readonly label: string; readonly at: number } | null;
  readonly speed: number; // 1 on wall time
}

export interface PositionView extends Position {
  readonly unrealizedPaise: Paise;
  readonly stopDistance: number; // rupees between last price and stop, positive while safe
  readonly stopDistanceAtr: number | null;
  readonly ageMs: number;
}

export interface StrategyUse {
  readonly id: StrategyId;
  readonly side: Side;
  readonly timeframe: string;
  readonly used: number;
  readonly max: number;
  readonly enabled: boolean;
}

export interface ConstraintsView {
  readonly openPositions: number;
  readonly maxOpenPositions: number;
  readonly tradesToday: number;
  readonly maxDailyTrades: number;
  readonly strategies: readonly StrategyUse[];
  /** Gross realised P&L of the day's closed trades. */
  readonly realizedPaise: Paise;
  /**
   * Charges of the day's closed trades (net realised = realizedPaise − chargesPaise); an estimate for
   * LIVE. Absent from engines older than charges: read as 0.
   */
  readonly chargesPaise?: Paise;
  readonly unrealizedPaise: Paise;
  readonly lossLimitPaise: Paise; // positive number: the halt threshold on the day's loss (net of charges)
  readonly capitalPaise: Paise;
  readonly capitalInUsePaise: Paise; // margin in use = notional / leverage
  readonly rejectionCounts: Readonly<Partial<Record<RejectReason, number>>>;
  readonly lastRejections: readonly Rejection[];
}

export interface WatchRow {
  readonly symbol: string;
  readonly last: number | null;
  readonly changePct: number | null;
  readonly trend: Trend | null; // close vs EMA stack on 5m
  /** Best partially met strategy, e.g. { strategy: '11', met: 5, total: 8 }. */
  readonly setup: { readonly strategy: StrategyId; readonly met: number; readonly total: number } | null;
  readonly held: boolean;
}

/** A broker position the engine did not open: shown, never traded. */
export interface UnmanagedPosition {
  readonly symbol: string;
  readonly qty: number;
  readonly avgPrice: number;
  readonly note: string;
}

export interface EngineView {
  readonly mode: Mode;
  readonly engineState: EngineState;
  readonly stateReason: string | null;
  readonly startedAt: number;
  readonly pid: number;
  readonly clock: ClockView;
  readonly feed: FeedHealth;
  readonly broker: { readonly name: string; readonly status: string; readonly message?: string };
  readonly positions: readonly PositionView[];
  readonly constraints: ConstraintsView;
  readonly watchlist: readonly WatchRow[];
  readonly trades: readonly Trade[];
  readonly unmanaged: readonly UnmanagedPosition[];
  readonly niftyTrend: Trend | null;
  readonly symbols: number;
}

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  readonly ts: number;
  readonly level: LogLevelName;
  readonly msg: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

export type EngineEvent =
  | { readonly type: 'signal'; readonly signal: Signal }
  | { readonly type: 'rejection'; readonly rejection: Rejection }
  | { readonly type: 'order'; readonly order: Order }
  | { readonly type: 'fill'; readonly order: Order; readonly price: number; readonly qty: number }
  | { readonly type: 'position'; readonly change: 'opened' | 'closed' | 'stop'; readonly position: Position }
  | { readonly type: 'trade'; readonly trade: Trade; readonly reason: ExitReason }
  | { readonly type: 'engine-state'; readonly state: EngineState; readonly reason: string | null }
  | { readonly type: 'log'; readonly record: LogRecord };
