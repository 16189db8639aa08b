// The simulator's OpenAlgo order endpoints over real HTTP: shapes as the real server sends them
// (reference/openalgo-api.md §3), the book's arithmetic, and every injected fault as a client sees it.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimMarket, type SimMarket } from '../../../source/adapters/sim/sim-market.js';
import { SimFaults, simOrderRoutes, type SimOrderRoutes } from '../../../source/adapters/sim/orders/index.js';
import { isOnTick } from '../../../source/domain/money.js';

const KEY = 'sim-order-key';
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(faults = new SimFaults(), bookHasStrategy = true): Promise<{ sim: SimMarket; orders: SimOrderRoutes; post: Post }> {
  const orders = simOrderRoutes(faults, { bookHasStrategy });
  // speed 1 keeps the price nearly still, so fills can be compared with lastPrice.
  const sim = await startSimMarket({ seed: 11, symbols: ['RELIANCE', 'SBIN', 'INFY'], date: '2025-08-27', start: '10:00', speed: 1, apiKey: KEY, routeModules: [orders] });
  cleanup.push(() => sim.stop());
  const post: Post = async (path, body = {}, key = KEY) => {
    const res = await fetch(`${sim.restUrl}/api/v1/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apikey: key, ...body }) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { sim, orders, post };
}
type Post = (path: string, body?: Record<string, unknown>, key?: string) => Promise<{ status: number; body: Record<string, unknown> }>;

const buy = (qty = 10, symbol = 'SBIN', strategy = 'algo-tui:AT-1'): Record<string, unknown> =>
  ({ strategy, exchange: 'NSE', symbol, action: 'BUY', quantity: qty, pricetype: 'MARKET', product: 'MIS' });

describe('sim order endpoints: shapes', () => {
  it('placeorder fills a MARKET order at the sim price on the tick, with a YYMMDD+8 digit id', async () => {
    const { sim, orders, post } = await setup();
    const r = await post('placeorder', buy(10));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'success', orderid: expect.stringMatching(/^250827\d{8}$/) });
    const rec = orders.book.orders();
    expect(rec).toHaveLength(1);
    expect(rec[0]).toMatchObject({ strategy: 'algo-tui:AT-1', status: 'complete', filledQty: 10 });
    expect(isOnTick(rec[0]!.averagePrice)).toBe(true);
    expect(Math.abs(rec[0]!.averagePrice - (sim.state.lastPrice('SBIN') as number))).toBeLessThan(1);
  });

  it('refuses unknown fields, a missing strategy, bad values and unknown symbols with 400 repr messages', async () => {
    const { post, orders } = await setup();
    expect(await post('placeorder', { ...buy(), validity: 'DAY' })).toEqual({ status: 400, body: { status: 'error', message: "{'validity': ['Unknown field.']}" } });
    const { strategy: _s, ...noStrategy } = buy();
    expect((await post('placeorder', noStrategy)).body.message).toBe("{'strategy': ['Missing data for required field.']}");
    expect((await post('placeorder', buy(0))).body.message).toBe("{'quantity': ['Must be greater than 0.']}");
    expect((await post('placeorder', buy(1.5))).status).toBe(400);
    const unknown = await post('placeorder', buy(1, 'NOPE'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain("Symbol 'NOPE' not found");
    expect((await post('cancelorder', { orderid: '1' })).body.message).toBe("{'strategy': ['Missing data for required field.']}");
    expect(orders.book.orders()).toHaveLength(0);
  });

  it('answers a bad key with 403 Invalid openalgo apikey', async () => {
    const { post } = await setup();
    expect(await post('placeorder', buy(), 'wrong')).toEqual({ status: 403, body: { status: 'error', message: 'Invalid openalgo apikey' } });
    expect((await post('orderbook', {}, 'wrong')).status).toBe(403);
  });

  it('books: orderbook, tradebook, positionbook, openposition and funds reflect fills', async () => {
    const { post } = await setup();
    const a = await post('placeorder', buy(10));
    const b = await post('placeorder', { ...buy(4), action: 'sell' });
    const ob = (await post('orderbook')).body as { data: { orders: Array<Record<string, unknown>>; statistics: Record<string, number> } };
    expect(ob.data.orders.map((o) => o.orderid)).toEqual([a.body.orderid, b.body.orderid]);
    expect(ob.data.orders[1]).toMatchObject({ action: 'SELL', quantity: 4, price: 0, pricetype: 'MARKET', product: 'MIS', order_status: 'complete', strategy: 'algo-tui:AT-1' });
    expect(ob.data.orders[0]!.timestamp).toMatch(/^2025-08-27 \d\d:\d\d:\d\d$/);
    expect(ob.data.statistics).toEqual({ total_buy_orders: 1, total_sell_orders: 1, total_completed_orders: 2, total_open_orders: 0, total_rejected_orders: 0 });
    const tb = (await post('tradebook')).body.data as Array<Record<string, number | string>>;
    expect(tb).toHaveLength(2);
    expect(tb[0]!.trade_value).toBeCloseTo((tb[0]!.average_price as number) * 10, 2);
    const pb = (await post('positionbook')).body.data as Array<Record<string, number | string>>;
    expect(pb).toEqual([expect.objectContaining({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS', quantity: 6 })]);
    const realised = Math.round(((tb[1]!.average_price as number) - (tb[0]!.average_price as number)) * 4 * 100) / 100;
    const op = await post('openposition', { strategy: 's', symbol: 'SBIN', exchange: 'NSE', product: 'MIS' });
    expect(op.body).toEqual({ status: 'success', quantity: 6 });
    const funds = (await post('funds')).body.data as Record<string, string>;
    expect(Object.keys(funds).sort()).toEqual(['availablecash', 'collateral', 'm2mrealized', 'm2munrealized', 'utiliseddebits']);
    expect(Number(funds.m2mrealized)).toBeCloseTo(realised, 2);
    expect(typeof funds.availablecash).toBe('string');
  });

  it('orderstatus gives average_price for complete orders and 404 for unknown ids', async () => {
    const { post } = await setup();
    const a = await post('placeorder', buy(3));
    const st = await post('orderstatus', { strategy: 'x', orderid: a.body.orderid });
    expect(st.body.data).toMatchObject({ orderid: a.body.orderid, order_status: 'complete', quantity: 3, average_price: expect.any(Number) });
    expect((st.body.data as Record<string, string>).timestamp).toMatch(/^27-Aug-2025 /);
    expect(await post('orderstatus', { strategy: 'x', orderid: '999' })).toEqual({ status: 404, body: { status: 'error', message: 'Order 999 not found' } });
  });

  it('placesmartorder targets a net position and says "already matched" without an orderid', async () => {
    const { post, orders } = await setup();
    const smart = (size: number, qty = 0): Record<string, unknown> => ({ ...buy(qty), position_size: size });
    expect((await post('placesmartorder', smart(5, 99))).body.orderid).toBeDefined(); // qty ignored: 5 bought
    expect(orders.book.netQty('SBIN', 'NSE', 'MIS')).toBe(5);
    expect((await post('placesmartorder', smart(5))).body).toEqual({ status: 'success', message: 'Positions Already Matched. No Action needed.' });
    await post('placesmartorder', smart(-2));
    expect(orders.book.orders().at(-1)).toMatchObject({ action: 'SELL', quantity: 7 });
    await post('placesmartorder', smart(0));
    expect(orders.book.netQty('SBIN', 'NSE', 'MIS')).toBe(0);
    expect((await post('placesmartorder', smart(0))).body.message).toBe('Positions Already Matched. No Action needed.');
  });

  it('LIMIT orders rest until cancelled; cancelallorder and closeposition act on the whole account', async () => {
    const { post, sim, orders } = await setup();
    const far = (sim.state.lastPrice('INFY') as number) * 0.5;
    const l1 = await post('placeorder', { ...buy(1, 'INFY'), pricetype: 'LIMIT', price: Math.round(far) });
    const l2 = await post('placeorder', { ...buy(1, 'INFY'), pricetype: 'LIMIT', price: Math.round(far) });
    expect((await post('orderstatus', { strategy: 'x', orderid: l1.body.orderid })).body.data).toMatchObject({ order_status: 'open', average_price: 0 });
    expect(await post('cancelorder', { strategy: 'x', orderid: l1.body.orderid })).toEqual({ status: 200, body: { status: 'success', orderid: l1.body.orderid } });
    expect((await post('cancelorder', { strategy: 'x', orderid: l1.body.orderid })).status).toBe(400);
    const all = await post('cancelallorder', { strategy: 'x' });
    expect(all.body).toEqual({ status: 'success', message: 'Canceled 1 orders. Failed to cancel 0 orders.', canceled_orders: [l2.body.orderid], failed_cancellations: [] });
    await post('placeorder', buy(3));
    await post('placeorder', { ...buy(2, 'RELIANCE'), action: 'SELL' });
    expect((await post('closeposition', { strategy: 'x' })).body).toEqual({ status: 'success', message: 'All Open Positions Squared Off' });
    expect(orders.book.positions().every((p) => p.qty === 0)).toBe(true);
    expect(orders.book.byStrategy('Squareoff')).toHaveLength(2);
    expect((await post('closeposition', { strategy: 'x' })).body.message).toBe('All Open Positions Squared Off');
  });

  it('analyzer mode is configurable and tags responses with mode analyze', async () => {
    const faults = new SimFaults({ analyzeMode: true });
    const { post } = await setup(faults);
    expect((await post('analyzer')).body).toEqual({ status: 'success', data: { analyze_mode: true, mode: 'analyze', total_logs: 0 } });
    expect((await post('placeorder', buy())).body.mode).toBe('analyze');
    expect(typeof ((await post('funds')).body.data as Record<string, unknown>).availablecash).toBe('number');
    await post('sim/faults', { analyze_mode: false });
    expect((await post('analyzer')).body.data).toMatchObject({ analyze_mode: false, mode: 'live' });
  });
});

describe('sim order endpoints: faults', () => {
  it('reject: 200 with an orderid, then rejected with a rejection_reason', async () => {
    const faults = new SimFaults().rejectNext(1, 'RMS: insufficient margin');
    const { post, orders } = await setup(faults);
    const r = await post('placeorder', buy());
    expect(r.status).toBe(200);
    const st = await post('orderstatus', { strategy: 'x', orderid: r.body.orderid });
    expect(st.body.data).toMatchObject({ order_status: 'rejected', rejection_reason: 'RMS: insufficient margin' });
    expect(orders.book.positions()).toHaveLength(0);
    expect((await post('placeorder', buy())).body.orderid).toBeDefined();
    expect(orders.book.orders().map((o) => o.status)).toEqual(['rejected', 'complete']);
  });

  it('500 before acceptance creates nothing; 500 after acceptance leaves a filled order', async () => {
    const { post, orders } = await setup(new SimFaults().fail500Next(1, 'before'));
    expect((await post('placeorder', buy())).status).toBe(500);
    expect(orders.book.orders()).toHaveLength(0);
    orders.faults.fail500Next(1, 'after');
    expect((await post('placeorder', buy())).status).toBe(500);
    expect(orders.book.orders()).toMatchObject([{ status: 'complete' }]);
  });

  it('a dropped connection after acceptance: the client gets no reply, the order is in the book', async () => {
    const { post, orders } = await setup(new SimFaults().dropNext(1));
    await expect(post('placeorder', buy())).rejects.toThrow();
    expect(orders.book.orders()).toMatchObject([{ status: 'complete', strategy: 'algo-tui:AT-1' }]);
    expect((await post('placeorder', buy())).status).toBe(200);
  });

  it('session expiry: every call 403 until cleared over HTTP; 429 for the next N order requests', async () => {
    const { post, orders } = await setup();
    await post('sim/faults', { session_expired: true });
    for (const p of ['ping', 'analyzer', 'orderbook', 'placeorder']) expect((await post(p, p === 'placeorder' ? buy() : {})).body).toEqual({ status: 'error', message: 'Invalid openalgo apikey' });
    expect((await post('sim/faults', { clear: true })).body.data).toMatchObject({ session_expired: false });
    expect((await post('ping')).status).toBe(200);
    orders.faults.rateLimitNext(2);
    expect((await post('orderbook')).status).toBe(200); // scope 'orders': other calls unaffected
    expect(await post('placeorder', buy())).toEqual({ status: 429, body: { status: 'error', message: 'Rate limit exceeded. Please slow down your requests.' } });
    expect((await post('placeorder', buy())).status).toBe(429);
    expect((await post('placeorder', buy())).status).toBe(200);
    expect(orders.book.orders()).toHaveLength(1);
  });

  it('delayed replies still create the order first; sim/orders lists every order with its tag', async () => {
    const { post } = await setup(new SimFaults().delayReplies(50));
    await post('placeorder', buy(1, 'SBIN', 'algo-tui:AT-20250827-0001'));
    const rec = await post('sim/orders');
    expect(rec.body.data).toEqual([expect.objectContaining({ strategy: 'algo-tui:AT-20250827-0001', order_status: 'complete', source: 'placeorder' })]);
  });

  it('the feed-stall fault drives the WS server hook and refuses without one', async () => {
    const { sim, orders, post } = await setup();
    expect(() => orders.faults.stallFeed(true)).toThrow(/attachFeedStall/);
    const seen: boolean[] = [];
    orders.faults.attachFeedStall((s) => {
      seen.push(s);
      sim.ws.faults.stallFeed(s);
    });
    await post('sim/faults', { stall_feed: true });
    orders.faults.clear();
    expect(seen).toEqual([false, true, false]);
  });
});
