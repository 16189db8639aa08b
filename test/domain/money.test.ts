import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInr, formatPaise, isOnTick, pnlPaise, roundToTick, toPaise } from '../../source/domain/money.js';

describe('money', () => {
  it('rounds to the ₹0.05 tick', () => {
    expect(roundToTick(100.02)).toBe(100);
    expect(roundToTick(100.03)).toBe(100.05);
    expect(roundToTick(100.01, 'up')).toBe(100.05);
    expect(roundToTick(100.04, 'down')).toBe(100);
    // Exactly on tick stays put even with floating noise in the input.
    expect(roundToTick(0.1 + 0.2, 'up')).toBe(0.3);
    expect(roundToTick(100.05, 'down')).toBe(100.05);
  });

  it('always lands on the tick and within half a tick (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 100_000, noNaN: true }), (p) => {
        const r = roundToTick(p);
        expect(isOnTick(r)).toBe(true);
        expect(Math.abs(r - p)).toBeLessThanOrEqual(0.025 + 1e-9);
        expect(roundToTick(p, 'down')).toBeLessThanOrEqual(p + 1e-9);
        expect(roundToTick(p, 'up')).toBeGreaterThanOrEqual(p - 1e-9);
      }),
    );
  });

  it('computes P&L in exact paise', () => {
    expect(pnlPaise('LONG', 812.35, 815.1, 180)).toBe((81510 - 81235) * 180);
    expect(pnlPaise('SHORT', 812.35, 815.1, 10)).toBe(-2750);
    expect(toPaise(0.1 + 0.2)).toBe(30);
  });

  it('formats rupees with Indian digit grouping', () => {
    expect(formatInr(200000)).toBe('₹2,00,000.00');
    expect(formatInr(12345678.9)).toBe('₹1,23,45,678.90');
    expect(formatInr(-1234.5)).toBe('-₹1,234.50');
    expect(formatInr(999)).toBe('₹999.00');
    expect(formatPaise(-5)).toBe('-₹0.05');
  });
});
