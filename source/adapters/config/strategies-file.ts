// Reads config/strategies.json, the packaged strategy thresholds that form the base of
// AppConfig.strategies (a user's config file may then override single parameters).
import { existsSync } from 'node:fs';
import type { StrategyParams } from '../../domain/config.js';
import { ConfigError } from './config-error.js';
import { isPlainObject, readJsonFile } from './json-file.js';

type StrategyMap = Record<string, StrategyParams>;

/**
 * Accepts `{ "<id>": { "enabled": bool, "params": { name: number } } }`, optionally wrapped as
 * `{ "strategies": { … } }`; top-level keys starting with '$' or '_' are comments. Null if absent.
 */
export function readStrategiesBase(file: string): StrategyMap | null {
  if (!existsSync(file)) return null;
  const raw = readJsonFile(file, 'strategy parameters file');
  if (!isPlainObject(raw)) throw new ConfigError(`strategy parameters file ${file} must hold a JSON object`);
  const body = isPlainObject(raw.strategies) ? raw.strategies : raw;
  const out: StrategyMap = {};
  for (const [id, entry] of Object.entries(body)) {
    if (id.startsWith('$') || id.startsWith('_')) continue;
    if (!isPlainObject(entry)) throw new ConfigError(`strategies.${id} in ${file}: expected an object {"enabled", "params"}`);
    const enabled = entry.enabled ?? true;
    if (typeof enabled !== 'boolean') throw new ConfigError(`strategies.${id}.enabled = ${JSON.stringify(enabled)} in ${file}: expected true or false`);
    const params = entry.params ?? {};
    if (!isPlainObject(params)) throw new ConfigError(`strategies.${id}.params in ${file}: expected an object of numbers`);
    const numeric: Record<string, number> = {};
    for (const [k, v] of Object.entries(params)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ConfigError(`strategies.${id}.params.${k} = ${JSON.stringify(v)} in ${file}: expected a number`);
      }
      numeric[k] = v;
    }
    out[id] = { enabled, params: numeric };
  }
  return out;
}
