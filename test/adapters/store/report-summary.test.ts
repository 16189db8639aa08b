import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildDayReport, summarizeTrades } from '../../../source/adapters/store/report-summary.js';
import { formatDayReport } from '../../../source/adapters/store/report-format.js';
import { istInstant } from '../../../source/domain/time.js';
import { makeTrade } from './helpers/state-fixture.js';

const D = '2026-11-20';
const trades = [
  // 180 × (818.05 − 812.40) = ₹1,017.00
  makeTrade(D, { id: 'a', symbol: 'SBIN', strategy: '11', entryPrice: 812.4, exitPrice: 818.05, qty: 180 }),
  // SHORT 40 × (1450.50 − 1459.85) = −₹374.00
  makeTrade(D, { id: 'b', symbol: 'RELIANCE', side: 'SHORT', strategy: '8', entryPrice: 1450.5, exitPrice: 1459.85, qty: 40, exitReason: 'TRAIL_STOP', entryTime: istInstant(D, '10:00') }),
  // 0.10 × 3 = 30 paise, the kind of sum floating rupees get wrong
  makeTrade(D, { id: 'c', symbol: 'IDEA', strategy: '11', entryPrice: 7.05, exitPrice: 7.15, qty: 3, exitReason: 'EOD', entryTime: istInstant(D, '09:21') }),
  makeTrade(D, { id: 'd', symbol: 'TCS', strategy: '12', entryPrice: 4000, exitPrice: 4000, qty: 10, exitReason: 'MANUAL', entryTime: istInstant(D, '13:00') }),
];

describe('summarizeTrades', () => {
  it('counts wins, losses, break-even, win rate and paise-exact totals', () => {
    const s = summarizeTrades(trades);
    expect(trades.map((t) => t.pnlPaise)).toEqual([101_700, -37_400, 30, 0]);
    expect(s).toMatchObject({ count: 4, wins: 2, losses: 1, breakeven: 1, winRate: 0.5, grossPaise: 64_330, profitPaise: 101_730, lossPaise: -37_400, bestPaise: 101_700, worstPaise: -37_400 });
    expect(s.byStrategy).toEqual([
      { key: '8', count: 1, wins: 0, losses: 1, pnlPaise: -37_400 },
      { key: '11', count: 2, wins: 2, losses: 0, pnlPaise: 101_730 },
      { key: '12', count: 1, wins: 0, losses: 0, pnlPaise: 0 },
    ]);
    expect(s.byExitReason).toEqual([
      { key: 'EOD', count: 1, wins: 1, losses: 0, pnlPaise: 30 },
      { key: 'MANUAL', count: 1, wins: 0, losses: 0, pnlPaise: 0 },
      { key: 'TRAIL_STOP', count: 2, wins: 1, losses: 1, pnlPaise: 64_300 },
    ]);
  });

  it('has no win rate and no best/worst for an empty day', () => {
    expect(summarizeTrades([])).toMatchObject({ count: 0, winRate: null, grossPaise: 0, bestPaise: null, worstPaise: null, byStrategy: [] });
  });

  it('refuses fractional paise', () => {
    expect(() => summarizeTrades([{ ...trades[0]!, pnlPaise: 1.5 }])).toThrow(/trade a: pnlPaise must be an integer/);
  });

  it('groups always add up to the totals', () => {
    const trade = fc.record({ pnl: fc.integer({ min: -5_000_000, max: 5_000_000 }), strategy: fc.constantFrom('8', '9', '10', '11', '12'), reason: fc.constantFrom('TRAIL_STOP', 'EOD', 'MANUAL') as fc.Arbitrary<'TRAIL_STOP' | 'EOD' | 'MANUAL'> });
    fc.assert(
      fc.property(fc.array(trade, { maxLength: 30 }), (xs) => {
        const ts = xs.map((x, i) => makeTrade(D, { id: `t${i}`, pnlPaise: x.pnl, strategy: x.strategy, exitReason: x.reason }));
        const s = summarizeTrades(ts);
        const add = (gs: readonly { count: number; pnlPaise: number; wins: number }[]) => gs.reduce((a, g) => [a[0]! + g.count, a[1]! + g.pnlPaise, a[2]! + g.wins], [0, 0, 0]);
        expect(add(s.byStrategy)).toEqual([s.count, s.grossPaise, s.wins]);
        expect(add(s.byExitReason)).toEqual([s.count, s.grossPaise, s.wins]);
        expect(s.wins + s.losses + s.breakeven).toBe(s.count);
      }),
    );
  });
});

describe('formatDayReport', () => {
  it('prints rows in entry order and the summary with Indian grouping', () => {
    const text = formatDayReport(buildDayReport(D, trades));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Trades on 2026-11-20 (Friday)');
    expect(lines[2]).toMatch(/^In\s+Out\s+Symbol\s+Side\s+Strategy\s+Qty\s+Entry\s+Exit\s+P&L\s+Exit reason$/);
    expect(lines.slice(4, 8).map((l) => l.split(/\s+/)[2])).toEqual(['IDEA', 'SBIN', 'RELIANCE', 'TCS']);
    expect(lines[5]).toMatch(/^09:25:00\s+10:40:00\s+SBIN\s+LONG\s+11\s+180\s+812\.40\s+818\.05\s+₹1,017\.00\s+TRAIL_STOP$/);
    expect(lines[6]).toContain('-₹374.00');
    expect(text).toContain('Trades      4 (wins 2, losses 1, break-even 1)');
    expect(text).toContain('Win rate    50.0%');
    expect(text).toContain('Gross P&L   ₹643.30 (profits ₹1,017.30, losses -₹374.00)');
    expect(text).toMatch(/\n11\s+2\s+2\s+0\s+₹1,017\.30\n/);
  });

  it('shows lakhs the Indian way', () => {
    const big = makeTrade(D, { id: 'x', pnlPaise: 12_345_678_90 });
    expect(formatDayReport(buildDayReport(D, [big]))).toContain('₹1,23,45,678.90');
  });
});
