import { describe, expect, it } from 'vitest';
import { createMarketModel, type MarketModel } from '../../../source/adapters/sim/market-model.js';
import { createRng } from '../../../source/adapters/sim/prng.js';
import { istInstant } from '../../../source/domain/time.js';

// The model keeps no seconds: past sessions' 1m rows and the sim date's seconds are regenerated from
// checkpoints on request. What a consumer sees must not depend on the order it asks in.
const SYMBOLS = ['RELIANCE', 'TCS', 'INFY', 'SBIN', 'ITC'];
const DATE = '2025-09-15';
const make = (): MarketModel => createMarketModel({ seed: 11, symbols: SYMBOLS, date: DATE, historySessions: 12 });

describe('regenerated minutes', () => {
  it('gives the same quotes, trades and bars whatever the order of the requests', () => {
    const a = make();
    const b = make();
    const times = Array.from({ length: 40 }, (_, k) => a.sessionOpen + k * 563_321);
    const quotes = (m: MarketModel, ts: number[]) => new Map(ts.flatMap((t) => SYMBOLS.map((s) => [`${s}@${t}`, m.quoteAt(s, t)] as const)));
    const qa = quotes(a, times);
    const hb = SYMBOLS.map((s) => b.history(s, '1m', '2025-09-01', DATE));
    const qb = quotes(b, [...times].reverse());
    expect([...qb.keys()].sort().map((k) => qb.get(k))).toEqual([...qa.keys()].sort().map((k) => qa.get(k)));
    expect(SYMBOLS.map((s) => a.history(s, '1m', '2025-09-01', DATE))).toEqual(hb);
    const from = istInstant(DATE, '11:58:30');
    expect(b.tradesBetween('SBIN', from, from + 150_000)).toEqual(a.tradesBetween('SBIN', from, from + 150_000));
  });

  it('rebuilds a past session’s 1m bars identically after other sessions were asked for', () => {
    const m = make();
    const first = m.history('ITC', '5m', '2025-09-03', '2025-09-03');
    for (let r = 0; r < 3; r++) for (const s of SYMBOLS) m.history(s, '1m', '2025-09-01', DATE);
    expect(m.history('ITC', '5m', '2025-09-03', '2025-09-03')).toEqual(first);
    expect(first).toHaveLength(75);
  });

  it('resumes a generator from a saved state', () => {
    const rng = createRng('checkpoint');
    const state = new Uint32Array(4);
    rng.next();
    rng.saveState(state, 0);
    const ahead = [rng.next(), rng.next(), rng.next()];
    rng.next();
    rng.loadState(state, 0);
    expect([rng.next(), rng.next(), rng.next()]).toEqual(ahead);
  });
});
