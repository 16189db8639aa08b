// Reconciliation with the broker's books (docs/crash-safety.md): a pure comparison of the engine's
// persisted orders and positions with the broker's order book (fills folded in from the trade book)
// and position book, giving a list of corrections. The engine applies them; nothing here sends an
// order. The rules are written so that no correction can cause an order to be sent twice: an order is
// declared "not placed" only when a readable book provably lacks it, and then only if the record is
// older than the book read (an order sent meanwhile may simply not be in that snapshot yet).
import type { Paise } from '../domain/money.js';
import type { ExitReason, Order, OrderStatus, Position, Trade } from '../domain/trading.js';
import type { BrokerOrderRow, BrokerPositionRow } from '../ports/broker.js';
import { tradeOf } from './trade-book.js';

export const NEVER_SENT = 'never sent (not in the broker order book at reconciliation)';
export const NOT_PLACED = 'not placed (verified in the broker order book at reconciliation)';

export type OrderCorrection =
  | { readonly kind: 'ADOPT'; readonly clientId: string; readonly brokerOrderId: string; readonly before: OrderStatus }
  | { readonly kind: 'FILL'; readonly clientId: string; readonly brokerOrderId: string; readonly filledQty: number; readonly avgPrice: number; readonly before: OrderStatus }
  | { readonly kind: 'FAIL'; readonly clientId: string; readonly brokerOrderId: string; readonly status: 'REJECTED' | 'CANCELLED'; readonly reason: string; readonly before: OrderStatus }
  | { readonly kind: 'NOT_SENT'; readonly clientId: string; readonly status: 'REJECTED' | 'CANCELLED'; readonly reason: string; readonly before: OrderStatus };

export type PositionCorrection =
  | { readonly kind: 'CLOSE'; readonly positionId: string; readonly symbol: string; readonly exitPrice: number | null; readonly brokerQty: number }
  | { readonly kind: 'UNMANAGED'; readonly symbol: string; readonly qty: number; readonly avgPrice: number; readonly note: string };

export interface OrderBookInput {
  readonly orders: readonly Order[];
  /** Status each order had when the state was loaded, for orders that were in flight at the restart. */
  readonly inFlightAtRestart: ReadonlyMap<string, OrderStatus>;
  readonly brokerOrders: readonly BrokerOrderRow[];
  /** Engine-clock time the book read started: records touched after it are left for the next pass. */
  readonly readAt: number;
}

export interface OrderBookResult {
  readonly corrections: OrderCorrection[];
  /** Orders the book could not settle (absent while ACCEPTED, ambiguous untagged rows, fill without price). */
  readonly unresolved: Array<{ readonly clientId: string; readonly why: string }>;
}

/** Orders worth comparing: anything not final. */
const OPEN_STATUSES: ReadonlySet<OrderStatus> = new Set(['INTENT', 'SENT', 'UNKNOWN', 'ACCEPTED']);

export function reconcileOrders(input: OrderBookInput): OrderBookResult {
  const corrections: OrderCorrection[] = [];
  const unresolved: Array<{ clientId: string; why: string }> = [];
  const ours = new Set(input.orders.map((o) => o.clientId));
  const ourBrokerIds = new Set(input.orders.flatMap((o) => (o.brokerOrderId ? [o.brokerOrderId] : [])));
  for (const o of input.orders) {
    if (!OPEN_STATUSES.has(o.status)) continue;
    const atRestart = input.inFlightAtRestart.get(o.clientId);
    // INTENT/SENT of this process are being sent right now: their reply will settle them.
    if ((o.status === 'INTENT' || o.status === 'SENT') && atRestart === undefined) continue;
    const row = input.brokerOrders.find((r) => (r.clientId !== undefined && r.clientId === o.clientId) || (o.brokerOrderId !== undefined && r.brokerOrderId === o.brokerOrderId));
    const before = o.status;
    if (row) {
      if (row.status === 'OPEN') {
        if (o.status !== 'ACCEPTED' || o.brokerOrderId !== row.brokerOrderId) corrections.push({ kind: 'ADOPT', clientId: o.clientId, brokerOrderId: row.brokerOrderId, before });
      } else if (row.status === 'FILLED' || row.filledQty > 0) {
        // A cancelled/rejected row that filled in part first: the filled part is a fill all the same.
        if (row.avgPrice === undefined || !(row.avgPrice > 0) || !(row.filledQty > 0)) unresolved.push({ clientId: o.clientId, why: `broker order ${row.brokerOrderId} ${row.status === 'FILLED' ? 'filled' : `${row.status.toLowerCase()} after filling ${row.filledQty}`} without a price or quantity` });
        else corrections.push({ kind: 'FILL', clientId: o.clientId, brokerOrderId: row.brokerOrderId, filledQty: row.filledQty, avgPrice: row.avgPrice, before });
      } else {
        corrections.push({ kind: 'FAIL', clientId: o.clientId, brokerOrderId: row.brokerOrderId, status: row.status, reason: `${row.status.toLowerCase()} at the broker (found at reconciliation)`, before });
      }
      continue;
    }
    if (o.status === 'ACCEPTED' && atRestart === undefined) {
      unresolved.push({ clientId: o.clientId, why: `accepted as ${o.brokerOrderId ?? '?'} but not in the broker order book` });
      continue;
    }
    if (o.queued === true) {
      // Waiting in OpenAlgo's Action Center: a person may approve it at any time, so its absence proves nothing.
      unresolved.push({ clientId: o.clientId, why: 'queued for approval in OpenAlgo\'s Action Center (semi-auto mode); approve or reject it there — never declared not placed' });
      continue;
    }
    if (o.updatedAt >= input.readAt) continue; // changed while the book was being read
    // A broker that drops or cuts tags: an untagged (or cut-tag) row of the same shape might be it.
    const lookalikes = input.brokerOrders.filter((r) => !ourBrokerIds.has(r.brokerOrderId) && r.symbol === o.symbol && r.action === o.action && r.qty === o.qty
      && (r.clientId === undefined || (!ours.has(r.clientId) && o.clientId.startsWith(r.clientId))));
    if (lookalikes.length > 0) {
      unresolved.push({ clientId: o.clientId, why: `${lookalikes.length} untagged broker order(s) of the same shape; not guessing` });
      continue;
    }
    if ((atRestart ?? o.status) === 'INTENT') corrections.push({ kind: 'NOT_SENT', clientId: o.clientId, status: 'CANCELLED', reason: NEVER_SENT, before: atRestart ?? before });
    else corrections.push({ kind: 'NOT_SENT', clientId: o.clientId, status: 'REJECTED', reason: NOT_PLACED, before: atRestart ?? before });
  }
  return { corrections, unresolved };
}

export interface PositionBookInput {
  readonly positions: readonly Position[];
  readonly orders: readonly Order[];
  readonly brokerOrders: readonly BrokerOrderRow[];
  readonly brokerPositions: readonly BrokerPositionRow[];
  readonly readAt: number;
}

const signed = (p: Position): number => (p.side === 'LONG' ? p.qty : -p.qty);

/**
 * Compares net quantities per symbol. Symbols with an order or position still in flight, or touched
 * after the book read, are skipped (the books cannot be compared mid-flight).
 */
export function reconcilePositions(input: PositionBookInput): PositionCorrection[] {
  const out: PositionCorrection[] = [];
  const symbols = new Set([...input.positions.map((p) => p.symbol), ...input.brokerPositions.filter((b) => b.qty !== 0).map((b) => b.symbol)]);
  for (const symbol of [...symbols].sort()) {
    const mine = input.positions.filter((p) => p.symbol === symbol);
    const busy = mine.some((p) => p.status !== 'OPEN' || p.entryTime >= input.readAt)
      || input.orders.some((o) => o.symbol === symbol && (OPEN_STATUSES.has(o.status) || o.updatedAt >= input.readAt));
    if (busy) continue;
    const engineNet = mine.reduce((s, p) => s + signed(p), 0);
    const row = input.brokerPositions.find((b) => b.symbol === symbol);
    const brokerNet = row?.qty ?? 0;
    if (brokerNet === engineNet) continue;
    if (brokerNet === 0) {
      // Closed at the broker by hand (or by the broker's own square-off): take its exit price if the book shows one.
      const exitPrice = lastForeignFill(input, symbol, engineNet > 0 ? 'SELL' : 'BUY');
      for (const p of mine) out.push({ kind: 'CLOSE', positionId: p.id, symbol, exitPrice, brokerQty: 0 });
    } else if (engineNet === 0) {
      out.push({ kind: 'UNMANAGED', symbol, qty: brokerNet, avgPrice: row?.avgPrice ?? 0, note: 'not opened by this engine' });
    } else {
      out.push({ kind: 'UNMANAGED', symbol, qty: brokerNet - engineNet, avgPrice: row?.avgPrice ?? 0, note: `broker holds ${brokerNet}, engine manages ${engineNet}` });
    }
  }
  return out;
}

function lastForeignFill(input: PositionBookInput, symbol: string, action: 'BUY' | 'SELL'): number | null {
  const ours = new Set(input.orders.map((o) => o.clientId));
  const ourIds = new Set(input.orders.flatMap((o) => (o.brokerOrderId ? [o.brokerOrderId] : [])));
  const fills = input.brokerOrders.filter((r) => r.symbol === symbol && r.action === action && r.status === 'FILLED' && r.avgPrice !== undefined && r.avgPrice > 0
    && !(r.clientId !== undefined && ours.has(r.clientId)) && !ourIds.has(r.brokerOrderId));
  const last = fills[fills.length - 1];
  return last?.avgPrice ?? null;
}

/** The round trip a reconciled close books (reason RECONCILED), gross P&L and charges in integer paise. */
export function reconciledTrade(p: Position, exitPrice: number, now: number, reason: ExitReason = 'RECONCILED', chargesPaise: Paise = 0): Trade {
  return tradeOf(p, { id: p.id, qty: p.qty, exitPrice, exitTime: now, reason }, chargesPaise);
}

export function describeOrderCorrection(c: OrderCorrection): string {
  switch (c.kind) {
    case 'ADOPT': return `order ${c.clientId}: ${c.before} → ACCEPTED as broker order ${c.brokerOrderId}`;
    case 'FILL': return `order ${c.clientId}: ${c.before} → FILLED ${c.filledQty} @ ₹${c.avgPrice} (broker order ${c.brokerOrderId})`;
    case 'FAIL': return `order ${c.clientId}: ${c.before} → ${c.status} (${c.reason})`;
    case 'NOT_SENT': return `order ${c.clientId}: ${c.before} → ${c.status} (${c.reason}); not re-sent`;
  }
}
