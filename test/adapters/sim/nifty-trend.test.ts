// The simulated market trends as a whole (market-regime.ts): over 20 seeded models the real NIFTY 15m
// trend filter (MarketData fed with the model's NIFTY 15m history) says +1 and −1 on a real share of
// bars, so the strategies' NIFTY conditions can block entries on the sim. The figures are printed.
import { describe, expect, it } from 'vitest';
import { createMarketModel } from '../../../source/adapters/sim/market-model.js';
import { marketRegimeOn } from '../../../source/adapters/sim/market-regime.js';
import { addCounts, describeCounts, emptyCounts, measureNiftyTrend } from './nifty-trend-stats.js';

describe('NIFTY trend on the simulated market', () => {
  it('is +1 and −1 each on 5–45 % of warmed-up 15m bars over 20 seeds', () => {
    let all = emptyCounts();
    for (let seed = 1; seed <= 20; seed++) all = addCounts(all, measureNiftyTrend(seed, 10, 24));
    console.log(`NIFTY 15m trend over seeds 1–20: ${describeCounts(all)}`);
    const bars = all.up + all.down + all.flat;
    expect(bars).toBeGreaterThan(20 * 200);
    for (const [name, n] of [['+1', all.up], ['−1', all.down]] as const) {
      expect(n / bars, `${name} share`).toBeGreaterThanOrEqual(0.05);
      expect(n / bars, `${name} share`).toBeLessThanOrEqual(0.45);
    }
    expect(all.flat / bars).toBeGreaterThanOrEqual(0.2);
  }, 120_000);

  it('keeps market regimes for several sessions, with ups, downs and ranges', () => {
    const runs: number[] = [];
    const seen = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) {
      const model = createMarketModel({ seed, symbols: ['RELIANCE', 'SBIN'], date: '2025-06-16', historySessions: 45 });
      let run = 1;
      model.days.forEach((d, i) => {
        const r = model.marketRegime(d);
        expect(r).toBe(marketRegimeOn(seed, d));
        seen.add(r as string);
        if (i === 0) return;
        if (r === model.marketRegime(model.days[i - 1])) {
          run++;
        } else {
          runs.push(run);
          run = 1;
        }
      });
      runs.push(run);
    }
    expect([...seen].sort()).toEqual(['down', 'range', 'up']);
    expect(runs.reduce((a, b) => a + b, 0) / runs.length).toBeGreaterThanOrEqual(3);
  });

  it('depends on the seed and date only, not on the history window', () => {
    const long = createMarketModel({ seed: 5, symbols: ['TCS', 'ITC'], date: '2025-09-15', historySessions: 45 });
    const short = createMarketModel({ seed: 5, symbols: ['TCS', 'ITC', 'LT'], date: '2025-09-15', historySessions: 12 });
    for (const d of short.days) expect(short.marketRegime(d)).toBe(long.marketRegime(d));
    expect(long.marketRegime('1999-01-01')).toBeNull();
  });
});
