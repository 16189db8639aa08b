// Booking a closed round trip: its charges (domain/charges.ts, config `charges`) and the day counters.
// One place for the engine's own closes and for reconciled closes, so Σ trade P&L = realised counter and
// Σ trade charges = charges counter hold by construction.
import { roundTripCharges, type ChargeRates } from '../domain/charges.js';
import type { Paise } from '../domain/money.js';
import type { Position, Trade } from '../domain/trading.js';
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

/** Appends the trade and adds its gross P&L and its charges to the day counters. */
export function bookTrade(st: PersistedState, trade: Trade): void {
  st.trades.push(trade);
  st.counters.realizedPaise += trade.pnlPaise;
  st.counters.chargesPaise += trade.chargesPaise;
}
