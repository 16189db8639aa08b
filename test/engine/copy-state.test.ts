import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { copyPlain } from '../../source/engine/copy-state.js';

describe('copyPlain', () => {
  it('gives what structuredClone gives for plain JSON-like data (no object reached twice)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(copyPlain(v)).toStrictEqual(structuredClone(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps an own key named __proto__ a key (not the prototype)', () => {
    const v = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>;
    const c = copyPlain(v);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.keys(c)).toEqual(['__proto__', 'y']);
    expect(c).toStrictEqual(structuredClone(v));
  });

  it('keeps undefined-valued keys, -0 and NaN like structuredClone', () => {
    const v = { a: undefined, b: -0, c: Number.NaN, d: [null, undefined, 1.5] };
    const c = copyPlain(v);
    expect(c).toStrictEqual(structuredClone(v));
    expect(Object.keys(c)).toEqual(['a', 'b', 'c', 'd']);
    expect(Object.is(c.b, -0)).toBe(true);
  });

  it('shares nothing with the original: later changes to either do not show in the other', () => {
    const state = { positions: [{ symbol: 'INFY', qty: 5, stop: 100 }], counters: { trades: 1 } };
    const snap = copyPlain(state);
    state.positions[0]!.stop = 101;
    state.positions.push({ symbol: 'TCS', qty: 1, stop: 1 });
    state.counters.trades = 2;
    expect(snap).toEqual({ positions: [{ symbol: 'INFY', qty: 5, stop: 100 }], counters: { trades: 1 } });
  });

  it('copies a non-plain object (a Date) through structuredClone', () => {
    const d = new Date(1_700_000_000_000);
    const c = copyPlain({ at: d });
    expect(c.at).toBeInstanceOf(Date);
    expect(c.at).not.toBe(d);
    expect(c.at.getTime()).toBe(d.getTime());
  });
});
