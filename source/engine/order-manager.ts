// Order lifecycle with exactly-once intent: the order is written to the store as INTENT before the broker
// sees it, so a crash at any point leaves a record; anything not known to be final after a restart or an
// ambiguous reply is UNKNOWN and is never re-sent blindly — only reconciliation with the broker's books
// resolves it. Broker updates become fills, which the engine turns into positions and trades.
import type { Order, OrderAction, OrderPurpose, OrderStatus, StrategyId } from '../domain/trading.js';
import { istCompactDate, istTime } from '../domain/time.js';
import { roundToTick } from '../domain/money.js';
import type { Broker, BrokerOrderRow, BrokerPositionRow, OrderUpdate } from '../ports/broker.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { PersistedState } from '../ports/store.js';

export interface OrderEvents {
  /** Any status change (published as an 'order' event). */
  changed(o: Order): void;
  filled(o: Order, price: number, qty: number): void;
  failed(o: Order): void;
}

export interface NewOrder {
  readonly symbol: string;
  readonly action: OrderAction;
  readonly qty: number;
  readonly purpose: OrderPurpose;
  readonly strategy: StrategyId;
  /** Defaults to the order's own client id (an entry's client id names its position). */
  readonly positionId?: string;
}

export interface ReconcileReport {
  readonly resolved: readonly Order[];
  readonly unresolved: readonly Order[];
  /** Broker positions in symbols the engine does not hold. */
  readonly unmanaged: readonly BrokerPositionRow[];
}

const FINAL: ReadonlySet<OrderStatus> = new Set(['FILLED', 'REJECTED', 'CANCELLED']);

export function isFinal(o: Order): boolean {
  return FINAL.has(o.status);
}

export class OrderManager {
  private readonly waiters = new Map<string, Array<(o: Order) => void>>();
  /** This run's id component for a date: the IST time of the run's first order on that date. */
  private run: { readonly date: string; readonly token: string } | null = null;

  constructor(
    private readonly deps: {
      clock: Clock;
      broker: Broker;
      logger: Logger;
      state: () => PersistedState;
      persist: () => Promise<void>;
      events: OrderEvents;
    },
  ) {}

  /** Creates and records an INTENT synchronously (not yet durable: `send` makes it durable first). */
  intent(n: NewOrder): Order {
    const st = this.deps.state();
    const now = this.deps.clock.now();
    const clientId = `AT-${this.runPrefix(now)}-${String(st.nextOrderSeq).padStart(4, '0')}`;
    st.nextOrderSeq += 1;
    const order: Order = {
      ...n,
      positionId: n.positionId ?? clientId,
      clientId,
      status: 'INTENT',
      filledQty: 0,
      createdAt: now,
      updatedAt: now,
    };
    st.orders.push(order);
    return order;
  }

  /**
   * `YYYYMMDD-HHMMSS`: the date, and the time of this run's first order that date. The sequence alone
   * restarts with a fresh or restored state; runs never overlap (one engine per state directory), so a
   * later run's first order is always in a later second, and ids never repeat and sort by time.
   */
  private runPrefix(now: number): string {
    const date = istCompactDate(now);
    if (this.run?.date !== date) this.run = { date, token: istTime(now).replaceAll(':', '') };
    return `${date}-${this.run.token}`;
  }

  /** Persists the intent, then sends it; resolves once the broker's reply (or its absence) is recorded. */
  async send(order: Order, refPrice: number): Promise<void> {
    const { broker, logger } = this.deps;
    try {
      await this.deps.persist();
    } catch (err) {
      // Not durable means not sent: a restart must never find a sent order it has no record of.
      this.setStatus(order, 'REJECTED', `not sent: state could not be saved (${errText(err)})`);
      this.deps.events.failed(order);
      return;
    }
    this.setStatus(order, 'SENT');
    void this.deps.persist().catch((err: unknown) => logger.error('state save failed', { error: errText(err) }));
    let ack;
    try {
      ack = await broker.place({
        clientId: order.clientId,
        symbol: order.symbol,
        exchange: 'NSE',
        action: order.action,
        qty: order.qty,
        pricetype: 'MARKET',
        product: 'MIS',
        refPrice: roundToTick(refPrice),
      });
    } catch (err) {
      ack = { clientId: order.clientId, status: 'UNKNOWN' as const, message: errText(err) };
    }
    if (ack.brokerOrderId && !order.brokerOrderId) order.brokerOrderId = ack.brokerOrderId;
    // Queued for a person's approval (semi-auto): the flag, or an adapter that only says so in words.
    if (ack.queued === true || (ack.status === 'UNKNOWN' && /queued for approval|action center/i.test(ack.message ?? ''))) order.queued = true;
    if (isFinal(order)) return; // an update already settled it
    if (ack.status === 'ACCEPTED') {
      if (order.status === 'SENT' || order.status === 'UNKNOWN') this.setStatus(order, 'ACCEPTED');
    } else if (ack.status === 'REJECTED') {
      this.setStatus(order, 'REJECTED', ack.message ?? 'rejected by broker');
      this.deps.events.failed(order);
    } else {
      logger.warn(`order ${order.clientId} outcome unknown; left for reconciliation, not re-sent`, { message: ack.message });
      this.setStatus(order, 'UNKNOWN', ack.message ?? 'no reply from broker');
    }
    await this.deps.persist().catch((err: unknown) => logger.error('state save failed', { error: errText(err) }));
  }

  /** Applies a broker update; idempotent for orders already final. */
  update(u: OrderUpdate): void {
    const order = this.find(u.clientId, u.brokerOrderId);
    if (!order) {
      this.deps.logger.warn(`update for an order the engine did not send: ${u.clientId || u.brokerOrderId}`, { status: u.status });
      return;
    }
    if (isFinal(order)) return;
    if (!order.brokerOrderId) order.brokerOrderId = u.brokerOrderId;
    if (u.status === 'ACCEPTED') {
      if (order.status !== 'ACCEPTED') this.setStatus(order, 'ACCEPTED');
      return;
    }
    if (u.status === 'FILLED') {
      const price = u.avgPrice;
      if (price === undefined || !(price > 0) || !(u.filledQty > 0)) {
        this.deps.logger.error(`fill for ${order.clientId} without price or quantity; left UNKNOWN`, { update: u });
        this.setStatus(order, 'UNKNOWN', 'fill without price');
        return;
      }
      order.filledQty = u.filledQty;
      order.avgPrice = price;
      // A partial fill that ended cancelled/rejected says so (the engine books only the filled quantity).
      this.setStatus(order, 'FILLED', u.message ?? (u.filledQty < order.qty ? `filled ${u.filledQty} of ${order.qty}` : undefined));
      this.deps.events.filled(order, price, u.filledQty);
      return;
    }
    this.setStatus(order, u.status, u.message ?? u.status.toLowerCase());
    this.deps.events.failed(order);
  }

  /** After a restart: anything that may or may not have reached the broker becomes UNKNOWN. */
  markInFlightUnknown(): Order[] {
    const out: Order[] = [];
    for (const o of this.deps.state().orders) {
      if (o.status === 'INTENT' || o.status === 'SENT') {
        this.setStatus(o, 'UNKNOWN', 'in flight at restart');
        out.push(o);
      }
    }
    return out;
  }

  /**
   * Hook for broker-book reconciliation: UNKNOWN/ACCEPTED orders found by client id in the broker's
   * order book take the broker's outcome; the rest stay as they are for a fuller reconciler.
   */
  reconcile(brokerOrders: readonly BrokerOrderRow[], brokerPositions: readonly BrokerPositionRow[]): ReconcileReport {
    const resolved: Order[] = [];
    const unresolved: Order[] = [];
    for (const o of this.deps.state().orders) {
      if (isFinal(o) || o.status === 'INTENT') continue;
      const row = brokerOrders.find((r) => (r.clientId !== undefined && r.clientId === o.clientId) || (o.brokerOrderId !== undefined && r.brokerOrderId === o.brokerOrderId));
      if (!row) {
        if (o.status === 'UNKNOWN') unresolved.push(o);
        continue;
      }
      const ts = this.deps.clock.now();
      if (row.status === 'OPEN') {
        this.update({ clientId: o.clientId, brokerOrderId: row.brokerOrderId, status: 'ACCEPTED', filledQty: 0, ts });
        continue;
      }
      this.update({ clientId: o.clientId, brokerOrderId: row.brokerOrderId, status: row.status, filledQty: row.filledQty, avgPrice: row.avgPrice, ts });
      resolved.push(o);
    }
    const held = new Set(this.deps.state().positions.map((p) => p.symbol));
    const unmanaged = brokerPositions.filter((p) => p.qty !== 0 && !held.has(p.symbol));
    return { resolved, unresolved, unmanaged };
  }

  /** Reconciliation proved the broker never got the order: final (REJECTED/CANCELLED), never re-sent. */
  markNotPlaced(o: Order, status: 'REJECTED' | 'CANCELLED', reason: string): void {
    if (isFinal(o)) return;
    this.setStatus(o, status, reason);
    this.deps.events.failed(o);
  }

  /** Resolves with the order once it is final, or null after `timeoutMs` of clock time. */
  waitFinal(order: Order, timeoutMs: number): Promise<Order | null> {
    if (isFinal(order)) return Promise.resolve(order);
    return new Promise((resolve) => {
      const timer = this.deps.clock.setTimeout(() => {
        const list = this.waiters.get(order.clientId);
        if (list) this.waiters.set(order.clientId, list.filter((f) => f !== done));
        resolve(null);
      }, timeoutMs);
      const done = (o: Order): void => {
        this.deps.clock.clear(timer);
        resolve(o);
      };
      const list = this.waiters.get(order.clientId) ?? [];
      list.push(done);
      this.waiters.set(order.clientId, list);
    });
  }

  find(clientId: string | undefined, brokerOrderId?: string): Order | undefined {
    // The client id is authoritative: broker ids are only unique per broker session (a paper broker
    // restarts its numbering), so they are a fallback for updates that carry no client id.
    const orders = this.deps.state().orders;
    const byClient = clientId ? orders.find((o) => o.clientId === clientId) : undefined;
    if (byClient || brokerOrderId === undefined) return byClient;
    for (let i = orders.length - 1; i >= 0; i--) if (orders[i]?.brokerOrderId === brokerOrderId) return orders[i];
    return undefined;
  }

  private setStatus(o: Order, status: OrderStatus, reason?: string): void {
    o.status = status;
    if (reason !== undefined) o.reason = reason;
    o.updatedAt = this.deps.clock.now();
    this.deps.events.changed(o);
    if (isFinal(o)) {
      const list = this.waiters.get(o.clientId);
      this.waiters.delete(o.clientId);
      for (const f of list ?? []) f(o);
    }
  }
}

export function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
