// Review finding 2 (adapter side): OpenAlgo's semi-auto (Action Center) mode answers placeorder with 200,
// `mode: "semi_auto"` and no order id. The order may still be placed when a person approves it, so the
// ack is UNKNOWN and marked queued (never to be declared not placed), and the broker reports BLOCKED
// with a message telling the user to switch OpenAlgo to auto mode.
import { afterEach, describe, expect, it } from 'vitest';
import { SEMI_AUTO_TEXT } from '../../../source/adapters/openalgo/broker.js';
import type { OrderRequest } from '../../../source/ports/broker.js';
import { scriptedBroker, untilSettled, type ScriptedBroker } from './scripted-openalgo.js';

const REQ: OrderRequest = { clientId: 'AT-20250827-0001', symbol: 'SBIN', exchange: 'NSE', action: 'SELL', qty: 10, pricetype: 'MARKET', product: 'MIS', refPrice: 800 };
let b: ScriptedBroker | null = null;
afterEach(async () => {
  await b?.stop();
  b = null;
});

describe('OpenAlgoBroker in semi-auto mode', () => {
  it('a queued order is UNKNOWN + queued and the broker becomes BLOCKED, also after a session re-check', async () => {
    b = await scriptedBroker({
      placeorder: () => ({ body: { status: 'success', message: 'Order queued for approval in Action Center', mode: 'semi_auto', pending_order_id: 123 } }),
    });
    await untilSettled(b, b.broker.start());
    expect(b.broker.status().status).toBe('LIVE');
    const ack = await untilSettled(b, b.broker.place(REQ));
    expect(ack).toMatchObject({ clientId: REQ.clientId, status: 'UNKNOWN', queued: true, message: expect.stringContaining('Action Center') });
    expect(b.broker.status()).toEqual({ name: 'openalgo', status: 'BLOCKED', message: SEMI_AUTO_TEXT });
    expect(SEMI_AUTO_TEXT).toMatch(/auto mode/);
    await untilSettled(b, b.broker.checkSession());
    expect(b.broker.status().status).toBe('BLOCKED');
    expect(b.server.calls.filter((c) => c.endpoint === 'placeorder')).toHaveLength(1);
  });

  it('a 200 without an order id that is not a queue reply stays a plain UNKNOWN', async () => {
    b = await scriptedBroker({ placeorder: () => ({ body: { status: 'success', message: 'odd reply' } }) });
    await untilSettled(b, b.broker.start());
    const ack = await untilSettled(b, b.broker.place(REQ));
    expect(ack.status).toBe('UNKNOWN');
    expect(ack.queued).toBeUndefined();
    expect(b.broker.status().status).toBe('LIVE');
  });
});
