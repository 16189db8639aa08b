import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../source/adapters/clock/scaled-clock.js';
import { startSimMarket, type SimMarket } from '../../../source/adapters/sim/sim-market.js';
import { startSimWsServer } from '../../../source/adapters/sim/ws-server.js';
import { isOnTick } from '../../../source/domain/money.js';
import { istInstant } from '../../../source/domain/time.js';
import { isError, WsProbe, type Frame } from './ws-client.js';

const DATE = '2025-09-15';
let sim: SimMarket;
const probes: WsProbe[] = [];
const open = async (): Promise<WsProbe> => {
  const p = await WsProbe.open(sim.wsUrl);
  probes.push(p);
  return p;
};

beforeAll(async () => {
  sim = await startSimMarket({
    seed: 3, symbols: ['SBIN', 'INFY', 'TCS'], date: DATE, start: '10:00', speed: 60, apiKey: 'secret',
    ws: { authGraceMs: 1_000, pingIntervalMs: 150, batchMs: 50 },
  });
});
afterAll(async () => {
  probes.forEach((p) => p.close());
  await sim.stop();
});

describe('sim WebSocket: authentication', () => {
  it('accepts api_key and apikey, with the OpenAlgo success shape', async () => {
    const a = await open();
    const ok = await a.request({ action: 'authenticate', api_key: 'secret' }, (f) => f.type === 'auth');
    expect(ok).toMatchObject({ type: 'auth', status: 'success', message: 'Authentication successful', broker: 'sim', supported_features: { ltp: true, quote: true, depth: true } });
    const b = await open();
    expect(await b.request({ action: 'auth', apikey: 'secret' }, (f) => f.type === 'auth')).toMatchObject({ status: 'success' });
  });

  it('answers a wrong or missing key with AUTHENTICATION_ERROR frames without a type, and lets the client retry', async () => {
    const a = await open();
    const bad = await a.request({ action: 'authenticate', api_key: 'nope' }, isError('AUTHENTICATION_ERROR'));
    expect(bad).toEqual({ status: 'error', code: 'AUTHENTICATION_ERROR', message: 'Invalid API key' });
    const missing = await a.request({ action: 'authenticate' }, (f) => f.message === 'API key is required');
    expect(missing).not.toHaveProperty('type');
    await a.authed();
  });

  it('closes an unauthenticated connection with 4401 "auth timeout" after the grace period', async () => {
    const a = await open();
    await a.until(() => a.closed !== null, 'close');
    expect(a.closed).toEqual({ code: 4401, reason: 'auth timeout' });
  });

  it('requires authentication for subscribe and sends protocol pings', async () => {
    const a = await open();
    expect(await a.request({ action: 'subscribe', symbol: 'SBIN', exchange: 'NSE' }, isError('NOT_AUTHENTICATED'))).toEqual({
      status: 'error', code: 'NOT_AUTHENTICATED', message: 'You must authenticate first',
    });
    await a.authed();
    await a.until(() => a.pings >= 2, 'protocol pings');
    expect(a.closed).toBeNull();
  });
});

describe('sim WebSocket: requests', () => {
  it('reports INVALID_JSON, INVALID_ACTION, INVALID_MODE and INVALID_PARAMETERS as error frames', async () => {
    const a = await (await open()).authed();
    expect(await a.request('not json', isError('INVALID_JSON'))).not.toHaveProperty('type');
    await a.request({ action: 'dance' }, isError('INVALID_ACTION'));
    const mode = await a.request({ action: 'subscribe', symbols: [{ symbol: 'SBIN', exchange: 'NSE' }], mode: 'FULL' }, isError('INVALID_MODE'));
    expect(mode.message).toBe("Invalid mode 'FULL'; expected 'LTP', 'Quote', or 'Depth' (case-insensitive)");
    const params = await a.request({ action: 'subscribe', instruments: [{ symbol: 'SBIN', exchange: 'NSE' }] }, isError('INVALID_PARAMETERS'));
    expect(params.message).toBe('At least one symbol must be specified');
    expect(a.closed).toBeNull();
  });

  it('acks a batched subscribe with per-symbol results, a label mode and the request_id (partial on unknown)', async () => {
    const a = await (await open()).authed();
    const ack = await a.request({
      action: 'subscribe', mode: 2, request_id: 'sub-42',
      symbols: [{ symbol: 'SBIN', exchange: 'NSE' }, { symbol: 'FOO', exchange: 'NSE' }, { symbol: 'NIFTY', exchange: 'NSE_INDEX' }, { symbol: 'X' }],
    }, (f) => f.type === 'subscribe');
    expect(ack).toMatchObject({ type: 'subscribe', status: 'partial', message: 'Subscription processing complete', broker: 'sim', request_id: 'sub-42' });
    expect(ack.subscriptions).toEqual([
      { symbol: 'SBIN', exchange: 'NSE', status: 'success', mode: 'Quote', depth: 5, broker: 'sim' },
      { symbol: 'FOO', exchange: 'NSE', status: 'error', message: 'Symbol FOO not found for exchange NSE', broker: 'sim' },
      { symbol: 'NIFTY', exchange: 'NSE_INDEX', status: 'success', mode: 'Quote', depth: 5, broker: 'sim' },
    ]);
    const single = await a.request({ action: 'subscribe', symbol: 'INFY', exchange: 'NSE', mode: 'ltp' }, (f) => f.type === 'subscribe');
    expect(single).toMatchObject({ status: 'success', subscriptions: [{ symbol: 'INFY', mode: 'LTP' }] });
  });

  it('streams market_data with the envelope at the top level, on sim time, per mode', async () => {
    const a = await (await open()).authed();
    await a.request({ action: 'subscribe', symbols: [{ symbol: 'SBIN', exchange: 'NSE' }], mode: 'Quote' }, (f) => f.type === 'subscribe');
    await a.request({ action: 'subscribe', symbols: [{ symbol: 'TCS', exchange: 'NSE' }], mode: 3 }, (f) => f.type === 'subscribe');
    await a.request({ action: 'subscribe', symbols: [{ symbol: 'NIFTY', exchange: 'NSE_INDEX' }], mode: 1 }, (f) => f.type === 'subscribe');
    const quote = await a.waitFor((f) => f.type === 'market_data' && f.symbol === 'SBIN', 'SBIN tick');
    const depth = await a.waitFor((f) => f.type === 'market_data' && f.symbol === 'TCS', 'TCS tick');
    const ltp = await a.waitFor((f) => f.type === 'market_data' && f.symbol === 'NIFTY', 'NIFTY tick');
    expect(quote).toMatchObject({ type: 'market_data', symbol: 'SBIN', exchange: 'NSE', mode: 2, broker: 'sim' });
    expect(quote).not.toHaveProperty('topic');
    const d = quote.data as Record<string, number>;
    for (const k of ['ltp', 'ltt', 'timestamp', 'open', 'high', 'low', 'close', 'volume', 'average_price', 'last_trade_quantity', 'total_buy_quantity', 'total_sell_quantity']) {
      expect(typeof d[k], k).toBe('number');
    }
    expect(isOnTick(d.ltp as number)).toBe(true);
    expect(d.ltt).toBe(Math.floor((d.timestamp as number) / 1000));
    expect(d.timestamp).toBeGreaterThanOrEqual(istInstant(DATE, '10:00'));
    expect(d.timestamp).toBeLessThanOrEqual(sim.clock.now());
    expect(sim.model.quoteAt('SBIN', d.timestamp as number).ltp).toBe(d.ltp);
    expect(d.close).toBe(sim.model.quoteAt('SBIN', d.timestamp as number).prevClose);
    const book = (depth.data as { depth: { buy: Frame[]; sell: Frame[] } }).depth;
    expect(depth.mode).toBe(3);
    expect(book.buy).toHaveLength(5);
    expect(book.sell[0]).toMatchObject({ price: expect.any(Number), quantity: expect.any(Number), orders: expect.any(Number) });
    expect(ltp).toMatchObject({ exchange: 'NSE_INDEX', mode: 1 });
    expect(ltp.data).not.toHaveProperty('volume');
  });

  it('reads the unsubscribe mode per entry (default Quote) and stops the ticks', async () => {
    const a = await (await open()).authed();
    await a.request({ action: 'subscribe', symbols: [{ symbol: 'INFY', exchange: 'NSE' }], mode: 1 }, (f) => f.type === 'subscribe');
    await a.waitFor((f) => f.type === 'market_data' && f.symbol === 'INFY', 'INFY tick');
    // Top-level mode is ignored in the array form: the entry means Quote, which is not subscribed.
    const miss = await a.request({ action: 'unsubscribe', mode: 1, request_id: 'u1', symbols: [{ symbol: 'INFY', exchange: 'NSE' }] }, (f) => f.type === 'unsubscribe');
    expect(miss).toMatchObject({ status: 'error', request_id: 'u1', successful: [], message: 'Unsubscription processing complete' });
    const hit = await a.request({ action: 'unsubscribe', symbols: [{ symbol: 'INFY', exchange: 'NSE', mode: 1 }] }, (f) => f.type === 'unsubscribe');
    expect(hit).toMatchObject({ status: 'success', successful: [{ symbol: 'INFY', exchange: 'NSE', status: 'success', broker: 'sim' }], failed: [] });
    await new Promise((r) => setTimeout(r, 120));
    const count = a.marketData().length;
    await new Promise((r) => setTimeout(r, 300));
    expect(a.marketData().length).toBe(count);
  });

  it('unsubscribe_all drops everything; single-form unsubscribe uses the top-level mode', async () => {
    const a = await (await open()).authed();
    await a.request({ action: 'subscribe', symbol: 'TCS', exchange: 'NSE', mode: 3 }, (f) => f.type === 'subscribe');
    const single = await a.request({ action: 'unsubscribe', symbol: 'TCS', exchange: 'NSE', mode: 3 }, (f) => f.type === 'unsubscribe');
    expect(single.status).toBe('success');
    await a.request({ action: 'subscribe', symbols: [{ symbol: 'TCS', exchange: 'NSE' }, { symbol: 'SBIN', exchange: 'NSE' }] }, (f) => f.type === 'subscribe');
    await a.waitFor((f) => f.type === 'market_data', 'tick');
    await a.request({ action: 'unsubscribe_all' }, (f) => f.type === 'unsubscribe');
    await new Promise((r) => setTimeout(r, 120));
    const count = a.marketData().length;
    await new Promise((r) => setTimeout(r, 300));
    expect(a.marketData().length).toBe(count);
  });

  it('answers a JSON ping with a pong echoing timestamp and _pingId', async () => {
    const a = await open();
    const pong = await a.request({ action: 'ping', timestamp: 1756267800000, _pingId: 'hb-9' }, (f) => f.type === 'pong');
    expect(pong).toMatchObject({ type: 'pong', status: 'success', client_timestamp: 1756267800000, _pingId: 'hb-9' });
    expect(typeof pong.server_timestamp).toBe('number');
    const bare = await a.request({ action: 'ping' }, (f) => f.type === 'pong' && !('_pingId' in f));
    expect(bare).not.toHaveProperty('client_timestamp');
  });
});

describe('sim WebSocket: ticks and bars', () => {
  it('delivers ticks that rebuild the model’s 1m bars exactly', async () => {
    const a = await (await open()).authed();
    await a.request({ action: 'subscribe', symbols: [{ symbol: 'SBIN', exchange: 'NSE' }], mode: 2 }, (f) => f.type === 'subscribe');
    const firstFull = Math.ceil((sim.clock.now() + 1_000) / 60_000) * 60_000;
    await a.until(() => sim.clock.now() > firstFull + 2 * 60_000 + 1_000, 'two sim minutes', 20_000);
    await new Promise((r) => setTimeout(r, 150));
    const ticks = a.marketData().filter((f) => f.symbol === 'SBIN').map((f) => f.data as Record<string, number>);
    const bars = sim.model.history('SBIN', '1m', DATE, DATE).filter((b) => b.start >= firstFull && b.start < firstFull + 2 * 60_000);
    expect(bars).toHaveLength(2);
    for (const bar of bars) {
      const inBar = ticks.filter((t) => (t.timestamp as number) >= bar.start && (t.timestamp as number) < bar.start + 60_000);
      const prices = inBar.map((t) => t.ltp as number);
      expect(prices[0]).toBe(bar.open);
      expect(prices.at(-1)).toBe(bar.close);
      expect(Math.max(...prices)).toBe(bar.high);
      expect(Math.min(...prices)).toBe(bar.low);
      const before = ticks.filter((t) => (t.timestamp as number) < bar.start).at(-1);
      expect((inBar.at(-1)?.volume as number) - (before?.volume as number)).toBe(bar.volume);
    }
  });
});

describe('sim WebSocket: high speed', () => {
  it('at 600x samples each minute down to a few ticks that still rebuild the 1m bars', async () => {
    const clock = new ScaledClock({ simStart: istInstant(DATE, '11:00'), speed: 600 });
    const server = await startSimWsServer({ model: sim.model, clock, batchMs: 75 });
    try {
      const a = await WsProbe.open(server.url);
      probes.push(a);
      await a.authed('any-key');
      await a.request({ action: 'subscribe', symbols: [{ symbol: 'INFY', exchange: 'NSE' }], mode: 2 }, (f) => f.type === 'subscribe');
      const from = Math.ceil((clock.now() + 2_000) / 60_000) * 60_000;
      await a.until(() => clock.now() > from + 5 * 60_000 + 10_000, 'five sim minutes', 20_000);
      await new Promise((r) => setTimeout(r, 150));
      const ticks = a.marketData().map((f) => f.data as Record<string, number>);
      const bars = sim.model.history('INFY', '1m', DATE, DATE).filter((b) => b.start >= from && b.start < from + 5 * 60_000);
      expect(bars).toHaveLength(5);
      for (const bar of bars) {
        const prices = ticks.filter((t) => (t.timestamp as number) >= bar.start && (t.timestamp as number) < bar.start + 60_000).map((t) => t.ltp as number);
        expect(prices.length).toBeLessThanOrEqual(16);
        expect([prices[0], Math.max(...prices), Math.min(...prices), prices.at(-1)]).toEqual([bar.open, bar.high, bar.low, bar.close]);
      }
    } finally {
      await server.stop();
    }
  });
});

describe('sim WebSocket: faults and the close', () => {
  it('stalls the feed while the socket stays open, then resumes', async () => {
    const a = await (await open()).authed();
    await a.request({ action: 'subscribe', symbols: [{ symbol: 'NIFTY', exchange: 'NSE_INDEX' }], mode: 1 }, (f) => f.type === 'subscribe');
    await a.waitFor((f) => f.type === 'market_data', 'tick');
    sim.ws.faults.stallFeed(true);
    await new Promise((r) => setTimeout(r, 120));
    const count = a.marketData().length;
    await new Promise((r) => setTimeout(r, 300));
    expect(a.marketData().length).toBe(count);
    await a.request({ action: 'ping', _pingId: 'alive' }, (f) => f._pingId === 'alive');
    sim.ws.faults.stallFeed(false);
    await a.until(() => a.marketData().length > count, 'ticks after the stall');
  });

  it('sends a malformed frame and drops every connection on request', async () => {
    const a = await (await open()).authed();
    sim.ws.faults.sendMalformed();
    await a.until(() => a.raw.some((r) => r.includes('this is not json')), 'malformed frame');
    expect(() => JSON.parse(a.raw.find((r) => r.includes('this is not json')) as string)).toThrow();
    sim.ws.faults.dropAll();
    await a.until(() => a.closed !== null, 'drop');
    expect(a.closed?.code).toBe(1006);
  });

  it('stops ticking at 15:30 sim time', async () => {
    const clock = new ScaledClock({ simStart: istInstant(DATE, '15:29:55'), speed: 60 });
    const server = await startSimWsServer({ model: sim.model, clock, batchMs: 50 });
    try {
      const a = await WsProbe.open(server.url);
      probes.push(a);
      await a.authed('any-key');
      await a.request({ action: 'subscribe', symbols: [{ symbol: 'SBIN', exchange: 'NSE' }, { symbol: 'NIFTY', exchange: 'NSE_INDEX' }] }, (f) => f.type === 'subscribe');
      await a.until(() => clock.now() > istInstant(DATE, '15:30:30'), 'past the close');
      await new Promise((r) => setTimeout(r, 100));
      const stamps = a.marketData().map((f) => (f.data as { timestamp: number }).timestamp);
      expect(stamps.length).toBeGreaterThan(0);
      expect(Math.max(...stamps)).toBeLessThan(istInstant(DATE, '15:30'));
    } finally {
      await server.stop();
    }
  });
});
