// OpenAlgo's order/trade/position rows → the Broker port's rows. The server's values are loosely
// typed (numbers or numeric strings, lower-case statuses with broker extras, §3.9–3.12), so every
// field is parsed defensively and a row that cannot be understood is skipped and reported.
// OpenAlgo has no client-order-id field: the client id rides in the `strategy` tag ("prefix:clientId").
import type { OrderAction } from '../../domain/trading.js';
import type { BrokerOrderRow, BrokerPositionRow } from '../../ports/broker.js';

export function strategyTag(prefix: string, clientId: string): string {
  return `${prefix}:${clientId}`;
}

/** The client id inside a tag made by strategyTag with this prefix; undefined for any other tag. */
export function clientIdFromTag(tag: unknown, prefix: string): string | undefined {
  if (typeof tag !== 'string' || !tag.startsWith(`${prefix}:`)) return undefined;
  const id = tag.slice(prefix.length + 1);
  return id === '' ? undefined : id;
}

export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

export type OpenAlgoOrderStatus = BrokerOrderRow['status'];

/** Lower-case broker statuses → the port's four (unknown ones count as still open). */
export function mapStatus(s: unknown): OpenAlgoOrderStatus {
  const v = String(s ?? '').toLowerCase().trim();
  if (v === 'complete' || v === 'completed' || v === 'filled' || v === 'traded') return 'FILLED';
  if (v === 'rejected') return 'REJECTED';
  if (v === 'cancelled' || v === 'canceled' || v === 'expired') return 'CANCELLED';
  return 'OPEN';
}

/** One orderbook row as the adapter needs it (the raw tag kept for matching). */
export interface ParsedOrder extends BrokerOrderRow {
  readonly tag?: string;
  readonly rejectionReason?: string;
}

export interface Fill {
  readonly qty: number;
  readonly avgPrice: number;
}

/**
 * Per order id: total filled quantity and the quantity-weighted average price over trade rows. The value
 * is summed in paise and the average is not rounded, so average × quantity gives back the exact fill
 * value (P&L is computed from values: domain/money.ts pnlPaise).
 */
export function fillsByOrder(trades: unknown): Map<string, Fill> {
  const acc = new Map<string, { qty: number; value: number }>();
  for (const t of Array.isArray(trades) ? trades : []) {
    const r = (t ?? {}) as Record<string, unknown>;
    const id = r.orderid === undefined || r.orderid === null ? '' : String(r.orderid);
    const qty = num(r.quantity);
    const price = num(r.average_price ?? r.price);
    if (!id || !(qty > 0) || !(price > 0)) continue;
    const a = acc.get(id) ?? { qty: 0, value: 0 };
    a.qty += qty;
    a.value += qty * Math.round(price * 100);
    acc.set(id, a);
  }
  return new Map([...acc].map(([id, a]) => [id, { qty: a.qty, avgPrice: a.value / a.qty / 100 }]));
}

export interface ParsedBook {
  readonly orders: ParsedOrder[];
  /** Rows skipped, with why (for a warning). */
  readonly skipped: string[];
  /** Whether any row carried a strategy/tag field at all (brokers differ). */
  readonly hasTags: boolean;
}

export function parseOrderBook(data: unknown, trades: unknown, prefix: string): ParsedBook {
  const rows = (data as { orders?: unknown } | null)?.orders;
  const fills = fillsByOrder(trades);
  const orders: ParsedOrder[] = [];
  const skipped: string[] = [];
  let hasTags = false;
  (Array.isArray(rows) ? rows : []).forEach((raw, i) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const id = r.orderid === undefined || r.orderid === null ? '' : String(r.orderid);
    const action = String(r.action ?? '').toUpperCase();
    const qty = num(r.quantity);
    if (!id || (action !== 'BUY' && action !== 'SELL') || !(qty > 0) || typeof r.symbol !== 'string') {
      skipped.push(`orderbook row ${i}: needs orderid, symbol, action BUY/SELL and quantity > 0`);
      return;
    }
    const tagRaw = r.strategy ?? r.tag;
    if (typeof tagRaw === 'string') hasTags = true;
    const status = mapStatus(r.order_status);
    const fill = fills.get(id);
    const listedAvg = num(r.average_price);
    const filledQty = fill?.qty ?? (status === 'FILLED' ? qty : num(r.filled_quantity) > 0 ? num(r.filled_quantity) : 0);
    const avgPrice = fill?.avgPrice ?? (listedAvg > 0 ? listedAvg : undefined);
    const clientId = clientIdFromTag(tagRaw, prefix);
    const reason = typeof r.rejection_reason === 'string' && r.rejection_reason ? r.rejection_reason : undefined;
    orders.push({
      brokerOrderId: id, symbol: r.symbol, action: action as OrderAction, qty, status, filledQty,
      ...(clientId !== undefined ? { clientId } : {}), ...(avgPrice !== undefined ? { avgPrice } : {}),
      ...(typeof tagRaw === 'string' ? { tag: tagRaw } : {}), ...(reason ? { rejectionReason: reason } : {}),
    });
  });
  return { orders, skipped, hasTags };
}

export function parsePositions(data: unknown): { positions: BrokerPositionRow[]; skipped: string[] } {
  const positions: BrokerPositionRow[] = [];
  const skipped: string[] = [];
  (Array.isArray(data) ? data : []).forEach((raw, i) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const qty = num(r.quantity);
    const avg = num(r.average_price);
    if (typeof r.symbol !== 'string' || !Number.isFinite(qty)) {
      skipped.push(`positionbook row ${i}: needs symbol and a numeric quantity`);
      return;
    }
    positions.push({ symbol: r.symbol, qty, avgPrice: Number.isFinite(avg) ? avg : 0 });
  });
  return { positions, skipped };
}

export type BookMatch = { kind: 'found'; order: ParsedOrder } | { kind: 'none' } | { kind: 'ambiguous'; count: number };

/**
 * Finds the order a request created. With tags in the book the tag decides. Without any tag (a broker
 * that drops it) the only evidence is shape: one untracked order with the same symbol, side and
 * quantity is taken as ours; several are ambiguous and the caller must not guess.
 */
export function findPlaced(book: ParsedBook, want: { tag: string; symbol: string; action: OrderAction; qty: number }, knownIds: ReadonlySet<string>): BookMatch {
  if (book.hasTags) {
    const hits = book.orders.filter((o) => o.tag === want.tag);
    if (hits[0]) return { kind: 'found', order: hits[0] };
    // Some brokers cut tags short (Zerodha keeps 20 characters): a cut tag of ours is evidence too,
    // but only an unambiguous one may be adopted.
    const cut = book.orders.filter((o) => o.tag !== undefined && o.tag.length >= 8 && want.tag.startsWith(o.tag) && !knownIds.has(o.brokerOrderId)
      && o.symbol === want.symbol && o.action === want.action && o.qty === want.qty);
    if (cut.length === 0) return { kind: 'none' };
    return cut.length === 1 ? { kind: 'found', order: cut[0] as ParsedOrder } : { kind: 'ambiguous', count: cut.length };
  }
  const hits = book.orders.filter((o) => !knownIds.has(o.brokerOrderId) && o.symbol === want.symbol && o.action === want.action && o.qty === want.qty);
  if (hits.length === 0) return { kind: 'none' };
  if (hits.length === 1) return { kind: 'found', order: hits[0] as ParsedOrder };
  return { kind: 'ambiguous', count: hits.length };
}
