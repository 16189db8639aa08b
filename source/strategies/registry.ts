// The built-in strategies and the factory that applies config to them.
// Scanner priority (seed-strategies.md §4.1): long side first (12, then 11), then short (8, 10, 9);
// user strategies follow in load order.
import type { AppConfig } from '../domain/config.js';
import { strategy8 } from './s08-short-fade-bullish-breakout.js';
import { strategy9 } from './s09-short-alternative.js';
import { strategy10 } from './s10-short-bearish-momentum.js';
import { strategy11 } from './s11-long-bullish-momentum.js';
import { strategy12 } from './s12-long-fade-bearish-breakdown.js';
import type { Strategy, StrategyDefinition } from './strategy.js';

export const STRATEGY_PRIORITY: readonly string[] = ['12', '11', '8', '10', '9'];

/** The five seed strategies, in scanner priority order. */
export const BUILTIN_STRATEGIES: readonly StrategyDefinition[] = [strategy12, strategy11, strategy8, strategy10, strategy9];

function rank(id: string): number {
  const i = STRATEGY_PRIORITY.indexOf(id);
  return i < 0 ? STRATEGY_PRIORITY.length : i;
}

/**
 * Creates the enabled strategies with config params merged over each definition's defaults, in
 * scanner priority order. Throws (naming strategy and parameter) on an unknown parameter, a
 * non-finite value, a config entry for a strategy that is not loaded, or a duplicate id.
 * A strategy without a config entry is enabled with its defaults.
 */
export function createStrategies(
  defs: readonly StrategyDefinition[],
  configStrategies: AppConfig['strategies'],
): Strategy[] {
  const ids = new Set<string>();
  for (const d of defs) {
    if (ids.has(d.id)) throw new Error(`strategy ${d.id}: defined twice (ids must be unique)`);
    ids.add(d.id);
  }
  for (const id of Object.keys(configStrategies)) {
    if (!ids.has(id)) throw new Error(`config strategies.${id}: no strategy with id '${id}' is loaded (known: ${[...ids].join(', ')})`);
  }
  const out: { s: Strategy; order: number }[] = [];
  defs.forEach((def, order) => {
    const cfg = configStrategies[def.id];
    if (cfg !== undefined && !cfg.enabled) return;
    const params: Record<string, number> = { ...def.defaults };
    for (const [name, value] of Object.entries(cfg?.params ?? {})) {
      if (!Object.hasOwn(def.defaults, name)) {
        throw new Error(`strategy ${def.id}: unknown parameter '${name}' (known: ${Object.keys(def.defaults).join(', ')})`);
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new Error(`strategy ${def.id}: parameter '${name}' must be a finite number, got ${String(value)}`);
      }
      params[name] = value;
    }
    const s = def.create(params);
    if (typeof s?.evaluate !== 'function') throw new Error(`strategy ${def.id}: create() did not return a strategy with evaluate()`);
    if (s.id !== def.id) throw new Error(`strategy ${def.id}: create() returned a strategy with id '${s.id}'`);
    out.push({ s, order });
  });
  out.sort((a, b) => rank(a.s.id) - rank(b.s.id) || a.order - b.order);
  return out.map((x) => x.s);
}
