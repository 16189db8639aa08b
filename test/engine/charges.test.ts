// Charges on the engine's trades (manual clock, PaperBroker): attached at every close from config
// `charges`, summed in the day counters, shown in the view, counted by the daily loss limit, and paid once
// per executed order when a position leaves in pieces.
import { describe, expect, it } from 'vitest';
import { ZERO_CHARGE_RATES } from '../../source/domain/charges.js';
import type { Order } from '../../source/domain/trading.js';
import type { BrokerOrderRow } from '../../source/ports/broker.js';
import { MemoryStore } from '../helpers/memory-store.js';
import { at, harness, testConfig } from './fixtures.js';

/** LONG AAA: 3,000 shares at ₹100 (₹2,00,000 × 30 % × 5 leverage), stop ₹97 (ATR 2 × 1.5). */
async function openLong(h: ReturnType<typeof harness>): Promise<void> {
  h.strategy('11').fire.add('AAA');
  await h.clock.advanceTo(at('09:25:00'));
  h.market.closeBar('AAA', '5m', 100, 2);
  await h.clock.advance(1000);
}

// LONG 3,000 @ ₹100 → ₹96 at the default rates, by hand:
//   buy ₹3,00,000, sell ₹2,88,000, turnover ₹5,88,000
//   brokerage ₹20 + ₹20 (0.03 % would be ₹90 and ₹86.40) = 4,000 p; STT 0.025 % × 2,88,000 = ₹72 = 7,200 p
//   exchange 0.00297 % × 5,88,000 = ₹17.4636 → 1,746 p; SEBI ₹10/crore = ₹0.588 → 59 p
//   stamp 0.003 % × 3,00,000 = ₹9 = 900 p; GST 18 % × (4,000 + 1,746 + 59) = 1,044.9 → 1,045 p
//   total 14,950 p = ₹149.50; gross −₹12,000
const STOP_OUT_CHARGES = 14_950;

describe('engine charges', () => {
  it('a trailing-stop exit carries its charges; counters, view and trade event agree', async () => {
    const h = harness();
    await h.engine.start();
    await openLong(h);
    h.market.setPrice('AAA', 96);
    await h.clock.advance(2000);
    const st = h.engine.snapshot();
    expect(st.trades).toHaveLength(1);
    expect(st.trades[0]).toMatchObject({ exitReason: 'TRAIL_STOP', qty: 3000, entryPrice: 100, exitPrice: 96, pnlPaise: -1_200_000, chargesPaise: STOP_OUT_CHARGES });
    expect(st.counters).toMatchObject({ realizedPaise: -1_200_000, chargesPaise: STOP_OUT_CHARGES });
    expect(h.publisher.last?.constraints).toMatchObject({ realizedPaise: -1_200_000, chargesPaise: STOP_OUT_CHARGES });
    expect(h.publisher.of('trade').map((e) => e.trade.chargesPaise)).toEqual([STOP_OUT_CHARGES]);
    // Persisted too: a restart resumes the day's charges.
    expect((await h.store.load())?.counters.chargesPaise).toBe(STOP_OUT_CHARGES);
  });

  it('zero rates give gross = net', async () => {
    const h = harness({ config: testConfig({ charges: ZERO_CHARGE_RATES }) });
    await h.engine.start();
    await openLong(h);
    h.market.setPrice('AAA', 96);
    await h.clock.advance(2000);
    expect(h.engine.snapshot().trades.map((t) => [t.pnlPaise, t.chargesPaise])).toEqual([[-1_200_000, 0]]);
  });

  it('the daily loss limit counts charges: a gross loss under the limit halts once charges push it over', async () => {
    // Limit 6.05 % of ₹2,00,000 = ₹12,100. Gross loss ₹12,000 (under); net ₹12,149.50 (over).
    const risk = { dailyLossLimitPct: 6.05 };
    const withCharges = harness({ config: testConfig({ risk }) });
    const without = harness({ config: testConfig({ risk, charges: ZERO_CHARGE_RATES }) });
    for (const h of [withCharges, without]) {
      await h.engine.start();
      await openLong(h);
      h.market.setPrice('AAA', 96);
      await h.clock.advance(2000);
    }
    expect(withCharges.engine.snapshot().engineState).toBe('HALTED');
    expect(withCharges.engine.snapshot().stateReason).toContain('day P&L -₹12,149.50');
    expect(without.engine.snapshot().engineState).toBe('ACTIVE');
  });

  it('a position closed in two pieces pays its entry brokerage once', async () => {
    const h = harness();
    await h.engine.start();
    await openLong(h);
    const place = h.broker.place.bind(h.broker);
    h.broker.place = async (req) => ({ clientId: req.clientId, status: 'UNKNOWN', message: 'timeout' });
    h.market.setPrice('AAA', 96);
    await h.clock.advance(2000);
    const exit = h.engine.snapshot().orders.find((o) => o.purpose === 'EXIT') as Order;
    const row: BrokerOrderRow = { brokerOrderId: 'B1', clientId: exit.clientId, symbol: 'AAA', action: 'SELL', qty: exit.qty, status: 'CANCELLED', filledQty: 1000, avgPrice: 96 };
    h.engine.applyBrokerBooks({ orders: [row], positions: [{ symbol: 'AAA', qty: 2000, avgPrice: 100 }], readAt: h.clock.now() });
    h.broker.place = place;
    await h.clock.advance(2000);
    const st = h.engine.snapshot();
    // Piece 1, 1,000 @ ₹96: brokerage entry order (₹3,00,000) ₹20 + exit (₹96,000: 0.03 % = ₹28.80) ₹20 = 4,000 p;
    //   STT ₹24 = 2,400 p; exchange 0.00297 % × 1,96,000 = 582.12 → 582 p; SEBI 19.6 → 20 p; stamp ₹3 = 300 p;
    //   GST 18 % × 4,602 = 828.36 → 828 p; total 8,130 p.
    // Piece 2, 2,000 @ ₹96: brokerage exit only (₹1,92,000) ₹20 = 2,000 p; STT ₹48 = 4,800 p;
    //   exchange 0.00297 % × 3,92,000 = 1,164.24 → 1,164 p; SEBI 39.2 → 39 p; stamp ₹6 = 600 p;
    //   GST 18 % × 3,203 = 576.54 → 577 p; total 9,180 p.
    expect(st.trades.map((t) => [t.qty, t.id.includes('/'), t.chargesPaise])).toEqual([[1000, true, 8130], [2000, false, 9180]]);
    expect(st.counters.chargesPaise).toBe(8130 + 9180);
    expect(st.counters.realizedPaise).toBe(-1_200_000);
  });

  it('a reconciled close (closed by hand at the broker) books charges too', async () => {
    const h = harness();
    await h.engine.start();
    await openLong(h);
    await h.clock.advance(1000);
    const byHand: BrokerOrderRow = { brokerOrderId: 'M1', symbol: 'AAA', action: 'SELL', qty: 3000, status: 'FILLED', filledQty: 3000, avgPrice: 98 };
    h.engine.applyBrokerBooks({ orders: [byHand], positions: [], readAt: h.clock.now() });
    const st = h.engine.snapshot();
    // 3,000 @ ₹100 → ₹98: buy ₹3,00,000, sell ₹2,94,000, turnover ₹5,94,000. Brokerage 4,000; STT ₹73.50 = 7,350;
    // exchange ₹17.6418 → 1,764; SEBI ₹0.594 → 59; stamp ₹9 = 900; GST 18 % × 5,823 = 1,048.14 → 1,048. Total 15,121 p.
    expect(st.trades.map((t) => [t.exitReason, t.pnlPaise, t.chargesPaise])).toEqual([['RECONCILED', -600_000, 15_121]]);
    expect(st.counters).toMatchObject({ realizedPaise: -600_000, chargesPaise: 15_121 });
    expect(h.publisher.of('trade').map((e) => e.trade.chargesPaise)).toEqual([15_121]);
  });

  it('a state without a charges counter (a store that does not fill defaults) resumes from 0, never NaN', async () => {
    const store = new MemoryStore();
    const first = harness({ store });
    await first.engine.start();
    await openLong(first);
    await first.engine.stop({ flatten: false });
    const saved = (await store.load())!;
    // As an older build wrote it.
    delete (saved.counters as { chargesPaise?: number }).chargesPaise;
    await store.save(saved);
    const h = harness({ store, clock: first.clock, market: first.market });
    await h.engine.start();
    first.market.setPrice('AAA', 96);
    await h.clock.advance(2000);
    expect(h.engine.snapshot().counters.chargesPaise).toBe(STOP_OUT_CHARGES);
  });
});
