// Loads user strategy modules (plain ESM .js files named in config `strategyFiles`). Each module's
// default export must be a StrategyDefinition; anything else is rejected with an error naming the file.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StrategyDefinition } from '../strategies/strategy.js';

function problem(def: unknown): string | null {
  if (typeof def !== 'object' || def === null) return 'has no default export object (export default { id, name, side, timeframe, defaults, create })';
  const d = def as Record<string, unknown>;
  if (typeof d.id !== 'string' || d.id.trim() === '') return "'id' must be a non-empty string";
  if (typeof d.name !== 'string' || d.name === '') return "'name' must be a non-empty string";
  if (d.side !== 'LONG' && d.side !== 'SHORT') return `'side' must be 'LONG' or 'SHORT', got ${JSON.stringify(d.side)}`;
  if (d.timeframe !== '5m' && d.timeframe !== '15m') return `'timeframe' must be '5m' or '15m', got ${JSON.stringify(d.timeframe)}`;
  if (typeof d.defaults !== 'object' || d.defaults === null || Array.isArray(d.defaults)) return "'defaults' must be an object of numbers";
  for (const [k, v] of Object.entries(d.defaults)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return `'defaults.${k}' must be a finite number, got ${JSON.stringify(v)}`;
  }
  if (typeof d.create !== 'function') return "'create' must be a function (params) => Strategy";
  return null;
}

/** Imports each file and validates its default export; throws naming the file on any problem. */
export async function loadStrategyFiles(paths: readonly string[]): Promise<StrategyDefinition[]> {
  const out: StrategyDefinition[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    let mod: { default?: unknown };
    try {
      mod = (await import(pathToFileURL(abs).href)) as { default?: unknown };
    } catch (err) {
      throw new Error(`strategy file ${abs}: cannot be loaded: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const why = problem(mod.default);
    if (why !== null) throw new Error(`strategy file ${abs}: ${why}`);
    out.push(mod.default as StrategyDefinition);
  }
  return out;
}
