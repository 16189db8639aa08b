// Resolves the configuration: defaults < config file < environment < flags, deep-merged, validated
// after every layer so an invalid value is blamed on the layer that brought it in.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppConfig } from '../../domain/config.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { isPlainObject, readJsonFile } from './json-file.js';
import { closest, deepMerge, findUnknownKeys, getAt } from './merge.js';
import { appConfigSchema } from './schema.js';
import { readStrategiesBase } from './strategies-file.js';

export interface ResolveConfigOptions {
  /** Parsed CLI flags (camelCase keys as produced by cli-parse); unknown keys are ignored. */
  readonly flags: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Explicit config file (--config); must exist. Falls back to flags.config. */
  readonly configFile?: string | null;
  readonly packageRoot: string;
  /**
   * Live mode needs the broker secrets in the process that trades. A command that only writes a service
   * unit for a live engine runs where the secrets are not (they belong in the unit's env file).
   */
  readonly requireLiveSecrets?: boolean;
}

export interface ResolvedConfig {
  readonly config: AppConfig;
  /** Human-readable list of the layers that contributed, in order. */
  readonly sources: string[];
  readonly warnings: string[];
}

interface Layer {
  readonly raw: Record<string, unknown>;
  readonly sourceOf: (keyPath: string) => string;
}

export const ENV_KEYS = {
  OPENALGO_API_KEY: ['openalgo', 'apiKey'],
  OPENALGO_HOST: ['openalgo', 'host'],
  OPENALGO_WS_URL: ['openalgo', 'wsUrl'],
  ALGO_TUI_STATE_DIR: ['stateDir'],
} as const;

/** Flag (camelCase) → config path, for the flags that set a config value directly. */
const FLAG_KEYS: Readonly<Record<string, readonly string[]>> = {
  symbols: ['symbols'],
  maxSymbols: ['maxSymbols'],
  stateDir: ['stateDir'],
  seed: ['sim', 'seed'],
  simDate: ['sim', 'date'],
  simStart: ['sim', 'start'],
  speed: ['sim', 'speed'],
};

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function resolveConfig(opts: ResolveConfigOptions): ResolvedConfig {
  const { env, cwd, packageRoot } = opts;
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : os.homedir();
  const sources: string[] = [];
  const warnings: string[] = [];

  // Layer 0: packaged defaults, with config/strategies.json as the base of `strategies`.
  const defaultsFile = path.join(packageRoot, 'config', 'default.json');
  const defaultsRaw = readJsonFile(defaultsFile, 'defaults file');
  if (!isPlainObject(defaultsRaw)) throw new ConfigError(`defaults file ${defaultsFile} must hold a JSON object`);
  const strategiesFile = path.join(packageRoot, 'config', 'strategies.json');
  const strategiesBase = readStrategiesBase(strategiesFile);
  let merged: unknown = { ...defaultsRaw, strategies: strategiesBase ?? {} };
  sources.push(`defaults ${defaultsFile}`);
  if (strategiesBase) sources.push(`strategy parameters ${strategiesFile}`);
  const defaultsLayer: Layer = { raw: defaultsRaw, sourceOf: () => defaultsFile };
  let parsed = validate(merged, defaultsLayer);
  const template = merged;

  const layers: Layer[] = [];
  const fileLayer = configFileLayer(opts, home, template, strategiesBase ?? {});
  if (fileLayer) {
    layers.push(fileLayer.layer);
    sources.push(`config file ${fileLayer.file}`);
  }
  const envLayer = environmentLayer(env, cwd, home);
  if (envLayer) {
    layers.push(envLayer.layer);
    sources.push(`environment ${envLayer.names.join(', ')}`);
  }
  const flagLayer = flagsLayer(opts.flags, cwd, home);
  if (flagLayer) {
    layers.push(flagLayer.layer);
    sources.push(`flags ${flagLayer.names.join(' ')}`);
  }

  for (const layer of layers) {
    merged = deepMerge(merged, layer.raw);
    parsed = validate(merged, layer);
  }

  const modeLayer = [...layers].reverse().find((l) => 'mode' in l.raw);
  const modeSource = modeLayer ? modeLayer.sourceOf('mode') : defaultsFile;
  if (parsed.mode === 'live') {
    const missing = [parsed.openalgo.apiKey === '' ? 'OPENALGO_API_KEY' : null, parsed.openalgo.host === '' ? 'OPENALGO_HOST' : null].filter(
      (m): m is string => m !== null,
    );
    if (missing.length > 0 && opts.requireLiveSecrets !== false) {
      throw new ConfigError(
        `live trading needs OPENALGO_API_KEY and OPENALGO_HOST (mode "live" from ${modeSource}); missing: ${missing.join(', ')}. ` +
          'Set them in the environment (or openalgo.host in the config file), or drop --live to trade on paper.',
      );
    }
    if (parsed.openalgo.wsUrl === '') warnings.push('openalgo.wsUrl is empty: set OPENALGO_WS_URL so live mode can receive market data');
  }
  if (parsed.mode === 'dry-run' && parsed.openalgo.host === '') {
    warnings.push('dry-run without OPENALGO_HOST: market data comes from the built-in simulator, not the real market');
  }

  const stateDir = parsed.stateDir !== '' ? parsed.stateDir : defaultStateDir(env, home);
  return { config: { ...parsed, stateDir }, sources, warnings };
}

/** $XDG_STATE_HOME/algo-tui, else ~/.local/state/algo-tui. */
export function defaultStateDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const xdg = env.XDG_STATE_HOME;
  return xdg !== undefined && path.isAbsolute(xdg) ? path.join(xdg, 'algo-tui') : path.join(home, '.local', 'state', 'algo-tui');
}

/** $XDG_CONFIG_HOME/algo-tui/config.json, else ~/.config/algo-tui/config.json. */
export function defaultConfigFile(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const xdg = env.XDG_CONFIG_HOME;
  const dir = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(home, '.config');
  return path.join(dir, 'algo-tui', 'config.json');
}

function validate(merged: unknown, layer: Layer): AppConfig {
  const res = appConfigSchema.safeParse(merged);
  if (res.success) return res.data;
  const issues: ConfigIssue[] = res.error.issues.map((i) => {
    const keys = i.path.map(String);
    if (i.code === 'unrecognized_keys') {
      const at = keys.join('.');
      const key = i.keys[0] ?? '';
      const p = at === '' ? key : `${at}.${key}`;
      return { path: p, value: getAt(merged, [...i.path, key]), expected: 'unknown key', source: layer.sourceOf(p) };
    }
    const p = keys.join('.');
    const value = p === 'openalgo.apiKey' ? '(masked)' : getAt(merged, i.path);
    return { path: p, value, expected: i.message, source: layer.sourceOf(p) };
  });
  throw ConfigError.fromIssues(issues);
}

function configFileLayer(
  opts: ResolveConfigOptions,
  home: string,
  template: unknown,
  strategiesBase: Readonly<Record<string, { params: Readonly<Record<string, number>> }>>,
): { layer: Layer; file: string } | null {
  const explicit = opts.configFile ?? (typeof opts.flags.config === 'string' ? opts.flags.config : null);
  let file: string;
  if (explicit !== null && explicit !== '') {
    file = path.resolve(opts.cwd, expandHome(explicit, home));
  } else {
    file = defaultConfigFile(opts.env, home);
    if (!existsSync(file)) return null;
  }
  const raw = readJsonFile(file, 'config file');
  if (!isPlainObject(raw)) throw new ConfigError(`config file ${file} must hold a JSON object, e.g. {"risk": {"capital": 100000}}`);

  const unknown = findUnknownKeys(raw, template, new Set(['strategies']));
  const issues: ConfigIssue[] = unknown.map((u) => ({
    path: u.path,
    value: getAt(raw, u.path.split('.')),
    expected: `unknown key${u.suggestion ? ` (did you mean "${u.suggestion}"?)` : ''}; allowed here: ${u.allowed.join(', ')}`,
    source: file,
  }));
  issues.push(...checkStrategyOverrides(raw.strategies, strategiesBase, file));
  if (issues.length > 0) throw ConfigError.fromIssues(issues);

  const dir = path.dirname(file);
  return { layer: { raw: resolvePaths(raw, dir, home), sourceOf: () => file }, file };
}

/** A user may override known parameters of known strategies; a misspelt parameter name is an error. */
function checkStrategyOverrides(
  raw: unknown,
  base: Readonly<Record<string, { params: Readonly<Record<string, number>> }>>,
  file: string,
): ConfigIssue[] {
  if (!isPlainObject(raw)) return [];
  const issues: ConfigIssue[] = [];
  for (const [name, entry] of Object.entries(raw)) {
    const known = base[name];
    if (!known || !isPlainObject(entry)) continue;
    for (const k of Object.keys(entry)) {
      if (k !== 'enabled' && k !== 'params') {
        issues.push({ path: `strategies.${name}.${k}`, value: entry[k], expected: 'unknown key; allowed here: enabled, params', source: file });
      }
    }
    if (!isPlainObject(entry.params)) continue;
    const allowed = Object.keys(known.params);
    for (const k of Object.keys(entry.params)) {
      if (!Object.hasOwn(known.params, k)) {
        const hint = closest(k, allowed);
        issues.push({
          path: `strategies.${name}.params.${k}`,
          value: entry.params[k],
          expected: `unknown parameter${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${allowed.join(', ')}`,
          source: file,
        });
      }
    }
  }
  return issues;
}

function environmentLayer(env: ResolveConfigOptions['env'], cwd: string, home: string): { layer: Layer; names: string[] } | null {
  const raw: Record<string, unknown> = {};
  const names: string[] = [];
  const byPath = new Map<string, string>();
  for (const [name, keyPath] of Object.entries(ENV_KEYS)) {
    const v = env[name];
    if (v === undefined || v.trim() === '') continue;
    const value = name === 'ALGO_TUI_STATE_DIR' ? path.resolve(cwd, expandHome(v.trim(), home)) : v.trim();
    setAt(raw, keyPath, value);
    names.push(name);
    byPath.set(keyPath.join('.'), name);
  }
  if (names.length === 0) return null;
  return { layer: { raw, sourceOf: (p) => `environment variable ${byPath.get(p) ?? names.join('/')}` }, names };
}

function flagsLayer(flags: ResolveConfigOptions['flags'], cwd: string, home: string): { layer: Layer; names: string[] } | null {
  for (const secret of ['apiKey', 'openalgoApiKey', 'key']) {
    if (flags[secret] !== undefined) {
      throw new ConfigError(`--${kebab(secret)}: API keys are never accepted on the command line (they leak into shell history and ps); set OPENALGO_API_KEY`);
    }
  }
  const raw: Record<string, unknown> = {};
  const names: string[] = [];
  const byPath = new Map<string, string>();
  if (flags.dryRun === true && flags.live === true) throw new ConfigError('--dry-run and --live cannot be used together: pick one');
  if (flags.dryRun === true || flags.live === true) {
    const flag = flags.live === true ? '--live' : '--dry-run';
    raw.mode = flags.live === true ? 'live' : 'dry-run';
    names.push(flag);
    byPath.set('mode', flag);
  }
  if (flags.debug === true) {
    raw.logLevel = 'debug';
    names.push('--debug');
    byPath.set('logLevel', '--debug');
  }
  for (const [flag, keyPath] of Object.entries(FLAG_KEYS)) {
    let v = flags[flag];
    if (v === undefined) continue;
    if ((flag === 'stateDir' || (flag === 'symbols' && v !== 'live' && v !== 'test')) && typeof v === 'string' && v !== '') {
      v = path.resolve(cwd, expandHome(v, home));
    }
    setAt(raw, keyPath, v);
    names.push(`--${kebab(flag)}`);
    byPath.set(keyPath.join('.'), `--${kebab(flag)}`);
  }
  if (names.length === 0) return null;
  return { layer: { raw, sourceOf: (p) => byPath.get(p) ?? 'command-line flags' }, names };
}

/** Relative paths in a config file are relative to that file's directory; '~/' means home. */
function resolvePaths(raw: Record<string, unknown>, dir: string, home: string): Record<string, unknown> {
  const fix = (v: unknown): unknown => (typeof v === 'string' && v !== '' ? path.resolve(dir, expandHome(v, home)) : v);
  const out: Record<string, unknown> = { ...raw };
  if ('stateDir' in out) out.stateDir = fix(out.stateDir);
  if (typeof out.symbols === 'string' && out.symbols !== 'live' && out.symbols !== 'test') out.symbols = fix(out.symbols);
  if (isPlainObject(out.session) && 'holidaysFile' in out.session) out.session = { ...out.session, holidaysFile: fix(out.session.holidaysFile) };
  if (Array.isArray(out.strategyFiles)) out.strategyFiles = out.strategyFiles.map(fix);
  return out;
}

export function expandHome(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
}

function setAt(obj: Record<string, unknown>, keyPath: readonly string[], value: unknown): void {
  let cur = obj;
  keyPath.forEach((k, i) => {
    if (i === keyPath.length - 1) cur[k] = value;
    else {
      if (!isPlainObject(cur[k])) cur[k] = {};
      cur = cur[k] as Record<string, unknown>;
    }
  });
}
