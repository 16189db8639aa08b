// Booking a closed round trip: its charges (domain/charges.ts, config `charges`) and the day counters.
// One place for the engine's own closes and for reconciled closes, so Σ trade P&L = realised counter and
// Σ trade charges = charges counter hold by construction.
import { roundTripCharges, type ChargeRates } from '../domain/charges.js';
import { pnlPaise, type Paise } from '../domain/money.js';
import type { ExitReason, Position, Trade } from '../domain/trading.js';
import type { PersistedState } from '../ports/store.js';

/**
 * Whether an earlier piece of this position (trade id `${positionId}/${exitOrderId}`, booked when an exit
 * filled only in part) already paid the entry order's brokerage.
 */
export function entryBrokerageBooked(trades: readonly Trade[], positionId: string): boolean {
  const prefix = `${positionId}/`;
  return trades.some((t) => t.id.startsWith(prefix));
}

/**
 * Charges of closing `qty` of `p` at `exitPrice`. The first piece of a position pays the whole entry
 * order's brokerage (p.qty is still the entry quantity then); later pieces pay only their exit order's.
 * Turnover-based components (STT, exchange, SEBI, stamp) follow each piece's own values.
 */
export function closeChargesPaise(rates: ChargeRates, trades: readonly Trade[], p: Position, exitPrice: number, qty: number): Paise {
  const entryOrderQty = entryBrokerageBooked(trades, p.id) ? 0 : p.qty;
  return roundTripCharges(rates, { side: p.side, entryPrice: p.entryPrice, exitPrice, qty, entryOrderQty }).totalPaise;
}

/** How (part of) a position was closed. */
export interface CloseFill {
  /** The position id, or `${positionId}/${exitOrderId}` for a piece of a partial exit. */
  readonly id: string;
  readonly qty: number;
  readonly exitPrice: number;
  readonly exitTime: number;
  readonly reason: ExitReason;
}

/** The round trip closing `c.qty` of `p`, gross P&L and the given charges in integer paise. */
export function tradeOf(p: Position, c: CloseFill, chargesPaise: Paise): Trade {
  return {
    id: c.id, symbol: p.symbol, side: p.side, strategy: p.strategy, qty: c.qty, entryPrice: p.entryPrice, exitPrice: c.exitPrice,
    entryTime: p.entryTime, exitTime: c.exitTime, exitReason: c.reason, pnlPaise: pnlPaise(p.side, p.entryPrice, c.exitPrice, c.qty), chargesPaise,
  };
}

/**
 * Books a close of `p`: its charges are worked out from the trades booked so far (before this one is
 * added, which decides who pays the entry brokerage), then the trade is appended and counted.
 */
export function closeTrade(st: PersistedState, rates: ChargeRates, p: Position, c: CloseFill): Trade {
  const trade = tradeOf(p, c, closeChargesPaise(rates, st.trades, p, c.exitPrice, c.qty));
  bookTrade(st, trade);
  return trade;
}

/** Appends the trade and adds its gross P&L and its charges to the day counters. */
export function bookTrade(st: PersistedState, trade: Trade): void {
  st.trades.push(trade);
  st.counters.realizedPaise += trade.pnlPaise;
  st.counters.chargesPaise += trade.chargesPaise;
}
