import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BUILTIN_STRATEGIES, createStrategies, STRATEGY_PRIORITY } from '../../source/strategies/registry.js';
import { defineRuleStrategy } from '../../source/strategies/define.js';
import type { StrategyDefinition } from '../../source/strategies/strategy.js';

describe('createStrategies', () => {
  it('returns the built-ins in scanner priority order: 12, 11, 8, 10, 9', () => {
    expect(createStrategies(BUILTIN_STRATEGIES, {}).map((s) => s.id)).toEqual(['12', '11', '8', '10', '9']);
    expect(STRATEGY_PRIORITY).toEqual(['12', '11', '8', '10', '9']);
  });

  it('leaves disabled strategies out and puts user strategies after the built-ins', () => {
    const user = defineRuleStrategy({ id: 'mine', name: 'mine', side: 'LONG', timeframe: '5m', defaults: { x: 1 }, rules: () => [] });
    const ids = createStrategies([user, ...BUILTIN_STRATEGIES], { '11': { enabled: false, params: {} } }).map((s) => s.id);
    expect(ids).toEqual(['12', '8', '10', '9', 'mine']);
  });

  it('rejects an unknown parameter naming the strategy and the parameter', () => {
    expect(() => createStrategies(BUILTIN_STRATEGIES, { '10': { enabled: true, params: { vrpMaxx: 1 } } }))
      .toThrow(/strategy 10: unknown parameter 'vrpMaxx'/);
  });

  it('rejects a non-finite value, an unknown strategy id and duplicate ids', () => {
    expect(() => createStrategies(BUILTIN_STRATEGIES, { '9': { enabled: true, params: { vrpMin: Number.NaN } } }))
      .toThrow(/strategy 9: parameter 'vrpMin' must be a finite number/);
    expect(() => createStrategies(BUILTIN_STRATEGIES, { '7': { enabled: true, params: {} } })).toThrow(/strategies\.7: no strategy/);
    expect(() => createStrategies([...BUILTIN_STRATEGIES, BUILTIN_STRATEGIES[0]!], {})).toThrow(/defined twice/);
    const liar: StrategyDefinition = { ...BUILTIN_STRATEGIES[0]!, id: 'liar', create: BUILTIN_STRATEGIES[0]!.create };
    expect(() => createStrategies([liar], {})).toThrow(/strategy liar: create\(\) returned a strategy with id '12'/);
  });

  it('config/strategies.json holds every threshold of every seed strategy, equal to the defaults', async () => {
    const cfg = JSON.parse(await readFile(new URL('../../config/strategies.json', import.meta.url), 'utf8')) as Record<string, { enabled: boolean; params: Record<string, number> }>;
    expect(Object.keys(cfg).sort()).toEqual(['10', '11', '12', '8', '9']);
    for (const def of BUILTIN_STRATEGIES) {
      expect(cfg[def.id]!.enabled).toBe(true);
      expect(cfg[def.id]!.params).toEqual(def.defaults);
    }
    expect(createStrategies(BUILTIN_STRATEGIES, cfg)).toHaveLength(5);
  });
});
