// Trading value types: signals, orders, positions, trades, risk and engine states.
import type { Paise } from './money.js';
import type { IntradayTimeframe } from './market.js';

export type Side = 'LONG' | 'SHORT';
export type OrderAction = 'BUY' | 'SELL';
export type StrategyId = string;

export function entryAction(side: Side): OrderAction {
  return side === 'LONG' ? 'BUY' : 'SELL';
}
export function exitAction(side: Side): OrderAction {
  return side === 'LONG' ? 'SELL' : 'BUY';
}

/** Where orders go. SIM = built-in simulated market with paper fills. */
export type Mode = 'SIM' | 'PAPER' | 'DRY-RUN' | 'LIVE';
export type EngineState = 'ACTIVE' | 'PAUSED' | 'HALTED';

export interface ConditionResult {
  readonly name: string;
  readonly ok: boolean;
  readonly value?: number | string | boolean | null;
}

export interface Signal {
  readonly id: string; // `${date}:${symbol}:${strategy}`, unique per day by the first-of-day rule
  readonly symbol: string;
  readonly strategy: StrategyId;
  readonly side: Side;
  readonly timeframe: IntradayTimeframe;
  readonly barStart: number;
  /** Close of the signal bar. */
  readonly barClose: number;
  /** ATR(14) (Wilder) of the strategy's timeframe at the signal bar. */
  readonly atr: number;
  /** Engine time at which the scanner saw it. */
  readonly ts: number;
  /** Valid for entries until this instant (the close of the next bar of its timeframe). */
  readonly expiresAt: number;
  readonly conditions: readonly ConditionResult[];
}

export type RejectReason =
  | 'MARKET_CLOSED'
  | 'OUTSIDE_WINDOW'
  | 'AFTER_CLOSE_TIME'
  | 'ENGINE_PAUSED'
  | 'ENGINE_HALTED'
  | 'FEED_STALE'
  | 'MAX_OPEN_POSITIONS'
  | 'MAX_DAILY_TRADES'
  | 'STRATEGY_USED'
  | 'SYMBOL_HELD'
  | 'DAILY_LOSS_LIMIT'
  | 'INSUFFICIENT_CAPITAL'
  | 'ZERO_QUANTITY'
  | 'NO_PRICE'
  | 'UNRECONCILED'
  | 'BROKER_BLOCKED';

export interface Rejection {
  readonly ts: number;
  readonly symbol: string;
  readonly strategy: StrategyId;
  readonly reason: RejectReason;
  readonly message: string;
}

export type OrderPurpose = 'ENTRY' | 'EXIT';
/**
 * INTENT: persisted, not yet sent. SENT: handed to the broker, reply unknown. ACCEPTED: broker has it.
 * UNKNOWN: the send failed ambiguously (timeout, 5xx); resolved only by reading the broker's order book.
 */
export type OrderStatus = 'INTENT' | 'SENT' | 'ACCEPTED' | 'FILLED' | 'REJECTED' | 'CANCELLED' | 'UNKNOWN';

export interface Order {
  readonly clientId: string;
  readonly symbol: string;
  readonly action: OrderAction;
  readonly qty: number;
  readonly purpose: OrderPurpose;
  readonly strategy: StrategyId;
  readonly positionId: string;
  status: OrderStatus;
  brokerOrderId?: string;
  filledQty: number;
  avgPrice?: number;
  reason?: string;
  /** Queued at the broker for a person to approve (OpenAlgo semi-auto): never declared "not placed". */
  queued?: boolean;
  readonly createdAt: number;
  updatedAt: number;
}

export type StopReason = 'INITIAL' | 'TRAIL' | 'RESTORED';

export interface StopChange {
  readonly ts: number;
  readonly stop: number;
  readonly atr: number;
  readonly reason: StopReason;
  readonly best: number;
}

export type PositionStatus = 'OPENING' | 'OPEN' | 'CLOSING';

export interface Position {
  readonly id: string;
  readonly symbol: string;
  readonly side: Side;
  readonly strategy: StrategyId;
  readonly timeframe: IntradayTimeframe;
  qty: number;
  entryPrice: number;
  readonly entryTime: number;
  /** ATR(14) of the strategy's timeframe, refreshed when a bar of that timeframe closes. */
  atr: number;
  stop: number;
  /** Best price since entry (highest for LONG, lowest for SHORT). */
  best: number;
  lastPrice: number;
  status: PositionStatus;
  readonly entryOrderId: string;
  exitOrderId?: string;
  exitReason?: ExitReason;
  stopHistory: StopChange[];
}

export type ExitReason = 'TRAIL_STOP' | 'EOD' | 'MANUAL' | 'FLATTEN_ALL' | 'HALT' | 'SHUTDOWN' | 'RECONCILED';

export interface Trade {
  readonly id: string; // the position id
  readonly symbol: string;
  readonly side: Side;
  readonly strategy: StrategyId;
  readonly qty: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly exitReason: ExitReason;
  /** Gross P&L (before charges). */
  readonly pnlPaise: Paise;
  /**
   * Charges of this round trip (domain/charges.ts, config `charges`); net P&L = pnlPaise − chargesPaise.
   * For LIVE an estimate: the broker's contract note is the truth.
   */
  readonly chargesPaise: Paise;
}

/** The day's risk counters; they roll over at the next session. */
export interface DayCounters {
  readonly date: string; // IST trading date
  tradesToday: number;
  strategyUses: Record<StrategyId, number>;
  /** Gross realised P&L of the day's trades. */
  realizedPaise: Paise;
  /** Charges of the day's trades (net realised = realizedPaise − chargesPaise). */
  chargesPaise: Paise;
}
