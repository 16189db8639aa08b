// Applies reconciliation corrections (reconcile.ts) to the engine's state. Order outcomes go through
// the OrderManager like any broker update, so fills open or close positions exactly as a live fill
// would; positions the broker no longer holds are closed locally (reason RECONCILED). Every change is
// logged at warn with its before and after. Nothing here sends an order.
import type { ChargeRates } from '../domain/charges.js';
import type { OrderStatus, Position, Trade } from '../domain/trading.js';
import type { UnmanagedPosition } from '../domain/view.js';
import type { BrokerOrderRow, BrokerPositionRow } from '../ports/broker.js';
import type { PersistedState } from '../ports/store.js';
import type { OrderManager } from './order-manager.js';
import { closeTrade } from './trade-book.js';
import { describeOrderCorrection, reconcileOrders, reconcilePositions, type OrderCorrection, type PositionCorrection } from './reconcile.js';

export interface BrokerBooks {
  readonly orders: readonly BrokerOrderRow[];
  readonly positions: readonly BrokerPositionRow[];
  /** Engine-clock time the reads started. */
  readonly readAt: number;
}

export interface ReconcileHost {
  readonly now: number;
  readonly state: PersistedState;
  readonly orders: OrderManager;
  readonly inFlightAtRestart: ReadonlyMap<string, OrderStatus>;
  /** Charge rates (config `charges`) for the trades of reconciled closes. */
  readonly rates: ChargeRates;
  lastPrice(symbol: string): number | null;
  warn(msg: string, fields?: Record<string, unknown>): void;
  /** A position closed locally: publish it (state is persisted by the caller). */
  closed(p: Position, trade: Trade): void;
}

export interface ReconcileOutcome {
  readonly orders: readonly OrderCorrection[];
  readonly positions: readonly PositionCorrection[];
  readonly unresolved: ReadonlyArray<{ readonly clientId: string; readonly why: string }>;
  readonly unmanaged: readonly UnmanagedPosition[];
}

export function applyBrokerBooks(h: ReconcileHost, books: BrokerBooks): ReconcileOutcome {
  const st = h.state;
  const plan = reconcileOrders({ orders: st.orders, inFlightAtRestart: h.inFlightAtRestart, brokerOrders: books.orders, readAt: books.readAt });
  for (const c of plan.corrections) {
    const o = h.orders.find(c.clientId);
    if (!o) continue;
    h.warn(`reconcile: ${describeOrderCorrection(c)}`, { clientId: c.clientId, before: c.before, purpose: o.purpose, symbol: o.symbol });
    const base = { clientId: c.clientId, ts: h.now };
    if (c.kind === 'ADOPT') h.orders.update({ ...base, brokerOrderId: c.brokerOrderId, status: 'ACCEPTED', filledQty: 0 });
    else if (c.kind === 'FILL') h.orders.update({ ...base, brokerOrderId: c.brokerOrderId, status: 'FILLED', filledQty: c.filledQty, avgPrice: c.avgPrice });
    else if (c.kind === 'FAIL') h.orders.update({ ...base, brokerOrderId: c.brokerOrderId, status: c.status, filledQty: 0, message: c.reason });
    else h.orders.markNotPlaced(o, c.status, c.reason);
  }
  for (const u of plan.unresolved) h.warn(`reconcile: order ${u.clientId} left unresolved: ${u.why}`);

  const positions = reconcilePositions({ positions: st.positions, orders: st.orders, brokerOrders: books.orders, brokerPositions: books.positions, readAt: books.readAt });
  const unmanaged: UnmanagedPosition[] = [];
  for (const c of positions) {
    if (c.kind === 'UNMANAGED') {
      unmanaged.push({ symbol: c.symbol, qty: c.qty, avgPrice: c.avgPrice, note: c.note });
      h.warn(`reconcile: broker position ${c.symbol} ${c.qty} @ ₹${c.avgPrice} is unmanaged (${c.note}); never traded by the engine`);
      continue;
    }
    const i = st.positions.findIndex((p) => p.id === c.positionId);
    const p = st.positions[i];
    if (!p) continue;
    const price = c.exitPrice ?? h.lastPrice(p.symbol) ?? p.lastPrice;
    const trade = closeTrade(st, h.rates, p, { id: p.id, qty: p.qty, exitPrice: price, exitTime: h.now, reason: 'RECONCILED' });
    st.positions.splice(i, 1);
    p.lastPrice = price;
    h.warn(`reconcile: position ${p.side} ${p.symbol} x${p.qty} ${p.status} → closed (RECONCILED) at ₹${price}${c.exitPrice === null ? ' (last price: the broker book shows no exit fill)' : ''}: the broker holds none`, { positionId: p.id, pnlPaise: trade.pnlPaise, chargesPaise: trade.chargesPaise });
    h.closed(p, trade);
  }
  return { orders: plan.corrections, positions, unresolved: plan.unresolved, unmanaged };
}
