import { describe, expect, it } from 'vitest';
import { equityChart, linearAt, priceChart, timeGrid, timeLabels, yBounds } from '../../source/dashboard/charts.js';
import { dashReducer, initialDashState } from '../../source/dashboard/model.js';
import { seriesFrom } from '../../source/dashboard/series.js';
import { strategyPnl } from '../../source/dashboard/panels.js';
import { at, position, trade, view } from './fixtures.js';

describe('chart data', () => {
  it('pads y bounds and never returns a zero-height range', () => {
    expect(yBounds([10, 20], 1)).toEqual({ min: 9, max: 21 });
    const flat = yBounds([100, 100], 0.5);
    expect(flat.max - flat.min).toBeCloseTo(0.5);
    expect((flat.max + flat.min) / 2).toBeCloseTo(100);
    const empty = yBounds([], 100);
    expect(empty).toEqual({ min: -50, max: 50 });
    const zero = yBounds([0, 0], 0);
    expect(zero.max).toBeGreaterThan(zero.min);
    expect(yBounds([Number.NaN, 5], 2).max).toBeGreaterThan(5);
  });

  it('spaces a time grid evenly and widens a degenerate range', () => {
    expect(timeGrid(0, 100, 3)).toEqual([0, 50, 100]);
    expect(timeGrid(5, 5, 1)).toEqual([5, 60_005]);
  });

  it('labels in IST HH:MM, with seconds when the span is under ten minutes', () => {
    expect(timeLabels([at('09:15'), at('10:15')])).toEqual(['09:15', '10:15']);
    expect(timeLabels([at('09:15'), at('09:16:30')])).toEqual(['09:15:00', '09:16:30']);
  });

  it('interpolates prices linearly and holds the ends', () => {
    const s = seriesFrom([{ t: 0, v: 10 }, { t: 10_000, v: 20 }]);
    expect(linearAt(s, -5)).toBe(10);
    expect(linearAt(s, 5_000)).toBe(15);
    expect(linearAt(s, 50_000)).toBe(20);
    expect(linearAt(seriesFrom([]), 0)).toBeNull();
  });

  it('draws the followed position: price, flat entry, stepped stop, HH:MM labels and a title', () => {
    const p = position('reliance', {
      entryTime: at('09:30'), entryPrice: 100, stop: 99, lastPrice: 103, unrealizedPaise: 3_000,
      stopHistory: [
        { ts: at('09:30'), stop: 98, atr: 1, reason: 'INITIAL', best: 100 },
        { ts: at('09:45'), stop: 99, atr: 1, reason: 'TRAIL', best: 101 },
      ],
    });
    const s = dashReducer(initialDashState(), { type: 'snapshot', view: view({ positions: [p] }), logs: [] });
    const c = priceChart(s, 7)!;
    expect(c.label).toBe('RELIANCE LONG ×10 S11 · entry ₹100.00 · stop ₹99.00 · +₹30');
    expect(c.shortLabel).toBe('RELIANCE LONG ×10 · stop ₹99.00 · +₹30');
    const [stop, entry, price] = c.series;
    expect(stop!.x).toEqual(['09:30', '09:35', '09:40', '09:45', '09:50', '09:55', '10:00']);
    expect(entry!.y).toEqual(Array(7).fill(100));
    expect(stop!.y).toEqual([98, 98, 98, 99, 99, 99, 99]);
    expect(price!.y[0]).toBe(100);
    expect(price!.y[6]).toBe(103);
    expect(price!.y[3]).toBeCloseTo(101.5);
    expect(c.minY).toBeLessThan(98);
    expect(c.maxY).toBeGreaterThan(103);
    expect(priceChart(initialDashState(), 10)).toBeNull();
  });

  it('marks a closed position and stops its x axis at the close', () => {
    let s = dashReducer(initialDashState(), { type: 'snapshot', view: view({ positions: [position('a')] }), logs: [] });
    s = dashReducer(s, { type: 'state', view: view({ now: at('10:30'), positions: [] }) });
    s = dashReducer(s, { type: 'state', view: view({ now: at('11:00'), positions: [] }) });
    const c = priceChart(s, 2)!;
    expect(c.label).toMatch(/· CLOSED$/);
    expect(c.series[0]!.x).toEqual(['09:30', '10:30']);
  });

  it('draws the equity from the session open with realised and open P&L in the title', () => {
    const v = view({ now: at('10:15'), trades: [trade('x', { exitTime: at('09:45'), pnlPaise: -20_000 })], realizedPaise: -20_000, unrealizedPaise: 5_000 });
    const s = dashReducer(initialDashState(), { type: 'snapshot', view: v, logs: [] });
    const c = equityChart(s, 5)!;
    expect(c.series[0]!.x).toEqual(['09:15', '09:30', '09:45', '10:00', '10:15']);
    expect(c.series[0]!.y).toEqual([0, 0, -200, -200, -150]);
    expect(c.label).toBe('Equity -₹150 · realised -₹200 · open +₹50');
    expect(c.shortLabel).toBe('Equity -₹150');
    expect(c.minY).toBeLessThan(-200);
    expect(c.maxY).toBeGreaterThan(0);
    expect(equityChart(initialDashState(), 5)).toBeNull();
  });

  it('takes charges off the realised P&L, the seeded steps and the per-strategy sums', () => {
    const v = view({ trades: [trade('x', { exitTime: at('09:45'), pnlPaise: 10_000, chargesPaise: 2_000 })], realizedPaise: 10_000, chargesPaise: 2_000 });
    const s = dashReducer(initialDashState(), { type: 'snapshot', view: v, logs: [] });
    expect(s.equity.points.map((p) => p.v)).toEqual([0, 80, 80]);
    expect(equityChart(s, 2)!.label).toBe('Equity +₹80 · realised +₹80 · open ₹0');
    expect(strategyPnl(v).find((r) => r.strategy === '11')!.totalPaise).toBe(8_000);
  });
});
