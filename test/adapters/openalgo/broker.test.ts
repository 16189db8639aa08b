// OpenAlgoBroker against the simulated OpenAlgo server over real HTTP (port 0): the session check,
// the order lifecycle, and every injected fault the error policy has to meet (docs/live-trading.md).
// The broker runs on a ManualClock, so polls, settle delays, back-offs and rate windows move only
// when a test pumps the clock; assertions are on requests and books, never on wall durations.
import { afterEach, describe, expect, it } from 'vitest';
import { NOT_LOGGED_IN_TEXT } from '../../../source/adapters/openalgo/broker.js';
import { OpenAlgoBroker, type OpenAlgoBrokerOptions } from '../../../source/adapters/openalgo/broker.js';
import { OpenAlgoRestClient } from '../../../source/adapters/openalgo/rest-client.js';
import { SimFaults, simOrderRoutes, type SimOrderRoutes } from '../../../source/adapters/sim/orders/index.js';
import { startSimMarket, type SimMarket } from '../../../source/adapters/sim/sim-market.js';
import { ManualClock } from '../../../source/engine/manual-clock.js';
import type { OrderRequest, OrderUpdate } from '../../../source/ports/broker.js';
import type { Logger } from '../../../source/ports/logger.js';

const KEY = 'oa-secret-key-7f3c9e21';

interface Harness {
  readonly sim: SimMarket;
  readonly orders: SimOrderRoutes;
  readonly faults: SimFaults;
  readonly clock: ManualClock;
  readonly broker: OpenAlgoBroker;
  readonly updates: OrderUpdate[];
  /** Endpoints requested by the broker, in order. */
  readonly requests: string[];
  readonly logs: string[];
  stop(): Promise<void>;
}

async function harness(opts: { faults?: SimFaults; bookHasStrategy?: boolean; broker?: Partial<OpenAlgoBrokerOptions> } = {}): Promise<Harness> {
  const faults = opts.faults ?? new SimFaults();
  const orders = simOrderRoutes(faults, { bookHasStrategy: opts.bookHasStrategy ?? true });
  const sim = await startSimMarket({ seed: 5, symbols: ['RELIANCE', 'SBIN', 'INFY'], date: '2025-08-27', start: '10:30', speed: 1, apiKey: KEY, routeModules: [orders] });
  const requests: string[] = [];
  const countingFetch: typeof fetch = (input, init) => {
    requests.push(String(input).replace(/^.*\/api\/v1\//, ''));
    return fetch(input, init);
  };
  const logs: string[] = [];
  const line = (level: string) => (msg: string, fields?: Record<string, unknown>): void => {
    logs.push(`${level} ${msg} ${fields ? JSON.stringify(fields) : ''}`);
  };
  const logger: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), isLevelEnabled: () => true };
  const clock = new ManualClock(Date.parse('2025-08-27T05:00:00Z'));
  const client = new OpenAlgoRestClient({ host: sim.restUrl, apiKey: KEY, fetch: countingFetch, timeoutMs: 5000 });
  const broker = new OpenAlgoBroker({ client, clock, logger, strategyPrefix: 'algo-tui', ...opts.broker });
  const updates: OrderUpdate[] = [];
  broker.onUpdate((u) => updates.push(u));
  return {
    sim, orders, faults, clock, broker, updates, requests, logs,
    stop: async () => {
      await broker.close();
      await sim.stop();
    },
  };
}

function req(clientId: string, over: Partial<OrderRequest> = {}): OrderRequest {
  return { clientId, symbol: 'SBIN', exchange: 'NSE', action: 'BUY', qty: 10, pricetype: 'MARKET', product: 'MIS', refPrice: 800, ...over };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 2));

/** Advances the manual clock in small steps until `p` settles (the broker's timers run on it). */
async function pump<T>(clock: ManualClock, p: Promise<T>, stepMs = 100, maxSteps = 2000): Promise<T> {
  let settled: { ok: true; v: T } | { ok: false; e: unknown } | null = null;
  p.then((v) => (settled = { ok: true, v }), (e: unknown) => (settled = { ok: false, e }));
  for (let i = 0; i < maxSteps && !settled; i++) {
    await tick();
    if (!settled) await clock.advance(stepMs);
  }
  const s = settled as { ok: true; v: T } | { ok: false; e: unknown } | null;
  if (!s) throw new Error('pump: promise did not settle');
  if (!s.ok) throw s.e;
  return s.v;
}

/** Advances the clock until `cond` holds. */
async function pumpUntil(clock: ManualClock, cond: () => boolean, what: string, stepMs = 100, maxSteps = 2000): Promise<void> {
  for (let i = 0; i < maxSteps; i++) {
    if (cond()) return;
    await tick();
    await clock.advance(stepMs);
  }
  throw new Error(`pumpUntil: ${what} never happened`);
}

/** Waits in wall time (no clock movement) until `cond` holds. */
async function until(cond: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const running: Harness[] = [];
afterEach(async () => {
  for (const h of running.splice(0)) await h.stop();
});
async function setup(opts: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  const h = await harness(opts);
  running.push(h);
  return h;
}
const placeorders = (h: Harness): number => h.requests.filter((r) => r === 'placeorder').length;

describe('OpenAlgoBroker: session', () => {
  it('start() pings and reads the analyzer: LIVE or SANDBOX', async () => {
    const h = await setup();
    expect(await pump(h.clock, h.broker.start())).toMatchObject({ name: 'openalgo', status: 'LIVE' });
    expect(h.requests.slice(0, 2)).toEqual(['ping', 'analyzer']);
    const s = await setup({ faults: new SimFaults({ analyzeMode: true }) });
    expect((await pump(s.clock, s.broker.start())).status).toBe('SANDBOX');
  });

  it('403 session expiry: NOT_LOGGED_IN with the login hint, re-checked on the clock until it recovers', async () => {
    const h = await setup({ faults: new SimFaults().expireSession(), broker: { sessionRecheckMs: 30_000 } });
    expect(await pump(h.clock, h.broker.start())).toEqual({ name: 'openalgo', status: 'NOT_LOGGED_IN', message: NOT_LOGGED_IN_TEXT });
    const pings = (): number => h.requests.filter((r) => r === 'ping').length;
    await pumpUntil(h.clock, () => pings() >= 2, 'a re-check');
    expect(h.broker.status().status).toBe('NOT_LOGGED_IN');
    h.faults.expireSession(false);
    await pumpUntil(h.clock, () => h.broker.status().status === 'LIVE', 'recovery');
    const after = pings();
    await h.clock.advance(120_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(pings()).toBe(after); // the re-check stops once logged in
  });

  it('an unreachable server is DOWN, not NOT_LOGGED_IN', async () => {
    const h = await setup();
    await h.sim.stop();
    expect((await pump(h.clock, h.broker.start())).status).toBe('DOWN');
  });
});

describe('OpenAlgoBroker: orders', () => {
  it('places MARKET/MIS with the client id in the strategy tag; a poll reports the fill', async () => {
    const h = await setup();
    await pump(h.clock, h.broker.start());
    const ack = await pump(h.clock, h.broker.place(req('AT-20250827-0001')));
    expect(ack).toEqual({ clientId: 'AT-20250827-0001', status: 'ACCEPTED', brokerOrderId: expect.stringMatching(/^250827\d{8}$/) });
    const sim = h.orders.book.orders();
    expect(sim).toMatchObject([{ strategy: 'algo-tui:AT-20250827-0001', pricetype: 'MARKET', product: 'MIS', quantity: 10, action: 'BUY' }]);
    await pumpUntil(h.clock, () => h.updates.length > 0, 'a fill');
    expect(h.updates).toEqual([{ clientId: 'AT-20250827-0001', brokerOrderId: ack.brokerOrderId, status: 'FILLED', filledQty: 10, avgPrice: sim[0]!.averagePrice, ts: expect.any(Number) }]);
    expect(h.requests).toContain('orderstatus');
    expect(h.broker.openOrders()).toEqual([]);
  });

  it('orders() recovers client ids and fills; positions() is signed; funds() parses strings', async () => {
    const h = await setup();
    const a = await pump(h.clock, h.broker.place(req('AT-1', { qty: 5 })));
    await pump(h.clock, h.broker.place(req('AT-2', { qty: 8, action: 'SELL', symbol: 'INFY' })));
    const rows = await pump(h.clock, h.broker.orders());
    expect(rows).toEqual([
      { brokerOrderId: a.brokerOrderId, clientId: 'AT-1', symbol: 'SBIN', action: 'BUY', qty: 5, status: 'FILLED', filledQty: 5, avgPrice: h.orders.book.orders()[0]!.averagePrice },
      expect.objectContaining({ clientId: 'AT-2', symbol: 'INFY', action: 'SELL', status: 'FILLED', filledQty: 8 }),
    ]);
    const pos = await pump(h.clock, h.broker.positions());
    expect(pos.map((p) => [p.symbol, p.qty])).toEqual([['SBIN', 5], ['INFY', -8]]);
    const funds = await pump(h.clock, h.broker.funds());
    expect(funds.availableCash).toBeGreaterThan(0);
    expect(funds.utilisedDebits).toBeGreaterThan(0);
  });

  it('closePosition flattens one symbol via placesmartorder position_size 0; cancel() cancels', async () => {
    const h = await setup();
    await pump(h.clock, h.broker.place(req('AT-1', { qty: 7 })));
    const r = await pump(h.clock, h.broker.closePosition('SBIN', 'AT-2'));
    expect(r.brokerOrderId).toBeDefined();
    expect(h.orders.book.netQty('SBIN', 'NSE', 'MIS')).toBe(0);
    expect(h.orders.book.orders().at(-1)).toMatchObject({ source: 'placesmartorder', action: 'SELL', quantity: 7, strategy: 'algo-tui:AT-2' });
    expect(await pump(h.clock, h.broker.closePosition('SBIN'))).toEqual({ message: 'no open SBIN position' });
    const limit = await fetch(`${h.sim.restUrl}/api/v1/placeorder`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apikey: KEY, strategy: 'manual', exchange: 'NSE', symbol: 'SBIN', action: 'BUY', quantity: 1, pricetype: 'LIMIT', price: 1 }),
    }).then((x) => x.json() as Promise<{ orderid: string }>);
    await pump(h.clock, h.broker.cancel(limit.orderid));
    expect(h.orders.book.get(limit.orderid)?.status).toBe('cancelled');
  });

  it('reject fault: ACCEPTED, then a REJECTED update with the rejection_reason', async () => {
    const h = await setup({ faults: new SimFaults().rejectNext(1, 'RMS: margin shortfall') });
    await pump(h.clock, h.broker.start());
    const ack = await pump(h.clock, h.broker.place(req('AT-1')));
    expect(ack.status).toBe('ACCEPTED');
    await pumpUntil(h.clock, () => h.updates.length > 0, 'the rejection');
    expect(h.updates[0]).toMatchObject({ clientId: 'AT-1', status: 'REJECTED', filledQty: 0, message: 'RMS: margin shortfall' });
  });

  it('400 is final: REJECTED with the server message, sent once, nothing placed', async () => {
    const h = await setup();
    const ack = await pump(h.clock, h.broker.place(req('AT-1', { symbol: 'NOSUCH' })));
    expect(ack.status).toBe('REJECTED');
    expect(ack.message).toContain("Symbol 'NOSUCH' not found");
    expect(placeorders(h)).toBe(1);
    expect(h.orders.book.orders()).toHaveLength(0);
  });

  it('HTTP 500 before acceptance: the book is checked, the order is REJECTED as not placed, never re-sent', async () => {
    const h = await setup({ faults: new SimFaults().fail500Next(1, 'before') });
    const ack = await pump(h.clock, h.broker.place(req('AT-1')));
    expect(ack).toMatchObject({ clientId: 'AT-1', status: 'REJECTED', message: expect.stringContaining('not placed (verified in order book)') });
    expect(placeorders(h)).toBe(1);
    expect(h.requests.filter((r) => r === 'orderbook').length).toBe(2);
    expect(h.orders.book.orders()).toHaveLength(0);
  });

  it('HTTP 500 after acceptance: the order is adopted from the book, not placed twice, and its fill arrives', async () => {
    const h = await setup({ faults: new SimFaults().fail500Next(1, 'after') });
    await pump(h.clock, h.broker.start());
    const ack = await pump(h.clock, h.broker.place(req('AT-1')));
    const placed = h.orders.book.byStrategy('algo-tui:AT-1');
    expect(placed).toHaveLength(1);
    expect(ack).toMatchObject({ status: 'ACCEPTED', brokerOrderId: placed[0]!.orderid });
    expect(placeorders(h)).toBe(1);
    await pumpUntil(h.clock, () => h.updates.length > 0, 'the fill');
    expect(h.updates[0]).toMatchObject({ status: 'FILLED', brokerOrderId: placed[0]!.orderid, avgPrice: placed[0]!.averagePrice });
  });

  it('connection dropped after acceptance: found in the book, exactly one order exists', async () => {
    const h = await setup({ faults: new SimFaults().dropNext(1) });
    const ack = await pump(h.clock, h.broker.place(req('AT-20250827-0007')));
    const placed = h.orders.book.byStrategy('algo-tui:AT-20250827-0007');
    expect(placed).toHaveLength(1);
    expect(ack).toMatchObject({ status: 'ACCEPTED', brokerOrderId: placed[0]!.orderid });
    expect(placeorders(h)).toBe(1);
    expect(h.orders.book.orders()).toHaveLength(1);
  });

  it('a reply slower than the order timeout: the order is adopted, not re-sent', async () => {
    const h = await setup({ faults: new SimFaults().delayReplies(400), broker: { orderTimeoutMs: 100 } });
    const ack = await pump(h.clock, h.broker.place(req('AT-1')), 100, 5000);
    expect(ack.status).toBe('ACCEPTED');
    expect(placeorders(h)).toBe(1);
    expect(h.orders.book.byStrategy('algo-tui:AT-1')).toHaveLength(1);
  });

  it('a book that cannot be read after an ambiguous reply gives UNKNOWN (left for reconciliation)', async () => {
    const h = await setup({ faults: new SimFaults().dropNext(1) });
    const p = h.broker.place(req('AT-1'));
    await until(() => h.orders.book.orders().length === 1, 'the order in the sim book');
    h.faults.expireSession();
    const ack = await pump(h.clock, p);
    expect(ack).toMatchObject({ status: 'UNKNOWN', message: expect.stringContaining('left for reconciliation') });
    expect(placeorders(h)).toBe(1);
  });

  it('a broker that drops tags: one untagged order of the same shape is adopted', async () => {
    const h = await setup({ faults: new SimFaults().dropNext(1), bookHasStrategy: false });
    const ack = await pump(h.clock, h.broker.place(req('AT-1', { qty: 3 })));
    expect(ack).toMatchObject({ status: 'ACCEPTED', brokerOrderId: h.orders.book.orders()[0]!.orderid });
    expect(h.orders.book.orders()).toHaveLength(1);
  });

  it('403 on an order: REJECTED with the login hint, not re-sent, status NOT_LOGGED_IN', async () => {
    const h = await setup({ broker: { sessionRecheckMs: 30_000 } });
    await pump(h.clock, h.broker.start());
    h.faults.expireSession();
    const ack = await pump(h.clock, h.broker.place(req('AT-1')));
    expect(ack).toEqual({ clientId: 'AT-1', status: 'REJECTED', message: NOT_LOGGED_IN_TEXT });
    expect(h.broker.status().status).toBe('NOT_LOGGED_IN');
    await h.clock.advance(90_000);
    expect(placeorders(h)).toBe(1);
    h.faults.expireSession(false);
    await pumpUntil(h.clock, () => h.broker.status().status === 'LIVE', 'recovery');
    expect(h.orders.book.orders()).toHaveLength(0);
  });

  it('429: backs off on the clock and retries (the server refused it); gives up as REJECTED', async () => {
    const h = await setup({ faults: new SimFaults().rateLimitNext(2), broker: { backoffMs: 500, rateLimitRetries: 3 } });
    const ack = await pump(h.clock, h.broker.place(req('AT-1')));
    expect(ack.status).toBe('ACCEPTED');
    expect(placeorders(h)).toBe(3);
    expect(h.orders.book.orders()).toHaveLength(1);
    h.faults.rateLimitNext(10);
    const gaveUp = await pump(h.clock, h.broker.place(req('AT-2')));
    expect(gaveUp).toMatchObject({ status: 'REJECTED', message: expect.stringContaining('rate limited') });
    expect(placeorders(h)).toBe(3 + 4);
    expect(h.orders.book.orders()).toHaveLength(1);
  });

  it('client-side limit: at most 8 orders per second of clock time, other calls in their own bucket', async () => {
    const h = await setup();
    const acks = Array.from({ length: 20 }, (_, i) => h.broker.place(req(`AT-${i + 1}`, { qty: 1 })));
    await until(() => h.orders.book.orders().length === 8, 'the first 8 orders');
    const rows = await h.broker.orders(); // not blocked behind the waiting orders
    expect(rows).toHaveLength(8);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.orders.book.orders()).toHaveLength(8);
    await h.clock.advance(1000);
    await until(() => h.orders.book.orders().length === 16, 'the next 8');
    await new Promise((r) => setTimeout(r, 100));
    expect(h.orders.book.orders()).toHaveLength(16);
    await h.clock.advance(1000);
    const all = await Promise.all(acks);
    expect(all.every((a) => a.status === 'ACCEPTED')).toBe(true);
    // First come, first served: the sim saw the client ids in the order they were placed.
    expect(h.orders.book.orders().map((o) => o.strategy)).toEqual(Array.from({ length: 20 }, (_, i) => `algo-tui:AT-${i + 1}`));
  });

  it('never puts the API key in logs, acks or errors', async () => {
    const h = await setup({ faults: new SimFaults().fail500Next(1, 'after') });
    const texts: string[] = [];
    texts.push(JSON.stringify(await pump(h.clock, h.broker.place(req('AT-1')))));
    h.faults.expireSession();
    texts.push(JSON.stringify(await pump(h.clock, h.broker.place(req('AT-2')))));
    texts.push(await pump(h.clock, h.broker.orders()).then(() => 'resolved', (e: unknown) => `${String(e)} ${JSON.stringify(e)}`));
    texts.push(JSON.stringify(h.broker.status()));
    expect(h.logs.length).toBeGreaterThan(0);
    for (const t of [...texts, ...h.logs]) expect(t).not.toContain(KEY);
    expect(texts[2]).toContain('not logged in');
  });
});
