import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_CHARGE_RATES,
  ZERO_CHARGE_RATES,
  netPnlPaise,
  orderBrokeragePaise,
  pctToPpb,
  roundTripCharges,
  valuePaise,
} from '../../source/domain/charges.js';

const R = DEFAULT_CHARGE_RATES;

describe('roundTripCharges at the default rates', () => {
  it('a ₹1,00,000 buy and a ₹1,01,000 sell (LONG 100 @ ₹1,000 → ₹1,010), every component by hand', () => {
    // brokerage: 0.03 % × ₹1,00,000 = ₹30 > ₹20 → ₹20; exit 0.03 % × ₹1,01,000 = ₹30.30 → ₹20; 2 × ₹20 = 4,000 p
    // STT: 0.025 % × ₹1,01,000 (sell side) = ₹25.25 = 2,525 p
    // exchange: 0.00297 % × ₹2,01,000 turnover = ₹5.9697 = 596.97 p → 597 p
    // SEBI: ₹10 per crore × ₹2,01,000 / ₹1,00,00,000 = ₹0.201 = 20.1 p → 20 p
    // stamp: 0.003 % × ₹1,00,000 (buy side) = ₹3 = 300 p
    // GST: 18 % × (4,000 + 597 + 20) = 18 % × 4,617 = 831.06 p → 831 p
    // total: 4,000 + 2,525 + 597 + 20 + 300 + 831 = 8,273 p = ₹82.73
    const c = roundTripCharges(R, { side: 'LONG', entryPrice: 1000, exitPrice: 1010, qty: 100 });
    expect(c).toEqual({ brokeragePaise: 4000, sttPaise: 2525, exchangePaise: 597, sebiPaise: 20, stampPaise: 300, gstPaise: 831, totalPaise: 8273 });
    expect(netPnlPaise({ pnlPaise: 100_000, chargesPaise: c.totalPaise })).toBe(91_727);
  });

  it('a SHORT pays STT on its entry (the sell) and stamp duty on its exit (the buy)', () => {
    // SHORT 100: sell ₹1,01,000 first, buy back ₹1,00,000: the same buy and sell values as above, same charges.
    const c = roundTripCharges(R, { side: 'SHORT', entryPrice: 1010, exitPrice: 1000, qty: 100 });
    expect(c).toEqual({ brokeragePaise: 4000, sttPaise: 2525, exchangePaise: 597, sebiPaise: 20, stampPaise: 300, gstPaise: 831, totalPaise: 8273 });
    // A losing SHORT (sell ₹1,00,000, buy back ₹1,01,000): STT on ₹1,00,000 = ₹25 = 2,500 p; stamp on ₹1,01,000 = ₹3.03 = 303 p.
    const loss = roundTripCharges(R, { side: 'SHORT', entryPrice: 1000, exitPrice: 1010, qty: 100 });
    expect(loss).toMatchObject({ sttPaise: 2500, stampPaise: 303, exchangePaise: 597, sebiPaise: 20, gstPaise: 831 });
    expect(loss.totalPaise).toBe(4000 + 2500 + 597 + 20 + 303 + 831);
  });

  it('small orders pay 0.03 % brokerage instead of ₹20, and halves round up', () => {
    // LONG 1 @ ₹20 → ₹20: each order ₹20: brokerage 0.03 % = 0.6 p → 1 p (×2); STT 0.025 % × 2,000 p = 0.5 p → 1 p (half-up);
    // exchange 0.00297 % × 4,000 p = 0.1188 → 0; SEBI 0.004 → 0; stamp 0.06 → 0; GST 18 % × 2 = 0.36 → 0. Total 3 p.
    expect(roundTripCharges(R, { side: 'LONG', entryPrice: 20, exitPrice: 20, qty: 1 })).toEqual({
      brokeragePaise: 2, sttPaise: 1, exchangePaise: 0, sebiPaise: 0, stampPaise: 0, gstPaise: 0, totalPaise: 3,
    });
    // ₹50,000 order: 0.03 % = ₹15 < ₹20 → 1,500 p; ₹66,666.65: 0.03 % = ₹19.999995 → 2,000 p (rounded, then capped).
    expect(orderBrokeragePaise(R, 5_000_000)).toBe(1500);
    expect(orderBrokeragePaise(R, 6_666_665)).toBe(2000);
    expect(orderBrokeragePaise(R, 0)).toBe(0);
  });

  it('is exact for large values (no floating error at ₹100 crore turnover)', () => {
    // ₹25,000 × 20,000 = ₹50 crore each side. STT 0.025 % of ₹50 crore = ₹1,25,000 exactly.
    const c = roundTripCharges(R, { side: 'LONG', entryPrice: 25_000, exitPrice: 25_000, qty: 20_000 });
    expect(c.sttPaise).toBe(12_500_000);
    expect(c.stampPaise).toBe(1_500_000); // 0.003 % of ₹50 crore = ₹15,000
    expect(c.exchangePaise).toBe(2_970_000); // 0.00297 % of ₹100 crore = ₹29,700
    expect(c.sebiPaise).toBe(100_000); // ₹10 × 100 crore = ₹1,000
    expect(c.gstPaise).toBe(Math.round((4000 + 2_970_000 + 100_000) * 0.18)); // 553,320 p, exact
  });

  it('averages off the tick (partial fills) are valued once, not per share', () => {
    // 3 shares averaging ₹100.0833…: value ₹300.25 = 30,025 p.
    expect(valuePaise(300.25 / 3, 3)).toBe(30_025);
  });
});

describe('rates', () => {
  it('a flat-fee broker (brokeragePct null) pays ₹20 per order whatever the size', () => {
    const c = roundTripCharges({ ...ZERO_CHARGE_RATES, brokeragePerOrder: 20 }, { side: 'LONG', entryPrice: 20, exitPrice: 20, qty: 1 });
    expect(c).toMatchObject({ brokeragePaise: 4000, totalPaise: 4000 });
  });

  it('zero rates cost nothing', () => {
    expect(roundTripCharges(ZERO_CHARGE_RATES, { side: 'SHORT', entryPrice: 1234.5, exitPrice: 1200.05, qty: 77 }).totalPaise).toBe(0);
  });

  it('percentages resolve to parts per billion', () => {
    expect(pctToPpb(0.025)).toBe(250_000n);
    expect(pctToPpb(0.00297)).toBe(29_700n);
    expect(pctToPpb(18)).toBe(180_000_000n);
  });
});

describe('a position closed in pieces', () => {
  it('pays the entry order brokerage once, with the first piece', () => {
    // Entry: BUY 100 @ ₹1,000 (₹1,00,000: brokerage ₹20). Exits: 40 @ ₹1,010 (₹40,400: 0.03 % = ₹12.12), 60 @ ₹1,010 (₹60,600: ₹18.18).
    const first = roundTripCharges(R, { side: 'LONG', entryPrice: 1000, exitPrice: 1010, qty: 40, entryOrderQty: 100 });
    const rest = roundTripCharges(R, { side: 'LONG', entryPrice: 1000, exitPrice: 1010, qty: 60, entryOrderQty: 0 });
    expect(first.brokeragePaise).toBe(2000 + 1212);
    expect(rest.brokeragePaise).toBe(1818);
    // Brokerage of the pieces = the three orders actually executed.
    expect(first.brokeragePaise + rest.brokeragePaise).toBe(orderBrokeragePaise(R, 10_000_000) + orderBrokeragePaise(R, 4_040_000) + orderBrokeragePaise(R, 6_060_000));
  });
});

describe('properties', () => {
  const price = fc.integer({ min: 1, max: 2_000_000 }).map((ticks) => (ticks * 5) / 100); // ₹0.05 … ₹1,00,000 on the tick
  it('total = Σ components, all ≥ 0, and LONG e→x costs the same as SHORT x→e', () => {
    fc.assert(
      fc.property(price, price, fc.integer({ min: 1, max: 50_000 }), (e, x, qty) => {
        const c = roundTripCharges(R, { side: 'LONG', entryPrice: e, exitPrice: x, qty });
        const parts = [c.brokeragePaise, c.sttPaise, c.exchangePaise, c.sebiPaise, c.stampPaise, c.gstPaise];
        for (const p of parts) expect(Number.isInteger(p) && p >= 0).toBe(true);
        expect(c.totalPaise).toBe(parts.reduce((a, b) => a + b, 0));
        expect(roundTripCharges(R, { side: 'SHORT', entryPrice: x, exitPrice: e, qty })).toEqual(c);
        expect(c.brokeragePaise).toBeLessThanOrEqual(4000);
      }),
    );
  });
});
