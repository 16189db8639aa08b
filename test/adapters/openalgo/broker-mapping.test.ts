// Pure parts of the OpenAlgo broker: row parsing (loose types, broker status extras), strategy tags,
// finding an order placed under an ambiguous reply, and the clock-driven moving-window rate limiter.
import { describe, expect, it } from 'vitest';
import { clientIdFromTag, findPlaced, mapStatus, parseOrderBook, parsePositions, strategyTag } from '../../../source/adapters/openalgo/order-mapping.js';
import { RateLimiter } from '../../../source/adapters/openalgo/rate-limit.js';
import { ManualClock } from '../../../source/engine/manual-clock.js';
import { silentLogger as silent } from '../../../source/ports/logger.js';

const row = (over: Record<string, unknown>): Record<string, unknown> =>
  ({ orderid: '1', symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: '10', order_status: 'complete', ...over });

describe('order mapping', () => {
  it('tags carry the client id and only tags with our prefix give one back', () => {
    expect(strategyTag('algo-tui', 'AT-20261121-0007')).toBe('algo-tui:AT-20261121-0007');
    expect(clientIdFromTag('algo-tui:AT-20261121-0007', 'algo-tui')).toBe('AT-20261121-0007');
    expect(clientIdFromTag('Squareoff', 'algo-tui')).toBeUndefined();
    expect(clientIdFromTag('algo-tui:', 'algo-tui')).toBeUndefined();
    expect(clientIdFromTag(undefined, 'algo-tui')).toBeUndefined();
  });

  it('maps statuses, including broker extras and both spellings', () => {
    expect(['complete', 'rejected', 'cancelled', 'canceled', 'expired', 'open', 'trigger pending', 'pending', 'weird'].map(mapStatus))
      .toEqual(['FILLED', 'REJECTED', 'CANCELLED', 'CANCELLED', 'CANCELLED', 'OPEN', 'OPEN', 'OPEN', 'OPEN']);
  });

  it('parses string numbers, averages fills from the tradebook and skips rows it cannot use', () => {
    const book = parseOrderBook(
      { orders: [row({ strategy: 'algo-tui:AT-1' }), row({ orderid: '2', action: 'HOLD' }), row({ orderid: '3', order_status: 'rejected', rejection_reason: 'RMS', strategy: 'x' })] },
      [{ orderid: '1', quantity: '4', average_price: '100.10' }, { orderid: '1', quantity: 6, average_price: 100.2 }],
      'algo-tui',
    );
    expect(book.skipped).toEqual([expect.stringContaining('orderbook row 1')]);
    expect(book.orders[0]).toMatchObject({ brokerOrderId: '1', clientId: 'AT-1', qty: 10, status: 'FILLED', filledQty: 10, avgPrice: 100.16 });
    expect(book.orders[1]).toMatchObject({ brokerOrderId: '3', status: 'REJECTED', filledQty: 0, rejectionReason: 'RMS' });
    expect(book.orders[1]!.clientId).toBeUndefined();
    expect(parsePositions([{ symbol: 'SBIN', quantity: '-5', average_price: '812.4' }, { quantity: 1 }])).toEqual({
      positions: [{ symbol: 'SBIN', qty: -5, avgPrice: 812.4 }], skipped: [expect.stringContaining('positionbook row 1')],
    });
  });

  it('finds a placed order by tag, by a cut tag when unambiguous, or by shape when the broker drops tags', () => {
    const want = { tag: 'algo-tui:AT-20261121-0007', symbol: 'SBIN', action: 'BUY' as const, qty: 10 };
    const tagged = parseOrderBook({ orders: [row({ strategy: 'algo-tui:AT-20261121-0006' }), row({ orderid: '2', strategy: want.tag })] }, [], 'algo-tui');
    expect(findPlaced(tagged, want, new Set())).toMatchObject({ kind: 'found', order: { brokerOrderId: '2' } });
    const cut = parseOrderBook({ orders: [row({ strategy: 'algo-tui:AT-20261121' })] }, [], 'algo-tui');
    expect(findPlaced(cut, want, new Set())).toMatchObject({ kind: 'found' });
    const cut2 = parseOrderBook({ orders: [row({ strategy: 'algo-tui:AT-20261121' }), row({ orderid: '2', strategy: 'algo-tui:AT-20261121' })] }, [], 'algo-tui');
    expect(findPlaced(cut2, want, new Set())).toEqual({ kind: 'ambiguous', count: 2 });
    const untagged = parseOrderBook({ orders: [row({}), row({ orderid: '2' }), row({ orderid: '3', qty: 5, quantity: 5 })] }, [], 'algo-tui');
    expect(findPlaced(untagged, want, new Set(['1']))).toMatchObject({ kind: 'found', order: { brokerOrderId: '2' } });
    expect(findPlaced(untagged, want, new Set())).toEqual({ kind: 'ambiguous', count: 2 });
    expect(findPlaced(untagged, { ...want, action: 'SELL' }, new Set())).toEqual({ kind: 'none' });
  });
});

describe('RateLimiter', () => {
  it('grants at most `limit` per window of clock time, first come first served', async () => {
    const clock = new ManualClock(0);
    const rl = new RateLimiter(clock, 3, 1000);
    const order: number[] = [];
    const all = Array.from({ length: 7 }, (_, i) => rl.acquire().then(() => order.push(i)));
    await Promise.resolve();
    expect(order).toEqual([0, 1, 2]);
    expect(rl.waiting()).toBe(4);
    await clock.advance(999);
    expect(order).toHaveLength(3);
    await clock.advance(1);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    await clock.advance(1000);
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(rl.total()).toBe(7);
  });

  it('close() rejects waiters and later calls; bad limits are refused', async () => {
    const rl = new RateLimiter(new ManualClock(0), 1);
    await rl.acquire();
    const waiting = rl.acquire();
    rl.close();
    await expect(waiting).rejects.toThrow('closed');
    await expect(rl.acquire()).rejects.toThrow('closed');
    expect(() => new RateLimiter(new ManualClock(0), 0)).toThrow('positive integer');
  });
});

describe('live guard', () => {
  const base = { host: 'http://127.0.0.1:5000', wsUrl: 'ws://127.0.0.1:8765', apiKey: 'k', strategyTag: 'algo-tui' };
  it('allows live orders only in mode live with host and key', async () => {
    const { createOpenAlgoBroker, liveGuardProblem, LiveGuardError } = await import('../../../source/adapters/openalgo/broker-live.js');
    expect(liveGuardProblem({ mode: 'live', openalgo: base })).toBeNull();
    expect(liveGuardProblem({ mode: 'paper', openalgo: base })).toContain('mode "live"');
    expect(liveGuardProblem({ mode: 'live', openalgo: { ...base, apiKey: '' } })).toContain('OPENALGO_API_KEY');
    expect(() => createOpenAlgoBroker({ mode: 'dry-run', openalgo: base }, { clock: new ManualClock(0), logger: silent })).toThrow(LiveGuardError);
    const b = createOpenAlgoBroker({ mode: 'live', openalgo: base }, { clock: new ManualClock(0), logger: silent });
    expect(b.status().status).toBe('DOWN'); // not started yet
    await b.close();
  });
});
