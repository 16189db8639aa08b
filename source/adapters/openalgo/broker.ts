// Live orders through OpenAlgo's REST API (reference/openalgo-api.md §2–3). MARKET/MIS orders go out
// through `placeorder` with the engine's client id in the `strategy` tag (OpenAlgo has no client
// order id); open orders are polled with `orderstatus` about once a second and turned into
// OrderUpdates. The error policy (docs/live-trading.md): 400 is final, 403 means the daily broker
// login is missing, 429 is retried after a back-off (the server refused the call), and an ambiguous
// answer to an order (5xx, timeout, dropped connection) is never re-sent: the order book decides.
import type { Broker, BrokerOrderRow, BrokerPositionRow, BrokerStatus, OrderAck, OrderRequest, OrderUpdate } from '../../ports/broker.js';
import type { Clock, TimerHandle } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { findPlaced, fillsByOrder, mapStatus, num, parseOrderBook, parsePositions, strategyTag, type ParsedBook } from './order-mapping.js';
import { RateLimiter } from './rate-limit.js';
import { messageText, OpenAlgoHttpError, type OpenAlgoRestClient } from './rest-client.js';

export const NOT_LOGGED_IN_TEXT = 'broker session not logged in — log in through the OpenAlgo web UI';
export const NOT_PLACED_VERIFIED = 'not placed (verified in order book)';
export const SEMI_AUTO_TEXT = 'OpenAlgo is in semi-auto (Action Center) mode: orders wait for a person to approve them. algo-tui takes no entries; switch OpenAlgo to auto mode in its web UI, approve or reject the queued orders there, then restart algo-tui';

/** A 200 without an order id that says the order was queued for approval (semi-auto), not "nothing to do". */
function isQueuedReply(r: Reply): boolean {
  return r.mode === 'semi_auto' || /action center|queued for approval/i.test(messageText(r.message));
}

export interface OpenAlgoBrokerOptions {
  readonly client: OpenAlgoRestClient;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Strategy-tag prefix (config openalgo.strategyTag); the tag is `${prefix}:${clientId}`. Default 'algo-tui'. */
  readonly strategyPrefix?: string;
  /** Clock ms between order-status polls (default 1000). */
  readonly pollMs?: number;
  /** Clock ms between session re-checks while not logged in or unreachable (default 45 000). */
  readonly sessionRecheckMs?: number;
  /** Clock ms to wait before looking for an order after an ambiguous reply (default 1000; looked up twice). */
  readonly settleMs?: number;
  readonly ordersPerSecond?: number;
  readonly callsPerSecond?: number;
  /** 429 retries before giving up (default 4), first after `backoffMs` clock ms, doubling (default 500). */
  readonly rateLimitRetries?: number;
  readonly backoffMs?: number;
  /** Network timeout of an order request in wall ms (default: the client's). */
  readonly orderTimeoutMs?: number;
}

export interface OpenAlgoFunds {
  readonly availableCash: number;
  readonly collateral: number;
  readonly m2mRealized: number;
  readonly m2mUnrealized: number;
  readonly utilisedDebits: number;
}

export interface ClosePositionResult {
  readonly brokerOrderId?: string;
  readonly message: string;
}

interface Tracked {
  readonly clientId: string;
  readonly brokerOrderId: string;
  readonly tag: string;
}

type Reply = { orderid?: unknown; message?: unknown; data?: unknown; quantity?: unknown; mode?: unknown };

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const isKind = (e: unknown, kind: OpenAlgoHttpError['kind']): boolean => e instanceof OpenAlgoHttpError && e.kind === kind;

export class OpenAlgoBroker implements Broker {
  readonly name = 'openalgo';
  private state: BrokerStatus = { name: 'openalgo', status: 'DOWN', message: 'not started' };
  private readonly listeners: Array<(u: OrderUpdate) => void> = [];
  private readonly tracked = new Map<string, Tracked>();
  private readonly knownIds = new Set<string>();
  private readonly orderLimiter: RateLimiter;
  private readonly callLimiter: RateLimiter;
  private readonly prefix: string;
  private pollTimer: TimerHandle | null = null;
  private sessionTimer: TimerHandle | null = null;
  private polling = false;
  private closed = false;
  /** Seen a semi-auto answer: BLOCKED for the life of this process (no read-only endpoint reports the mode). */
  private semiAuto = false;

  constructor(private readonly o: OpenAlgoBrokerOptions) {
    this.prefix = o.strategyPrefix ?? 'algo-tui';
    this.orderLimiter = new RateLimiter(o.clock, o.ordersPerSecond ?? 8);
    this.callLimiter = new RateLimiter(o.clock, o.callsPerSecond ?? 8);
  }

  /** Checks the session (ping + analyzer) and starts polling; never throws: the outcome is status(). */
  async start(): Promise<BrokerStatus> {
    await this.checkSession();
    if (!this.pollTimer && !this.closed) this.pollTimer = this.o.clock.setInterval(() => void this.poll(), this.o.pollMs ?? 1000);
    return this.status();
  }

  status(): BrokerStatus {
    return this.closed ? { name: this.name, status: 'DOWN', message: 'closed' } : this.state;
  }

  onUpdate(listener: (u: OrderUpdate) => void): void {
    this.listeners.push(listener);
  }

  /** ping, then analyzer: SANDBOX or LIVE; 403 → NOT_LOGGED_IN and a re-check every sessionRecheckMs. */
  async checkSession(): Promise<BrokerStatus> {
    try {
      await this.call('ping', {});
      const r = await this.call<Reply>('analyzer', {});
      const analyze = (r.data as { analyze_mode?: unknown } | undefined)?.analyze_mode === true;
      if (this.semiAuto) this.setState('BLOCKED', SEMI_AUTO_TEXT);
      else this.setState(analyze ? 'SANDBOX' : 'LIVE', analyze ? 'OpenAlgo analyzer mode: orders are simulated by OpenAlgo' : 'OpenAlgo live mode: orders go to the broker');
      if (this.sessionTimer) this.o.clock.clear(this.sessionTimer);
      this.sessionTimer = null;
    } catch (e) {
      if (isKind(e, 'not_logged_in')) this.setState('NOT_LOGGED_IN', NOT_LOGGED_IN_TEXT);
      else this.setState('DOWN', `OpenAlgo not reachable: ${errText(e)}`);
      this.watchSession();
    }
    return this.status();
  }

  async place(req: OrderRequest): Promise<OrderAck> {
    const { clientId } = req;
    if (this.closed) return { clientId, status: 'REJECTED', message: 'broker is closed' };
    const tag = strategyTag(this.prefix, clientId);
    const body = { strategy: tag, exchange: req.exchange, symbol: req.symbol, action: req.action, quantity: req.qty, pricetype: 'MARKET', product: 'MIS' };
    let res: Reply;
    try {
      res = await this.call<Reply>('placeorder', body, true);
    } catch (e) {
      if (isKind(e, 'bad_request') || isKind(e, 'not_found')) return { clientId, status: 'REJECTED', message: errText(e) };
      if (isKind(e, 'rate_limited')) return { clientId, status: 'REJECTED', message: `not placed: still rate limited after retries (${errText(e)})` };
      if (isKind(e, 'not_logged_in')) return { clientId, status: 'REJECTED', message: NOT_LOGGED_IN_TEXT };
      // 5xx, timeout, dropped connection: the order may exist. Never re-send; ask the book.
      this.o.logger.warn(`order ${clientId}: ambiguous reply (${errText(e)}); checking the order book, not re-sending`);
      return this.verify(req, tag, errText(e));
    }
    const id = res.orderid === undefined || res.orderid === null ? '' : String(res.orderid);
    if (!id) {
      const why = messageText(res.message) || 'reply without an order id';
      if (isQueuedReply(res)) {
        // Semi-auto mode queued it for a person: it may be placed whenever they approve it, so it must never
        // be declared not placed (and re-sent); and nothing more is traded automatically.
        this.markSemiAuto();
        this.o.logger.warn(`order ${clientId}: ${why} (semi-auto); waits for approval in OpenAlgo, never re-sent`);
        return { clientId, status: 'UNKNOWN', queued: true, message: `queued for approval in OpenAlgo's Action Center (semi-auto mode): ${why}` };
      }
      this.o.logger.warn(`order ${clientId}: ${why}; left for reconciliation`);
      return { clientId, status: 'UNKNOWN', message: `no order id: ${why}` };
    }
    this.track(clientId, id, tag);
    return { clientId, status: 'ACCEPTED', brokerOrderId: id };
  }

  async orders(): Promise<BrokerOrderRow[]> {
    const book = await this.readBook(true);
    return book.orders.map(({ tag: _t, rejectionReason: _r, ...row }) => row);
  }

  async positions(): Promise<BrokerPositionRow[]> {
    const r = await this.call<Reply>('positionbook', {});
    const { positions, skipped } = parsePositions(r.data);
    if (skipped.length) this.o.logger.warn('positionbook rows skipped', { skipped });
    return positions;
  }

  /** Flattens one MIS position with placesmartorder position_size 0 (nothing is sent when flat). */
  async closePosition(symbol: string, clientId?: string): Promise<ClosePositionResult> {
    const tag = strategyTag(this.prefix, clientId ?? `close-${symbol}`);
    const open = await this.call<Reply>('openposition', { strategy: tag, symbol, exchange: 'NSE', product: 'MIS' });
    if (num(open.quantity) === 0) return { message: `no open ${symbol} position` };
    const r = await this.call<Reply>('placesmartorder', {
      strategy: tag, exchange: 'NSE', symbol, action: num(open.quantity) > 0 ? 'SELL' : 'BUY', quantity: 0, position_size: 0, pricetype: 'MARKET', product: 'MIS',
    }, true);
    const id = r.orderid === undefined || r.orderid === null ? '' : String(r.orderid);
    if (!id) return { message: messageText(r.message) || 'no action needed' };
    this.track(clientId ?? '', id, tag);
    return { brokerOrderId: id, message: `close order ${id} placed` };
  }

  async cancel(brokerOrderId: string): Promise<void> {
    await this.call('cancelorder', { strategy: this.prefix, orderid: brokerOrderId }, true);
  }

  async funds(): Promise<OpenAlgoFunds> {
    const d = ((await this.call<Reply>('funds', {})).data ?? {}) as Record<string, unknown>;
    const n = (v: unknown): number => (Number.isFinite(num(v)) ? num(v) : 0);
    return { availableCash: n(d.availablecash), collateral: n(d.collateral), m2mRealized: n(d.m2mrealized), m2mUnrealized: n(d.m2munrealized), utilisedDebits: n(d.utiliseddebits) };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of [this.pollTimer, this.sessionTimer]) if (t) this.o.clock.clear(t);
    this.pollTimer = this.sessionTimer = null;
    this.orderLimiter.close();
    this.callLimiter.close();
  }

  /** Open orders being polled (broker ids). */
  openOrders(): string[] {
    return [...this.tracked.keys()];
  }

  /** After an ambiguous order reply: adopt the order if the book has it, else say why not. */
  private async verify(req: OrderRequest, tag: string, why: string): Promise<OrderAck> {
    const { clientId } = req;
    let lastReadOk = false;
    for (let attempt = 0; attempt < 2; attempt++) {
      await this.sleep(this.o.settleMs ?? 1000);
      let book: ParsedBook;
      try {
        book = await this.readBook(false);
      } catch (e) {
        lastReadOk = false;
        this.o.logger.warn(`order ${clientId}: order book unreadable (${errText(e)})`);
        continue;
      }
      lastReadOk = true;
      const m = findPlaced(book, { tag, symbol: req.symbol, action: req.action, qty: req.qty }, this.knownIds);
      if (m.kind === 'found') {
        this.o.logger.info(`order ${clientId}: found in the order book as ${m.order.brokerOrderId}; adopted`);
        this.track(clientId, m.order.brokerOrderId, tag);
        return { clientId, status: 'ACCEPTED', brokerOrderId: m.order.brokerOrderId, message: `adopted from the order book after: ${why}` };
      }
      if (m.kind === 'ambiguous') return { clientId, status: 'UNKNOWN', message: `${m.count} untagged orders match; left for reconciliation (${why})` };
    }
    if (lastReadOk) return { clientId, status: 'REJECTED', message: `${NOT_PLACED_VERIFIED} after: ${why}` };
    return { clientId, status: 'UNKNOWN', message: `order book unreadable after: ${why}; left for reconciliation` };
  }

  private async readBook(withTrades: boolean): Promise<ParsedBook> {
    const ob = await this.call<Reply>('orderbook', {});
    const trades = withTrades ? (await this.call<Reply>('tradebook', {})).data : [];
    const book = parseOrderBook(ob.data, trades, this.prefix);
    if (book.skipped.length) this.o.logger.warn('orderbook rows skipped', { skipped: book.skipped });
    return book;
  }

  private track(clientId: string, brokerOrderId: string, tag: string): void {
    this.knownIds.add(brokerOrderId);
    this.tracked.set(brokerOrderId, { clientId, brokerOrderId, tag });
  }

  /** One pass over open orders: final states become updates and stop being polled. */
  private async poll(): Promise<void> {
    if (this.polling || this.closed || this.tracked.size === 0) return;
    this.polling = true;
    try {
      for (const t of [...this.tracked.values()]) {
        let d: Record<string, unknown>;
        try {
          d = ((await this.call<Reply>('orderstatus', { strategy: t.tag, orderid: t.brokerOrderId })).data ?? {}) as Record<string, unknown>;
        } catch (e) {
          if (isKind(e, 'not_logged_in')) break;
          this.o.logger.debug(`orderstatus ${t.brokerOrderId}: ${errText(e)}`);
          continue;
        }
        const status = mapStatus(d.order_status);
        if (status === 'OPEN') continue;
        const base = { clientId: t.clientId, brokerOrderId: t.brokerOrderId, ts: this.o.clock.now() };
        const reason = typeof d.rejection_reason === 'string' && d.rejection_reason ? d.rejection_reason : status === 'REJECTED' ? 'rejected by broker' : 'cancelled';
        // A cancelled or rejected order may have filled in part first: that part is a real position.
        const partial = status !== 'FILLED' && num(d.filled_quantity) > 0;
        if (status === 'FILLED' || partial) {
          let avg = num(d.average_price);
          let qty = num(d.filled_quantity) > 0 ? num(d.filled_quantity) : num(d.quantity);
          if (!(avg > 0)) {
            // Some brokers leave average_price out of orderstatus: the tradebook has the fills.
            const fill = await this.call<Reply>('tradebook', {}).then((r) => fillsByOrder(r.data).get(t.brokerOrderId), () => undefined);
            if (!fill) continue;
            avg = fill.avgPrice;
            qty = fill.qty;
          }
          this.tracked.delete(t.brokerOrderId);
          const message = partial ? `partially filled ${qty} of ${num(d.quantity)}; the rest ${status === 'REJECTED' ? 'rejected' : 'cancelled'} (${reason})` : undefined;
          this.emit({ ...base, status: 'FILLED', filledQty: qty, avgPrice: avg, ...(message ? { message } : {}) });
        } else {
          this.tracked.delete(t.brokerOrderId);
          this.emit({ ...base, status, filledQty: 0, message: reason });
        }
      }
    } finally {
      this.polling = false;
    }
  }

  /** Rate-limited POST; 429 backs off and retries (the server refused it, so a retry cannot duplicate). */
  private async call<T>(endpoint: string, body: Record<string, unknown>, order = false): Promise<T> {
    const limiter = order ? this.orderLimiter : this.callLimiter;
    const retries = this.o.rateLimitRetries ?? 4;
    for (let attempt = 0; ; attempt++) {
      await limiter.acquire();
      try {
        const timeout = order && this.o.orderTimeoutMs !== undefined ? { timeoutMs: this.o.orderTimeoutMs } : {};
        return await this.o.client.post<T>(endpoint, body, timeout);
      } catch (e) {
        if (isKind(e, 'rate_limited') && attempt < retries && !this.closed) {
          const wait = (this.o.backoffMs ?? 500) * 2 ** attempt;
          this.o.logger.warn(`${endpoint}: rate limited by OpenAlgo; retrying in ${wait} ms`);
          await this.sleep(wait);
          continue;
        }
        // 403 with OpenAlgo's key message means the broker session is gone (semi-auto blocks say otherwise).
        if (isKind(e, 'not_logged_in') && /semi-?auto/i.test(errText(e))) this.markSemiAuto();
        if (isKind(e, 'not_logged_in') && errText(e).includes('Invalid openalgo apikey') && this.state.status !== 'NOT_LOGGED_IN') {
          this.setState('NOT_LOGGED_IN', NOT_LOGGED_IN_TEXT);
          this.watchSession();
        }
        throw e;
      }
    }
  }

  private markSemiAuto(): void {
    this.semiAuto = true;
    this.setState('BLOCKED', SEMI_AUTO_TEXT);
  }

  private watchSession(): void {
    if (this.sessionTimer || this.closed) return;
    this.sessionTimer = this.o.clock.setInterval(() => void this.checkSession(), this.o.sessionRecheckMs ?? 45_000);
  }

  private setState(status: BrokerStatus['status'], message: string): void {
    if (this.state.status !== status) this.o.logger[status === 'LIVE' || status === 'SANDBOX' ? 'info' : 'warn'](`openalgo broker: ${status} — ${message}`);
    this.state = { name: this.name, status, message };
  }

  private emit(u: OrderUpdate): void {
    for (const l of this.listeners) l(u);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.o.clock.setTimeout(resolve, ms));
  }
}
