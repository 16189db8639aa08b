import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildDayReport, summarizeTrades } from '../../../source/adapters/store/report-summary.js';
import { formatDayReport } from '../../../source/adapters/store/report-format.js';
import { istInstant } from '../../../source/domain/time.js';
import type { Trade } from '../../../source/domain/trading.js';
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

// Charges at the default rates (docs/charges.md), by hand, each component rounded half-up to the paisa:
// a  LONG 180: buy ₹1,46,232.00, sell ₹1,47,249.00, turnover ₹2,93,481.00
//    brokerage min(₹20, 0.03 % × value) per order: ₹20 + ₹20 = 4,000 p; STT 0.025 % × 1,47,249 = ₹36.81225 → 3,681 p;
//    exchange 0.00297 % × 2,93,481 = ₹8.7163857 → 872 p; SEBI ₹10/crore = ₹0.293481 → 29 p;
//    stamp 0.003 % × 1,46,232 = ₹4.38696 → 439 p; GST 18 % × (4,000 + 872 + 29) = 882.18 → 882 p; total 9,903 p
// b  SHORT 40: sell (entry) ₹58,020.00, buy (exit) ₹58,394.00, turnover ₹1,16,414.00
//    brokerage 0.03 % (below ₹20): 1,740.6 → 1,741 + 1,751.82 → 1,752 = 3,493 p; STT 0.025 % × 58,020 = 1,450.5 → 1,451 p;
//    exchange 345.74958 → 346 p; SEBI 11.6414 → 12 p; stamp 0.003 % × 58,394 = 175.182 → 175 p;
//    GST 18 % × (3,493 + 346 + 12) = 693.18 → 693 p; total 6,170 p
// c  LONG 3 @ ₹7.05 → ₹7.15: brokerage 0.6345 → 1 + 0.6435 → 1; STT 0.53625 → 1; the rest round to 0; total 3 p
// d  LONG 10 @ ₹4,000 flat: brokerage ₹12 + ₹12 = 2,400 p; STT ₹10 = 1,000 p; exchange 237.6 → 238 p; SEBI 8 p;
//    stamp 120 p; GST 18 % × 2,646 = 476.28 → 476 p; total 4,242 p
describe('summarizeTrades', () => {
  it('counts wins, losses, break-even and win rate on net P&L, with paise-exact gross, charges and net', () => {
    const s = summarizeTrades(trades);
    expect(trades.map((t) => t.pnlPaise)).toEqual([101_700, -37_400, 30, 0]);
    expect(trades.map((t) => t.chargesPaise)).toEqual([9_903, 6_170, 3, 4_242]);
    // Net: 91,797, −43,570, 27, −4,242 — the flat TCS trade lost its charges.
    expect(s).toMatchObject({
      count: 4, wins: 2, losses: 2, breakeven: 0, winRate: 0.5,
      grossPaise: 64_330, chargesPaise: 20_318, netPaise: 44_012,
      profitPaise: 91_824, lossPaise: -47_812, bestPaise: 91_797, worstPaise: -43_570,
    });
    expect(s.byStrategy).toEqual([
      { key: '8', count: 1, wins: 0, losses: 1, pnlPaise: -37_400, chargesPaise: 6_170, netPaise: -43_570 },
      { key: '11', count: 2, wins: 2, losses: 0, pnlPaise: 101_730, chargesPaise: 9_906, netPaise: 91_824 },
      { key: '12', count: 1, wins: 0, losses: 1, pnlPaise: 0, chargesPaise: 4_242, netPaise: -4_242 },
    ]);
    expect(s.byExitReason).toEqual([
      { key: 'EOD', count: 1, wins: 1, losses: 0, pnlPaise: 30, chargesPaise: 3, netPaise: 27 },
      { key: 'MANUAL', count: 1, wins: 0, losses: 1, pnlPaise: 0, chargesPaise: 4_242, netPaise: -4_242 },
      { key: 'TRAIL_STOP', count: 2, wins: 1, losses: 1, pnlPaise: 64_300, chargesPaise: 16_073, netPaise: 48_227 },
    ]);
  });

  it('reads a trade recorded before charges existed as charges 0 (net = gross, break-even stays break-even)', () => {
    const { chargesPaise: _drop, ...old } = makeTrade(D, { id: 'old', entryPrice: 100, exitPrice: 100, qty: 5 });
    void _drop;
    const s = summarizeTrades([old as unknown as Trade]);
    expect(s).toMatchObject({ count: 1, wins: 0, losses: 0, breakeven: 1, grossPaise: 0, chargesPaise: 0, netPaise: 0 });
    expect(buildDayReport(D, [old as unknown as Trade]).trades[0]).toMatchObject({ pnlPaise: 0, chargesPaise: 0, netPaise: 0 });
  });

  it('refuses negative or fractional charges', () => {
    expect(() => summarizeTrades([{ ...trades[0]!, chargesPaise: -1 }])).toThrow(/trade a: chargesPaise must be a whole number of paise ≥ 0, got -1/);
    expect(() => summarizeTrades([{ ...trades[0]!, chargesPaise: 0.5 }])).toThrow(/trade a: chargesPaise/);
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
        type G = { count: number; pnlPaise: number; wins: number; chargesPaise: number; netPaise: number };
        const add = (gs: readonly G[]) => gs.reduce((a, g) => [a[0]! + g.count, a[1]! + g.pnlPaise, a[2]! + g.wins, a[3]! + g.chargesPaise, a[4]! + g.netPaise], [0, 0, 0, 0, 0]);
        expect(add(s.byStrategy)).toEqual([s.count, s.grossPaise, s.wins, s.chargesPaise, s.netPaise]);
        expect(add(s.byExitReason)).toEqual([s.count, s.grossPaise, s.wins, s.chargesPaise, s.netPaise]);
        expect(s.wins + s.losses + s.breakeven).toBe(s.count);
        expect(s.netPaise).toBe(s.grossPaise - s.chargesPaise);
      }),
    );
  });
});

describe('formatDayReport', () => {
  it('prints rows in entry order and the summary with Indian grouping', () => {
    const text = formatDayReport(buildDayReport(D, trades));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Trades on 2026-11-20 (Friday)');
    expect(lines[2]).toMatch(/^In\s+Out\s+Symbol\s+Side\s+Strategy\s+Qty\s+Entry\s+Exit\s+Gross\s+Charges\s+Net\s+Exit reason$/);
    expect(lines.slice(4, 8).map((l) => l.split(/\s+/)[2])).toEqual(['IDEA', 'SBIN', 'RELIANCE', 'TCS']);
    expect(lines[5]).toMatch(/^09:25:00\s+10:40:00\s+SBIN\s+LONG\s+11\s+180\s+812\.40\s+818\.05\s+₹1,017\.00\s+₹99\.03\s+₹917\.97\s+TRAIL_STOP$/);
    expect(lines[6]).toMatch(/-₹374\.00\s+₹61\.70\s+-₹435\.70/);
    expect(text).toContain('Trades      4 (wins 2, losses 2, break-even 0)');
    expect(text).toContain('Win rate    50.0%');
    expect(text).toContain('Gross P&L   ₹643.30\n');
    expect(text).toContain("Charges     ₹203.18 (from the configured rates; for live trades the broker's contract note is the truth)");
    expect(text).toContain('Net P&L     ₹440.12 (profits ₹918.24, losses -₹478.12)');
    expect(text).toContain('Best/worst  ₹917.97 / -₹435.70 (net)');
    expect(text).toMatch(/\nStrategy\s+Trades\s+Wins\s+Losses\s+Gross\s+Charges\s+Net\n/);
    expect(text).toMatch(/\n11\s+2\s+2\s+0\s+₹1,017\.30\s+₹99\.06\s+₹918\.24\n/);
  });

  it('shows lakhs the Indian way', () => {
    const big = makeTrade(D, { id: 'x', pnlPaise: 12_345_678_90 });
    expect(formatDayReport(buildDayReport(D, [big]))).toContain('₹1,23,45,678.90');
  });
});
