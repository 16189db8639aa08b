// Review finding 8: an order filled in several pieces at different prices got an average rounded to
// 2 decimals, and P&L was computed from prices rounded to the paisa, so a trade's P&L could be off by
// paise (×qty) from the real cash flow. The average now keeps the exact fill value and P&L is computed
// from the values, rounded once.
import { describe, expect, it } from 'vitest';
import { at, harness } from './fixtures.js';
import { fillsByOrder } from '../../source/adapters/openalgo/order-mapping.js';
import { pnlPaise as tradePnlPaise } from '../../source/domain/money.js';
import type { Order } from '../../source/domain/trading.js';

// Three pieces: 1 @ 100.05, 1 @ 100.10, 1 @ 100.10 → value ₹300.25, average 100.0833…
const PIECES = [{ orderid: 'X1', quantity: 1, average_price: 100.05 }, { orderid: 'X1', quantity: 1, average_price: 100.1 }, { orderid: 'X1', quantity: 1, average_price: 100.1 }];

describe('fills in several pieces', () => {
  it('the trade book average keeps the exact value (no 2-decimal rounding)', () => {
    const f = fillsByOrder(PIECES).get('X1');
    expect(f?.qty).toBe(3);
    expect((f?.avgPrice ?? 0) * 3 * 100).toBeCloseTo(30025, 6);
  });

  it('P&L is the difference of fill values, in whole paise', () => {
    const entry = 30025 / 3 / 100;
    expect(tradePnlPaise('LONG', entry, 101, 3)).toBe(30300 - 30025);
    expect(tradePnlPaise('SHORT', entry, 101, 3)).toBe(30025 - 30300);
    expect(tradePnlPaise('LONG', 100.05, 102.45, 3000)).toBe(240 * 3000); // on-tick prices: unchanged
  });

  it('the engine books a multi-piece entry at its exact value', async () => {
    const h = harness();
    h.broker.place = async (req) => ({ clientId: req.clientId, status: 'UNKNOWN', message: 'timeout' });
    await h.engine.start();
    h.strategy('11').fire.add('AAA');
    await h.clock.advanceTo(at('09:25:00'));
    h.market.closeBar('AAA', '5m', 100, 2);
    await h.clock.advance(1000);
    const entry = h.engine.snapshot().orders[0] as Order;
    const avg = fillsByOrder(PIECES).get('X1')?.avgPrice as number;
    h.engine.applyBrokerBooks({ orders: [{ brokerOrderId: 'X1', clientId: entry.clientId, symbol: 'AAA', action: 'BUY', qty: entry.qty, status: 'CANCELLED', filledQty: 3, avgPrice: avg }], positions: [], readAt: h.clock.now() });
    h.engine.applyBrokerBooks({ orders: [], positions: [], readAt: h.clock.now() + 1 }); // broker flat: closed at the last price
    const st = h.engine.snapshot();
    expect(st.trades.map((t) => t.qty)).toEqual([3]);
    const t = st.trades[0];
    expect(t?.pnlPaise).toBe(tradePnlPaise('LONG', avg, t?.exitPrice as number, 3));
    expect(t?.pnlPaise).toBe(Math.round((t?.exitPrice as number) * 300) - 30025);
  });
});
