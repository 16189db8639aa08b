// Request schemas and response rows of OpenAlgo's order/account endpoints (reference/openalgo-api.md
// §3.3–3.14) for the simulator. Schemas list exactly the fields the real server knows, so anything
// else is refused with marshmallow's "Unknown field." like the real thing.
import { istDate, istTime } from '../../../domain/time.js';
import { VALID_EXCHANGES } from '../rest-market-routes.js';
import type { FieldSpec } from '../rest-router.js';
import type { SimOrder, SimOrderBook, SimPosition, SimTrade } from './sim-order-book.js';

const str = (required = true): FieldSpec => ({ type: 'string', required });
const exchange: FieldSpec = { type: 'string', required: true, oneOf: VALID_EXCHANGES };

export const ORDER_FIELDS: Readonly<Record<string, FieldSpec>> = {
  apikey: str(), strategy: str(), exchange, symbol: str(), action: str(),
  quantity: { type: 'number', required: true },
  pricetype: { type: 'string', oneOf: ['MARKET', 'LIMIT', 'SL', 'SL-M'] },
  product: { type: 'string', oneOf: ['MIS', 'CNC', 'NRML'] },
  price: { type: 'number' }, trigger_price: { type: 'number' }, disclosed_quantity: { type: 'int' },
};

export const PLACE_FIELDS: Readonly<Record<string, FieldSpec>> = { ...ORDER_FIELDS, underlying_ltp: { type: 'any' } };
export const SMART_FIELDS: Readonly<Record<string, FieldSpec>> = { ...ORDER_FIELDS, position_size: { type: 'number', required: true } };
export const KEY_ONLY: Readonly<Record<string, FieldSpec>> = { apikey: str() };
export const KEY_STRATEGY: Readonly<Record<string, FieldSpec>> = { apikey: str(), strategy: str() };
export const KEY_STRATEGY_ORDER: Readonly<Record<string, FieldSpec>> = { apikey: str(), strategy: str(), orderid: str() };
export const OPEN_POSITION_FIELDS: Readonly<Record<string, FieldSpec>> = {
  apikey: str(), strategy: str(), symbol: str(), exchange: str(), product: { type: 'string', required: true, oneOf: ['MIS', 'NRML', 'CNC'] },
};

/** Range checks marshmallow does after the type checks; empty when fine. */
export function orderValueErrors(b: Record<string, unknown>, smart: boolean): Record<string, string[]> {
  const e: Record<string, string[]> = {};
  const action = String(b.action).toUpperCase();
  if (action !== 'BUY' && action !== 'SELL') e.action = ['Must be one of: BUY, SELL.'];
  const qty = Number(b.quantity);
  if (smart ? qty < 0 : !(qty > 0)) e.quantity = [smart ? 'Must be greater than or equal to 0.' : 'Must be greater than 0.'];
  else if (b.exchange !== 'CRYPTO' && !Number.isInteger(qty)) e.quantity = ['Quantity must be a whole number.'];
  for (const f of ['price', 'trigger_price', 'disclosed_quantity'] as const) {
    if (b[f] !== undefined && Number(b[f]) < 0) e[f] = ['Must be greater than or equal to 0.'];
  }
  return e;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2025-08-27 09:59:10' (orderbook, tradebook). */
export function bookTime(ms: number): string {
  return `${istDate(ms)} ${istTime(ms)}`;
}

/** '27-Aug-2025 09:59:10' (orderstatus; brokers vary). */
export function statusTime(ms: number): string {
  const [y, m, d] = istDate(ms).split('-');
  return `${d}-${MONTHS[Number(m) - 1]}-${y} ${istTime(ms)}`;
}

export function orderRow(o: SimOrder, withStrategy: boolean): Record<string, unknown> {
  return {
    orderid: o.orderid, symbol: o.symbol, exchange: o.exchange, action: o.action, quantity: o.quantity,
    price: o.pricetype === 'MARKET' ? 0 : round2(o.price), trigger_price: round2(o.triggerPrice),
    pricetype: o.pricetype, product: o.product, order_status: o.status, timestamp: bookTime(o.createdAt),
    ...(o.status === 'rejected' ? { rejection_reason: o.rejectionReason } : {}),
    // Some brokers return the order tag; the sim does by default so adapters can recover client ids.
    ...(withStrategy ? { strategy: o.strategy } : {}),
  };
}

export function orderStatusData(o: SimOrder): Record<string, unknown> {
  return {
    orderid: o.orderid, symbol: o.symbol, exchange: o.exchange, action: o.action, quantity: o.quantity,
    price: o.pricetype === 'MARKET' ? 0 : round2(o.price), trigger_price: round2(o.triggerPrice),
    pricetype: o.pricetype, product: o.product, order_status: o.status,
    average_price: o.status === 'complete' ? o.averagePrice : 0,
    ...(o.status === 'rejected' ? { rejection_reason: o.rejectionReason } : {}),
    timestamp: statusTime(o.createdAt),
  };
}

export function statistics(orders: readonly SimOrder[]): Record<string, number> {
  const n = (f: (o: SimOrder) => boolean): number => orders.filter(f).length;
  return {
    total_buy_orders: n((o) => o.action === 'BUY'), total_sell_orders: n((o) => o.action === 'SELL'),
    total_completed_orders: n((o) => o.status === 'complete'),
    total_open_orders: n((o) => o.status === 'open' || o.status === 'trigger pending'),
    total_rejected_orders: n((o) => o.status === 'rejected'),
  };
}

export function tradeRow(t: SimTrade): Record<string, unknown> {
  return {
    orderid: t.orderid, symbol: t.symbol, exchange: t.exchange, product: t.product, action: t.action,
    quantity: t.quantity, average_price: t.price, trade_value: round2(t.price * t.quantity), timestamp: bookTime(t.at),
  };
}

export function positionRow(p: SimPosition, book: SimOrderBook, ltp: number | null): Record<string, unknown> {
  return {
    symbol: p.symbol, exchange: p.exchange, product: p.product, quantity: p.qty, average_price: round2(p.avg),
    ltp: ltp ?? 0, pnl: (p.realisedPaise + book.unrealisedPaise(p)) / 100,
  };
}

/** Live brokers often send funds as strings; the analyzer sends numbers (§3.14). */
export function fundsData(book: SimOrderBook, analyze: boolean): Record<string, unknown> {
  const f = book.funds();
  const v = (n: number): string | number => (analyze ? round2(n) : n.toFixed(2));
  return { availablecash: v(f.cash), collateral: v(0), m2mrealized: v(f.realised), m2munrealized: v(f.unrealised), utiliseddebits: v(f.utilised) };
}
