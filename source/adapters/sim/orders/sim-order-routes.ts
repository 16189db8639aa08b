// OpenAlgo's order and account endpoints on the simulator's REST server (reference/openalgo-api.md
// §3.3–3.14, 3.18), backed by SimOrderBook, with fault injection (SimFaults) for the adapter's error
// policy: rejects, slow replies, 500 before/after acceptance, a socket dropped after acceptance,
// 429s and an expired broker session. Control routes: POST /api/v1/sim/faults, /api/v1/sim/orders.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { roundToTick } from '../../../domain/money.js';
import { symbolNotFound, type SimMarketState } from '../rest-market-routes.js';
import { fail, ok, pythonRepr, type RestRouter, type RouteResult } from '../rest-router.js';
import {
  fundsData, KEY_ONLY, KEY_STRATEGY, KEY_STRATEGY_ORDER, OPEN_POSITION_FIELDS, orderRow, orderStatusData, orderValueErrors,
  PLACE_FIELDS, positionRow, SMART_FIELDS, statistics, tradeRow,
} from './order-shapes.js';
import { SimFaults } from './sim-faults.js';
import { SimOrderBook, type SimPriceType } from './sim-order-book.js';

export interface SimOrderRouteOptions {
  /** Whether orderbook rows carry the `strategy` tag (default true; false mimics brokers that drop it). */
  readonly bookHasStrategy?: boolean;
  /** Starting cash in rupees for /funds (default ₹10,00,000). */
  readonly startingCash?: number;
}

/** A route module for startSimMarket({ routeModules }) that also exposes its book once registered. */
export interface SimOrderRoutes {
  (router: RestRouter, state: SimMarketState): void;
  readonly faults: SimFaults;
  /** The account; throws if the module has not been registered on a server yet. */
  readonly book: SimOrderBook;
}

const ORDER_PATHS = new Set(['placeorder', 'placesmartorder', 'cancelorder', 'modifyorder']);
const CREATING_PATHS = new Set(['placeorder', 'placesmartorder']);
export const SESSION_EXPIRED_MESSAGE = 'Invalid openalgo apikey';
const RATE_LIMITED_MESSAGE = 'Rate limit exceeded. Please slow down your requests.';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function simOrderRoutes(faults: SimFaults = new SimFaults(), opts: SimOrderRouteOptions = {}): SimOrderRoutes {
  let book: SimOrderBook | null = null;
  const mod = (router: RestRouter, state: SimMarketState): void => {
    if (book) throw new Error('simOrderRoutes: one module instance serves one server');
    book = new SimOrderBook({ now: () => state.clock.now(), lastPrice: (s) => state.lastPrice(s), ...(opts.startingCash !== undefined ? { startingCash: opts.startingCash } : {}) });
    register(router, state, book, faults, opts.bookHasStrategy ?? true);
  };
  Object.defineProperty(mod, 'faults', { value: faults, enumerable: true });
  Object.defineProperty(mod, 'book', {
    enumerable: true,
    get: () => {
      if (!book) throw new Error('simOrderRoutes: not registered on a server yet');
      return book;
    },
  });
  return mod as SimOrderRoutes;
}

function register(router: RestRouter, state: SimMarketState, book: SimOrderBook, faults: SimFaults, withStrategy: boolean): void {
  // The request's response object, so a handler can drop the connection after it accepted an order.
  const current = new AsyncLocalStorage<ServerResponse>();
  wrapDispatch(router, faults, current, () => book.sweep());

  const mode = (): Record<string, unknown> => (faults.analyzeMode ? { mode: 'analyze' } : {});
  const okm = (body: Record<string, unknown>): RouteResult => ok({ ...body, ...mode() });
  const failm = (status: number, message: unknown): RouteResult => ({ status, body: { status: 'error', message, ...mode() } });

  const known = (symbol: string, exch: string): boolean => state.model.has(symbol) && state.model.exchangeOf(symbol) === exch;

  /** Faults, then the order, then more faults: the shared tail of placeorder and placesmartorder. */
  async function accept(b: Record<string, unknown>, action: 'BUY' | 'SELL', qty: number, source: 'placeorder' | 'placesmartorder'): Promise<RouteResult> {
    if (faults.take500('before')) return failm(500, 'Internal server error (sim fault: before acceptance)');
    const pricetype = (b.pricetype ?? 'MARKET') as SimPriceType;
    const o = book.add({
      strategy: b.strategy as string, symbol: b.symbol as string, exchange: b.exchange as string, action, quantity: qty, pricetype,
      product: (b.product ?? 'MIS') as string, price: roundToTick(Number(b.price ?? 0)), triggerPrice: roundToTick(Number(b.trigger_price ?? 0)), source,
    }, faults.takeReject());
    if (faults.delayMs > 0) await sleep(faults.delayMs);
    if (faults.takeDrop()) {
      current.getStore()?.socket?.destroy();
      return failm(500, 'connection dropped (sim fault)');
    }
    if (faults.take500('after')) return failm(500, 'Internal server error (sim fault: after acceptance)');
    return okm({ orderid: o.orderid });
  }

  function orderChecks(b: Record<string, unknown>, smart: boolean): RouteResult | null {
    const errors = orderValueErrors(b, smart);
    if (Object.keys(errors).length > 0) return failm(400, pythonRepr(errors));
    if (!known(b.symbol as string, b.exchange as string)) return failm(400, symbolNotFound(b.symbol as string, b.exchange as string));
    if (state.lastPrice(b.symbol as string) === null) return failm(400, `No price for ${String(b.symbol)}`);
    return null;
  }

  router.register({
    path: 'placeorder', fields: PLACE_FIELDS, errorStyle: 'repr',
    handle: (b) => orderChecks(b, false) ?? accept(b, String(b.action).toUpperCase() as 'BUY' | 'SELL', Number(b.quantity), 'placeorder'),
  });

  router.register({
    path: 'placesmartorder', fields: SMART_FIELDS, errorStyle: 'repr',
    handle: (b) => {
      const bad = orderChecks(b, true);
      if (bad) return bad;
      const current = book.netQty(b.symbol as string, b.exchange as string, (b.product ?? 'MIS') as string);
      const target = Number(b.position_size);
      if (target === 0 && current === 0) {
        // Both flat: the request's action and quantity are used as given (§3.4).
        const qty = Number(b.quantity);
        if (qty === 0) return okm({ message: 'Positions Already Matched. No Action needed.' });
        return accept(b, String(b.action).toUpperCase() as 'BUY' | 'SELL', qty, 'placesmartorder');
      }
      if (target === current) return okm({ message: 'Positions Already Matched. No Action needed.' });
      const diff = target - current;
      return accept(b, diff > 0 ? 'BUY' : 'SELL', Math.abs(diff), 'placesmartorder');
    },
  });

  router.register({
    path: 'cancelorder', fields: KEY_STRATEGY_ORDER, errorStyle: 'repr',
    handle: (b) => {
      const id = b.orderid as string;
      if (!id) return failm(400, 'Order ID is missing');
      const r = book.cancel(id);
      return r.ok ? okm({ orderid: id }) : failm(400, r.message);
    },
  });

  router.register({
    path: 'cancelallorder', fields: KEY_STRATEGY, errorStyle: 'repr',
    handle: () => {
      const open = book.orders().filter((o) => o.status === 'open' || o.status === 'trigger pending');
      const canceled = open.filter((o) => book.cancel(o.orderid).ok).map((o) => o.orderid);
      const failed = open.map((o) => o.orderid).filter((id) => !canceled.includes(id));
      return okm({ message: `Canceled ${canceled.length} orders. Failed to cancel ${failed.length} orders.`, canceled_orders: canceled, failed_cancellations: failed });
    },
  });

  router.register({
    path: 'closeposition', fields: KEY_STRATEGY, errorStyle: 'repr',
    handle: () => {
      for (const p of book.positions()) {
        if (p.qty === 0) continue;
        book.add({
          strategy: 'Squareoff', symbol: p.symbol, exchange: p.exchange, action: p.qty > 0 ? 'SELL' : 'BUY', quantity: Math.abs(p.qty),
          pricetype: 'MARKET', product: p.product, price: 0, triggerPrice: 0, source: 'closeposition',
        }, null);
      }
      // The real server says this even when nothing was open (§5 #13).
      return okm({ message: 'All Open Positions Squared Off' });
    },
  });

  router.register({
    path: 'orderstatus', fields: KEY_STRATEGY_ORDER, errorStyle: 'repr',
    handle: (b) => {
      const o = book.get(b.orderid as string);
      return o ? okm({ data: orderStatusData(o) }) : failm(404, `Order ${String(b.orderid)} not found`);
    },
  });

  router.register({
    path: 'orderbook', fields: KEY_ONLY,
    handle: () => {
      const orders = book.orders();
      return okm({ data: { orders: orders.map((o) => orderRow(o, withStrategy)), statistics: statistics(orders) } });
    },
  });

  router.register({ path: 'tradebook', fields: KEY_ONLY, handle: () => okm({ data: book.trades().map(tradeRow) }) });

  router.register({
    path: 'positionbook', fields: KEY_ONLY,
    handle: () => okm({ data: book.positions().map((p) => positionRow(p, book, state.lastPrice(p.symbol))) }),
  });

  router.register({
    path: 'openposition', fields: OPEN_POSITION_FIELDS, errorStyle: 'repr',
    handle: (b) => okm({ quantity: book.netQty(b.symbol as string, b.exchange as string, b.product as string) }),
  });

  router.register({ path: 'funds', fields: KEY_ONLY, handle: () => okm({ data: fundsData(book, faults.analyzeMode) }) });

  // The market routes answer /analyzer with a fixed "live"; this module owns the flag instead.
  router.replace({
    path: 'analyzer', fields: KEY_ONLY,
    handle: () => ok({ data: { analyze_mode: faults.analyzeMode, mode: faults.analyzeMode ? 'analyze' : 'live', total_logs: 0 } }),
  });

  router.register({
    path: 'sim/faults',
    fields: {
      apikey: { type: 'string', required: true }, clear: { type: 'boolean' }, reject_next: { type: 'int' }, rejection_reason: { type: 'string' },
      delay_ms: { type: 'int' }, http500_before: { type: 'int' }, http500_after: { type: 'int' }, drop_next: { type: 'int' },
      rate_limit_next: { type: 'int' }, rate_limit_scope: { type: 'string', oneOf: ['orders', 'all'] },
      session_expired: { type: 'boolean' }, analyze_mode: { type: 'boolean' }, stall_feed: { type: 'boolean' },
    },
    handle: (b) => {
      try {
        faults.apply(b);
      } catch (err) {
        return fail(400, err instanceof Error ? err.message : String(err));
      }
      return ok({ data: faults.snapshot() });
    },
  });

  router.register({
    path: 'sim/orders', fields: KEY_ONLY,
    handle: () => ok({
      data: book.orders().map((o) => ({
        orderid: o.orderid, strategy: o.strategy, symbol: o.symbol, action: o.action, quantity: o.quantity,
        order_status: o.status, average_price: o.averagePrice, source: o.source,
      })),
    }),
  });
}

/**
 * Wraps the router's dispatch for faults that apply before any route runs (403 session expiry, 429,
 * reply delay), to settle resting orders, and to give handlers their response.
 */
function wrapDispatch(router: RestRouter, faults: SimFaults, current: AsyncLocalStorage<ServerResponse>, beforeEach: () => void): void {
  const inner = router.dispatch.bind(router);
  router.dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = /^\/api\/v1\/(.+?)\/?$/.exec(new URL(req.url ?? '/', 'http://sim').pathname)?.[1] ?? '';
    if (!path.startsWith('sim/')) {
      if (faults.sessionExpired) return drainAndReply(req, res, 403, SESSION_EXPIRED_MESSAGE);
      if (faults.take429(ORDER_PATHS.has(path))) return drainAndReply(req, res, 429, RATE_LIMITED_MESSAGE);
      if (faults.delayMs > 0 && !CREATING_PATHS.has(path)) await sleep(faults.delayMs);
      beforeEach();
    }
    return current.run(res, () => inner(req, res));
  };
}

function drainAndReply(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  const text = JSON.stringify({ status: 'error', message });
  req.resume();
  req.on('end', () => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
}
