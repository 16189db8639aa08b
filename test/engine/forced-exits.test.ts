// Review finding 4: a close the user or a halt asked for was tried once. A rejected exit during HALT,
// FLATTEN_ALL or SHUTDOWN left the position OPEN and the monitor only exits on a stop hit or at 15:20,
// so it stayed open; and flatten-all skipped an entry still in flight (PENDING), which then filled and
// stayed open. Now the request stays: rejected exits are retried by the monitor, and an entry that
// fills after the request is closed at once.
import { describe, expect, it } from 'vitest';
import { at, harness } from './fixtures.js';
import type { Order } from '../../source/domain/trading.js';

async function openLong(h: ReturnType<typeof harness>, symbol = 'AAA') {
  h.strategy('11').fire.add(symbol);
  await h.clock.advanceTo(at('09:25:00'));
  h.market.closeBar(symbol, '5m', 100, 2);
  await h.clock.advance(1000);
}

describe('closes that were asked for', () => {
  it('a HALT exit rejected once is retried by the monitor while HALTED', async () => {
    let rejectSells = 1;
    const h = harness({ reject: (r) => (r.action === 'SELL' && rejectSells-- > 0 ? 'RMS: temporary' : null) });
    await h.engine.start();
    await openLong(h);
    const r = await h.engine.halt();
    expect(r.ok && r.closed?.[0]?.outcome).toBe('REJECTED');
    await h.clock.advance(2000);
    const st = h.engine.snapshot();
    expect(st.engineState).toBe('HALTED');
    expect(st.positions).toEqual([]);
    expect(st.trades.map((t) => t.exitReason)).toEqual(['HALT']);
  });

  it('a FLATTEN_ALL exit rejected once is retried; a position nobody asked to close is not', async () => {
    let rejectSells = 1;
    const h = harness({ reject: (r) => (r.action === 'SELL' && r.symbol === 'AAA' && rejectSells-- > 0 ? 'RMS: temporary' : null) });
    await h.engine.start();
    await openLong(h);
    await h.engine.flattenAll();
    await h.clock.advance(2000);
    expect(h.engine.snapshot().trades.map((t) => `${t.symbol} ${t.exitReason}`)).toEqual(['AAA FLATTEN_ALL']);
    // A later position is managed normally again (the request was for the positions held then).
    h.strategy('10').fire.add('BBB');
    await h.clock.advanceTo(at('09:30:00'));
    h.market.closeBar('BBB', '5m', 100, 2);
    await h.clock.advance(4000);
    expect(h.engine.snapshot().positions.map((p) => `${p.symbol} ${p.status}`)).toEqual(['BBB OPEN']);
  });

  it('flatten-all closes an entry that was still in flight as soon as it fills', async () => {
    const h = harness();
    const place = h.broker.place.bind(h.broker);
    h.broker.place = async (req) => ({ clientId: req.clientId, status: 'UNKNOWN', message: 'timeout' });
    await h.engine.start();
    await openLong(h);
    const r = await h.engine.flattenAll();
    expect(r.ok && r.closed?.[0]?.outcome).toBe('PENDING');
    h.broker.place = place;
    const entry = h.engine.snapshot().orders[0] as Order;
    h.engine.applyBrokerBooks({ orders: [{ brokerOrderId: 'X1', clientId: entry.clientId, symbol: 'AAA', action: 'BUY', qty: entry.qty, status: 'FILLED', filledQty: entry.qty, avgPrice: 100 }], positions: [], readAt: h.clock.now() });
    await h.clock.advance(10);
    const st = h.engine.snapshot();
    expect(st.positions).toEqual([]);
    expect(st.trades.map((t) => t.exitReason)).toEqual(['FLATTEN_ALL']);
  });
});
