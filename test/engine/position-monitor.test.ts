import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { armStop, initialStop, updateTrail, stopHit } from '../../source/engine/position-monitor.js';
import { isOnTick } from '../../source/domain/money.js';
import type { Position, Side } from '../../source/domain/trading.js';

function pos(side: Side, entry: number, atr: number): Position {
  return { id: 'p', symbol: 'X', side, strategy: '11', timeframe: '5m', qty: 1, entryPrice: entry, entryTime: 0, atr, stop: 0, best: entry, lastPrice: entry, status: 'OPEN', entryOrderId: 'o', stopHistory: [] };
}

describe('ATR stops', () => {
  it('initial stops round away from the price onto the tick', () => {
    expect(initialStop('LONG', 100, 1.23, 1.5)).toBe(98.15); // 98.155 → down
    expect(initialStop('SHORT', 100, 1.23, 1.5)).toBe(101.85); // 101.845 → up
    expect(stopHit('LONG', 98.15, 98.15)).toBe(true);
    expect(stopHit('SHORT', 101.8, 101.85)).toBe(false);
  });

  it('never loosen, stay on the tick, and never sit beyond the price for any price/ATR path', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Side>('LONG', 'SHORT'),
        fc.array(fc.record({ move: fc.double({ min: -0.03, max: 0.03, noNaN: true }), atr: fc.option(fc.double({ min: 0.05, max: 8, noNaN: true })) }), { minLength: 1, maxLength: 200 }),
        (side, steps) => {
          const p = pos(side, 500, 3);
          armStop(p, 0, 1.5);
          let price = 500;
          let prev = p.stop;
          for (const [i, s] of steps.entries()) {
            price = Math.max(1, price * (1 + s.move));
            updateTrail(p, i, price, s.atr, 1.5);
            expect(isOnTick(p.stop)).toBe(true);
            if (side === 'LONG') expect(p.stop).toBeGreaterThanOrEqual(prev);
            else expect(p.stop).toBeLessThanOrEqual(prev);
            prev = p.stop;
          }
          for (let i = 1; i < p.stopHistory.length; i++) {
            const a = p.stopHistory[i - 1]!.stop;
            const b = p.stopHistory[i]!.stop;
            expect(side === 'LONG' ? b > a : b < a).toBe(true);
          }
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});
