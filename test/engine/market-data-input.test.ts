import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { at, makeMd, tick } from './md-helpers.js';

const D = '2025-03-05';
const SYMBOLS = ['AAA', 'BBB'];
const instruments = ['AAA', 'BBB', 'NIFTY'];

/** Ticks over a morning, some out of order, before the open, invalid, or with no volume. */
const ticks = fc.array(
  fc.record({
    s: fc.integer({ min: 0, max: 2 }),
    dt: fc.integer({ min: -120_000, max: 30 * 60_000 }),
    ltp: fc.oneof(fc.double({ min: 1, max: 1000, noNaN: true }), fc.constantFrom(0, -1, Number.NaN)),
    vol: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
  }),
  { maxLength: 300 },
);

describe('MarketData.tickInput', () => {
  it('has exactly the effect of ingest on bars, features, prices and counters', () => {
    fc.assert(
      fc.property(ticks, (list) => {
        const a = makeMd(SYMBOLS);
        const b = makeMd(SYMBOLS);
        const inputs = instruments.map((s) => b.md.tickInput(s, s === 'NIFTY' ? 'NSE_INDEX' : 'NSE'));
        const open = at(D, '09:15');
        for (const t of list) {
          const sym = instruments[t.s] as string;
          const ts = open + t.dt;
          a.md.ingest(tick(sym, ts, t.ltp, t.vol));
          inputs[t.s]!(ts, t.ltp, t.vol);
        }
        a.md.closeDue(open + 31 * 60_000);
        b.md.closeDue(open + 31 * 60_000);
        expect(b.events).toEqual(a.events);
        expect(b.md.stats()).toEqual(a.md.stats());
        for (const s of instruments) {
          expect(b.md.lastPrice(s)).toBe(a.md.lastPrice(s));
          expect(b.md.lastTickAt(s)).toBe(a.md.lastTickAt(s));
          expect(b.md.sessionBar(s)).toEqual(a.md.sessionBar(s));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is null for an instrument outside the universe (its ticks belong to ingest, which counts them)', () => {
    const { md } = makeMd(SYMBOLS);
    expect(md.tickInput('ZZZ', 'NSE')).toBeNull();
    expect(md.tickInput('AAA', 'NSE_INDEX')).toBeNull();
    expect(md.tickInput('NIFTY', 'NSE_INDEX')).not.toBeNull();
  });
});
