import { describe, expect, it } from 'vitest';
import { computeLayout } from '../../source/tui/layout.js';
import { summarizeReply } from '../../source/tui/backend.js';

describe('computeLayout', () => {
  const sum = (l: ReturnType<typeof computeLayout>): number =>
    l.headerLines + l.bannerLines + l.footerLines + (l.positionRows + 3) + (l.logLines + 1) +
    (l.kind === 'compact' ? (l.constraintLines > 0 ? l.constraintLines + 1 : 0) : Math.max(l.watchRows + 2, l.constraintLines + 1 + l.tradeRows + 2));

  it('fills exactly one line less than the terminal, for any size and content', () => {
    for (const columns of [50, 80, 119, 120, 160, 250]) {
      for (const rows of [14, 15, 18, 24, 30, 48, 70]) {
        for (const positions of [0, 3, 12]) {
          for (const footerLines of [1, 4]) {
            const l = computeLayout({ columns, rows, positions, banner: positions === 3, footerLines });
            if (l.kind === 'too-small') continue;
            expect(sum(l), `${columns}×${rows} p${positions} f${footerLines}`).toBe(rows - 1);
            expect(l.logLines).toBeGreaterThan(0);
          }
        }
      }
    }
  });

  it('is compact below 120 columns and wide from there', () => {
    expect(computeLayout({ columns: 80, rows: 24, positions: 3, banner: false, footerLines: 1 }).kind).toBe('compact');
    const wide = computeLayout({ columns: 160, rows: 48, positions: 3, banner: false, footerLines: 1 });
    expect(wide.kind).toBe('wide');
    expect(wide.leftWidth + 1 + wide.rightWidth).toBe(160);
    expect(wide.panels).toEqual(['positions', 'watchlist', 'trades', 'logs']);
  });

  it('gives many positions only the rows that fit', () => {
    const l = computeLayout({ columns: 80, rows: 24, positions: 40, banner: false, footerLines: 1 });
    expect(l.positionRows).toBeLessThan(40);
    expect(l.logLines).toBeGreaterThanOrEqual(2);
  });

  it('refuses sizes it cannot draw', () => {
    expect(computeLayout({ columns: 30, rows: 24, positions: 0, banner: false, footerLines: 1 }).kind).toBe('too-small');
    expect(computeLayout({ columns: 80, rows: 12, positions: 0, banner: false, footerLines: 1 }).kind).toBe('too-small');
    expect(computeLayout({ columns: 80, rows: 14, positions: 0, banner: false, footerLines: 1 }).kind).toBe('compact');
  });
});

describe('summarizeReply', () => {
  it('reads messages and per-symbol outcomes, skipping malformed entries', () => {
    const s = summarizeReply({ ok: true, result: { ok: true, message: 'done', closed: [{ symbol: 'A', outcome: 'FILLED', price: 10 }, { symbol: 'B', outcome: 'WAT' }, 7] } });
    expect(s).toEqual({ ok: true, message: 'done', closed: [{ symbol: 'A', outcome: 'FILLED', price: 10 }] });
  });
  it('treats an engine-side failure and a transport failure alike', () => {
    expect(summarizeReply({ ok: true, result: { ok: false, error: 'no such position' } })).toEqual({ ok: false, message: 'no such position', closed: [] });
    expect(summarizeReply({ ok: false, error: 'timeout' })).toEqual({ ok: false, message: 'timeout', closed: [] });
    expect(summarizeReply({ ok: true, result: null }).ok).toBe(true);
  });
});
