// Review finding 1 (adapter side): an order that filled partly and then was cancelled or rejected was
// reported as CANCELLED/REJECTED with filledQty 0, so the engine dropped a position the broker held
// (or, for an exit, kept the full quantity open and oversold later). The filled part is now reported
// as a FILL of that quantity at its average price (from orderstatus, else from the trade book).
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../../source/ports/broker.js';
import { scriptedBroker, untilSettled, type ScriptedBroker } from './scripted-openalgo.js';

const REQ: OrderRequest = { clientId: 'AT-20250827-0001', symbol: 'SBIN', exchange: 'NSE', action: 'BUY', qty: 100, pricetype: 'MARKET', product: 'MIS', refPrice: 800 };
let b: ScriptedBroker | null = null;
afterEach(async () => {
  await b?.stop();
  b = null;
});

describe('OpenAlgoBroker: a partial fill that ends cancelled or rejected', () => {
  it('cancelled after 40 of 100: a FILL of 40 at orderstatus average_price', async () => {
    b = await scriptedBroker({
      placeorder: () => ({ body: { status: 'success', orderid: '250827000001' } }),
      orderstatus: () => ({ body: { status: 'success', data: { orderid: '250827000001', order_status: 'cancelled', quantity: 100, filled_quantity: 40, average_price: 800.05 } } }),
    });
    await untilSettled(b, b.broker.start());
    const ack = await untilSettled(b, b.broker.place(REQ));
    expect(ack.status).toBe('ACCEPTED');
    await b.pump(1500);
    expect(b.updates).toEqual([expect.objectContaining({ clientId: REQ.clientId, status: 'FILLED', filledQty: 40, avgPrice: 800.05, message: expect.stringContaining('40 of 100') })]);
  });

  it('rejected after 30 of 100 without an average: the trade book gives the price', async () => {
    b = await scriptedBroker({
      placeorder: () => ({ body: { status: 'success', orderid: '7' } }),
      orderstatus: () => ({ body: { status: 'success', data: { orderid: '7', order_status: 'rejected', quantity: 100, filled_quantity: 30, average_price: 0, rejection_reason: 'RMS: margin' } } }),
      tradebook: () => ({ body: { status: 'success', data: [{ orderid: '7', quantity: 10, average_price: 800 }, { orderid: '7', quantity: 20, average_price: 800.15 }] } }),
    });
    await untilSettled(b, b.broker.start());
    await untilSettled(b, b.broker.place(REQ));
    await b.pump(1500);
    expect(b.updates).toEqual([expect.objectContaining({ status: 'FILLED', filledQty: 30, message: expect.stringContaining('RMS: margin') })]);
    expect(b.updates[0]?.avgPrice).toBeCloseTo(800.1, 9);
  });

  it('cancelled with nothing filled stays CANCELLED', async () => {
    b = await scriptedBroker({
      placeorder: () => ({ body: { status: 'success', orderid: '8' } }),
      orderstatus: () => ({ body: { status: 'success', data: { orderid: '8', order_status: 'cancelled', quantity: 100, filled_quantity: 0, average_price: 0 } } }),
    });
    await untilSettled(b, b.broker.start());
    await untilSettled(b, b.broker.place(REQ));
    await b.pump(1500);
    expect(b.updates).toEqual([expect.objectContaining({ status: 'CANCELLED', filledQty: 0 })]);
  });
});
