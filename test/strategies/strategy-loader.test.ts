import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStrategyFiles } from '../../source/adapters/strategy-loader.js';
import { BUILTIN_STRATEGIES, createStrategies } from '../../source/strategies/registry.js';
import type { StrategyContext } from '../../source/strategies/strategy.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'algo-strategies-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, body: string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, body);
  return p;
}

describe('loadStrategyFiles', () => {
  it('loads the shipped example, which then runs through the registry', async () => {
    const [def] = await loadStrategyFiles(['examples/strategies/ema-pullback.js']);
    expect(def!.id).toBe('ema-pullback');
    const all = createStrategies([...BUILTIN_STRATEGIES, def!], { 'ema-pullback': { enabled: true, params: { touchPct: 0.2 } } });
    const s = all.at(-1)!;
    expect(s.params.touchPct).toBe(0.2);
    const ctx: StrategyContext = {
      symbol: 'AAA', niftyTrend: 0, barStartMinute: 660, daily: null,
      features: {
        tf: '5m', bar: { key: 'NSE:AAA', tf: '5m', start: 0, open: 100, high: 101.5, low: 100.05, close: 101 , volume: 1 },
        candleCount: 1, cumSpBullish: 0, cumSpBearish: 0, spBullishRangePct: null, spBearishRangePct: null,
        isRangeBullish: false, isRangeBearish: false, ema50: 100, ema100: 99, ema200: 98, zlMacdCross: 0, zlMacd: null,
        zlSignal: null, atr14: 1, stopAtr: 1, cumVolume: 1, dayHigh: 101.5, dayLow: 100, vrp: null,
      },
    };
    expect(s.evaluate(ctx).match).toBe(true);
    expect(s.evaluate({ ...ctx, niftyTrend: -1 }).match).toBe(false);
  });

  it('names the file and the problem for a bad export shape', async () => {
    const cases: [string, RegExp][] = [
      ['export const x = 1;', /has no default export object/],
      ["export default { id: '', name: 'n', side: 'LONG', timeframe: '5m', defaults: {}, create() {} };", /'id' must be a non-empty string/],
      ["export default { id: 'a', name: 'n', side: 'BUY', timeframe: '5m', defaults: {}, create() {} };", /'side' must be 'LONG' or 'SHORT'/],
      ["export default { id: 'a', name: 'n', side: 'LONG', timeframe: '1h', defaults: {}, create() {} };", /'timeframe' must be '5m' or '15m'/],
      ["export default { id: 'a', name: 'n', side: 'LONG', timeframe: '5m', defaults: { k: 'x' }, create() {} };", /'defaults.k' must be a finite number/],
      ["export default { id: 'a', name: 'n', side: 'LONG', timeframe: '5m', defaults: {} };", /'create' must be a function/],
    ];
    for (const [i, [body, re]] of cases.entries()) {
      const p = await file(`bad-${i}.js`, body);
      await expect(loadStrategyFiles([p])).rejects.toThrow(new RegExp(`strategy file .*bad-${i}\\.js: ${re.source}`));
    }
  });

  it('names the file when it cannot be imported', async () => {
    const p = await file('syntax.js', 'export default {');
    await expect(loadStrategyFiles([p])).rejects.toThrow(/strategy file .*syntax\.js: cannot be loaded/);
    await expect(loadStrategyFiles([join(dir, 'missing.js')])).rejects.toThrow(/strategy file .*missing\.js: cannot be loaded/);
  });
});
