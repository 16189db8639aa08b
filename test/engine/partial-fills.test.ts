// Review finding 1 (engine side): a broker order that filled in part and was then cancelled or rejected
// must count as a fill of that part. Reconciliation turned such a row into a plain CANCELLED/REJECTED:
// an entry's position was dropped (counters freed) while the broker held shares, and an exit's position
// went back to OPEN at full size, so the next exit oversold.
import { describe, expect, it } from 'vitest';
import { at, harness } from './fixtures.js';
import { reconcileOrders } from '../../source/engine/reconcile.js';
import type { BrokerOrderRow } from '../../source/ports/broker.js';
import type { Order } from '../../source/domain/trading.js';

async function openLong(h: ReturnType<typeof harness>) {
  h.strategy('11').fire.add('AAA');
  await h.clock.advanceTo(at('09:25:00'));
  h.market.closeBar('AAA', '5m', 100, 2);
  await h.clock.advance(1000);
}

const row = (o: Order, status: BrokerOrderRow['status'], filledQty: number, avgPrice?: number): BrokerOrderRow => ({
  brokerOrderId: `B-${o.clientId}`, clientId: o.clientId, symbol: o.symbol, action: o.action, qty: o.qty, status, filledQty, ...(avgPrice !== undefined ? { avgPrice } : {}),
});

describe('partial fills that end cancelled or rejected', () => {
  it('reconcileOrders: the filled part is a FILL; without a price it is left unresolved', () => {
    const base: Order = { clientId: 'A1', symbol: 'AAA', action: 'BUY', qty: 100, purpose: 'ENTRY', strategy: '11', positionId: 'A1', status: 'UNKNOWN', filledQty: 0, createdAt: 0, updatedAt: 0 };
    const b: Order = { ...base, clientId: 'A2', symbol: 'BBB', positionId: 'A2' };
    const r = reconcileOrders({ orders: [base, b], inFlightAtRestart: new Map(), brokerOrders: [row(base, 'CANCELLED', 40, 100.05), row(b, 'REJECTED', 10)], readAt: 10 });
    expect(r.corrections).toEqual([{ kind: 'FILL', clientId: 'A1', brokerOrderId: 'B-A1', filledQty: 40, avgPrice: 100.05, before: 'UNKNOWN' }]);
    expect(r.unresolved.map((u) => u.clientId)).toEqual(['A2']);
  });

  it('an entry cancelled after a partial fill opens the filled quantity (counters kept)', async () => {
    const h = harness();
    h.broker.place = async (req) => ({ clientId: req.clientId, status: 'UNKNOWN', message: 'timeout' });
    await h.engine.start();
    await openLong(h);
    const entry = h.engine.snapshot().orders[0] as Order;
    h.engine.applyBrokerBooks({ orders: [row(entry, 'CANCELLED', 40, 100.05)], positions: [{ symbol: 'AAA', qty: 40, avgPrice: 100.05 }], readAt: h.clock.now() });
    const st = h.engine.snapshot();
    expect(st.positions.map((p) => `${p.status} ${p.qty} @ ${p.entryPrice}`)).toEqual(['OPEN 40 @ 100.05']);
    expect(st.orders[0]).toMatchObject({ status: 'FILLED', filledQty: 40 });
    expect(st.counters.tradesToday).toBe(1);
  });

  it('an exit cancelled after a partial fill books that part and keeps the rest open, never overselling', async () => {
    const h = harness();
    await h.engine.start();
    await openLong(h); // 3000 @ 100
    const place = h.broker.place.bind(h.broker);
    h.broker.place = async (req) => ({ clientId: req.clientId, status: 'UNKNOWN', message: 'timeout' });
    h.market.setPrice('AAA', 96);
    await h.clock.advance(2000);
    const exit = h.engine.snapshot().orders.find((o) => o.purpose === 'EXIT') as Order;
    h.engine.applyBrokerBooks({ orders: [row(exit, 'CANCELLED', 1000, 96)], positions: [{ symbol: 'AAA', qty: 2000, avgPrice: 100 }], readAt: h.clock.now() });
    let st = h.engine.snapshot();
    expect(st.trades.map((t) => `${t.qty} @ ${t.exitPrice} ${t.pnlPaise}`)).toEqual([`1000 @ 96 ${-400 * 1000}`]);
    expect(st.positions.map((p) => `${p.status} ${p.qty}`)).toEqual(['OPEN 2000']);
    h.broker.place = place;
    await h.clock.advance(2000); // the monitor exits the rest: 2000, not 3000
    st = h.engine.snapshot();
    expect(st.orders.filter((o) => o.purpose === 'EXIT').map((o) => `${o.qty} ${o.status}`)).toEqual(['3000 FILLED', '2000 FILLED']);
    expect(st.positions).toEqual([]);
    expect(st.trades.reduce((s, t) => s + t.qty, 0)).toBe(3000);
  });
});
