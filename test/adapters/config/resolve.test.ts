import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig, type ResolveConfigOptions } from '../../../source/adapters/config/index.js';
import { sandbox, type Sandbox } from './helpers.js';

let sb: Sandbox;
beforeEach(() => {
  sb = sandbox({ s8: { enabled: true, params: { breakoutBars: 3, volumeRatio: 1.5 } }, s12: { enabled: true, params: { breakoutBars: 3 } } });
});
afterEach(() => sb.cleanup());

const opts = (over: Partial<ResolveConfigOptions> = {}): ResolveConfigOptions => ({
  flags: {},
  env: { HOME: sb.home },
  cwd: sb.root,
  packageRoot: sb.pkg,
  ...over,
});

const errorOf = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('defaults', () => {
  it('produce the documented config with the state dir under ~/.local/state', () => {
    const { config, sources, warnings } = resolveConfig(opts());
    expect(config.mode).toBe('paper');
    expect(config.symbols).toBe('test');
    expect(config.maxSymbols).toBeNull();
    expect(config.stateDir).toBe(path.join(sb.home, '.local', 'state', 'algo-tui'));
    expect(config.risk).toMatchObject({ capital: 200000, allocationPct: 30, leverage: 5, maxOpenPositions: 3, maxDailyTrades: 5 });
    expect(config.bus.pubEndpoint).toBe('tcp://127.0.0.1:6560');
    expect(config.sim).toMatchObject({ seed: 42, wsPort: 18765, restPort: 18500 });
    expect(config.strategies.s8).toEqual({ enabled: true, params: { breakoutBars: 3, volumeRatio: 1.5 } });
    expect(sources).toHaveLength(2);
    expect(warnings).toEqual([]);
  });
  it('use $XDG_STATE_HOME when set', () => {
    const { config } = resolveConfig(opts({ env: { HOME: sb.home, XDG_STATE_HOME: '/var/xdg' } }));
    expect(config.stateDir).toBe('/var/xdg/algo-tui');
  });
  it('work without config/strategies.json', () => {
    const bare = sandbox();
    try {
      const { config } = resolveConfig({ flags: {}, env: { HOME: bare.home }, cwd: bare.root, packageRoot: bare.pkg });
      expect(config.strategies).toEqual({});
    } finally {
      bare.cleanup();
    }
  });
});

describe('precedence: defaults < file < environment < flags', () => {
  it('the default-location config file overrides defaults (deep merge)', () => {
    sb.write('home/.config/algo-tui/config.json', { risk: { capital: 100000 }, openalgo: { host: 'http://127.0.0.1:5000' } });
    const { config, sources } = resolveConfig(opts());
    expect(config.risk.capital).toBe(100000);
    expect(config.risk.leverage).toBe(5); // untouched sibling survives
    expect(config.openalgo.host).toBe('http://127.0.0.1:5000');
    expect(sources.some((s) => s.includes('.config/algo-tui/config.json'))).toBe(true);
  });
  it('$XDG_CONFIG_HOME picks the default file location', () => {
    sb.write('xdg/algo-tui/config.json', { logLevel: 'warn' });
    const { config } = resolveConfig(opts({ env: { HOME: sb.home, XDG_CONFIG_HOME: path.join(sb.root, 'xdg') } }));
    expect(config.logLevel).toBe('warn');
  });
  it('--config FILE is used instead of the default location, and must exist', () => {
    sb.write('home/.config/algo-tui/config.json', { logLevel: 'warn' });
    const file = sb.write('mine.json', { logLevel: 'error' });
    expect(resolveConfig(opts({ configFile: file })).config.logLevel).toBe('error');
    expect(resolveConfig(opts({ flags: { config: 'mine.json' } })).config.logLevel).toBe('error');
    expect(errorOf(() => resolveConfig(opts({ configFile: path.join(sb.root, 'nope.json') }))).message).toMatch(/nope\.json: no such file/);
  });
  it('environment overrides the file', () => {
    const file = sb.write('c.json', { openalgo: { host: 'http://file:5000', apiKey: 'fromfile' }, stateDir: 'state' });
    const env = { HOME: sb.home, OPENALGO_HOST: 'http://env:5000', OPENALGO_API_KEY: 'fromenv', OPENALGO_WS_URL: 'ws://env:8765', ALGO_TUI_STATE_DIR: '/srv/algo' };
    const { config } = resolveConfig(opts({ configFile: file, env }));
    expect(config.openalgo).toMatchObject({ host: 'http://env:5000', apiKey: 'fromenv', wsUrl: 'ws://env:8765' });
    expect(config.stateDir).toBe('/srv/algo');
  });
  it('flags override the environment and the file', () => {
    const file = sb.write('c.json', { symbols: 'live', maxSymbols: 50, sim: { speed: 2 } });
    const { config } = resolveConfig(
      opts({ configFile: file, env: { HOME: sb.home, ALGO_TUI_STATE_DIR: '/srv/algo' }, flags: { symbols: 'test', maxSymbols: 10, speed: 60, stateDir: 'here', debug: true, seed: 7, simDate: '2026-01-05', simStart: '09:10' } }),
    );
    expect(config).toMatchObject({ symbols: 'test', maxSymbols: 10, logLevel: 'debug', stateDir: path.join(sb.root, 'here') });
    expect(config.sim).toMatchObject({ speed: 60, seed: 7, date: '2026-01-05', start: '09:10' });
  });
  it('relative paths in a config file are relative to the file; in flags to the cwd', () => {
    const file = sb.write('etc/c.json', { symbols: 'my.csv', session: { holidaysFile: '~/h.json' } });
    const { config } = resolveConfig(opts({ configFile: file }));
    expect(config.symbols).toBe(path.join(sb.root, 'etc', 'my.csv'));
    expect(config.session.holidaysFile).toBe(path.join(sb.home, 'h.json'));
    expect(resolveConfig(opts({ flags: { symbols: 'x.csv' } })).config.symbols).toBe(path.join(sb.root, 'x.csv'));
  });
  it('a user file overrides single strategy params over config/strategies.json', () => {
    const file = sb.write('c.json', { strategies: { s8: { params: { volumeRatio: 2 } }, s12: { enabled: false } } });
    const { config } = resolveConfig(opts({ configFile: file }));
    expect(config.strategies.s8).toEqual({ enabled: true, params: { breakoutBars: 3, volumeRatio: 2 } });
    expect(config.strategies.s12?.enabled).toBe(false);
  });
});

describe('modes', () => {
  it('--dry-run and --live set the mode; both together is an error', () => {
    expect(resolveConfig(opts({ flags: { dryRun: true } })).config.mode).toBe('dry-run');
    expect(errorOf(() => resolveConfig(opts({ flags: { dryRun: true, live: true } }))).message).toMatch(/--dry-run and --live/);
  });
  it('dry-run without a broker warns that data is simulated', () => {
    expect(resolveConfig(opts({ flags: { dryRun: true } })).warnings.join()).toMatch(/simulator/);
  });
  it('live needs OPENALGO_API_KEY and OPENALGO_HOST', () => {
    const e = errorOf(() => resolveConfig(opts({ flags: { live: true }, env: { HOME: sb.home, OPENALGO_HOST: 'http://h:5000' } })));
    expect(e.message).toMatch(/^live trading needs OPENALGO_API_KEY and OPENALGO_HOST/);
    expect(e.message).toContain('missing: OPENALGO_API_KEY');
    expect(e.message).toContain('--live');
    const file = sb.write('c.json', { mode: 'live' });
    expect(errorOf(() => resolveConfig(opts({ configFile: file }))).message).toContain(file);
    const ok = resolveConfig(opts({ flags: { live: true }, env: { HOME: sb.home, OPENALGO_HOST: 'http://h:5000', OPENALGO_API_KEY: 'k' } }));
    expect(ok.config.mode).toBe('live');
  });
  it('never accepts an API key from flags', () => {
    expect(errorOf(() => resolveConfig(opts({ flags: { apiKey: 'secret' } }))).message).toMatch(/never accepted on the command line/);
  });
});

describe('invalid values name key, value, expectation and source', () => {
  it.each<[unknown, string]>([
    [{ risk: { maxOpenPositions: -1 } }, 'risk.maxOpenPositions = -1 in FILE: expected an integer ≥ 1'],
    [{ risk: { maxOpenPositions: 2.5 } }, 'risk.maxOpenPositions = 2.5 in FILE: expected an integer ≥ 1'],
    [{ risk: { capital: '200000' } }, 'risk.capital = "200000" in FILE: expected a number > 0'],
    [{ risk: { allocationPct: 150 } }, 'risk.allocationPct = 150 in FILE: expected a number > 0 and ≤ 100'],
    [{ mode: 'real' }, 'mode = "real" in FILE: expected one of "paper", "dry-run", "live"'],
    [{ session: { open: '9.15' } }, 'session.open = "9.15" in FILE: expected a time HH:MM or HH:MM:SS'],
    [{ session: { tradingEnd: '15:40' } }, 'session.close = "15:30" in FILE: expected a time at or after session.tradingEnd (15:40)'],
    [{ sim: { date: '2026-02-30' } }, 'sim.date = "2026-02-30" in FILE: expected a date YYYY-MM-DD or null'],
    [{ sim: { wsPort: 70000 } }, 'sim.wsPort = 70000 in FILE: expected an integer from 0 to 65535'],
    [{ bus: { pubEndpoint: 'localhost:6560' } }, 'bus.pubEndpoint = "localhost:6560" in FILE: expected a ZeroMQ endpoint'],
    [{ openalgo: { host: 'ftp://x' } }, 'openalgo.host = "ftp://x" in FILE: expected "" or an http(s) URL'],
    [{ maxSymbols: 0 }, 'maxSymbols = 0 in FILE: expected an integer ≥ 1'],
    [{ strategyFiles: 'a.js' }, 'strategyFiles = "a.js" in FILE: expected a list of file paths'],
    [{ strategies: { s8: { params: { volumeRatio: 'x' } } } }, 'strategies.s8.params.volumeRatio = "x" in FILE: expected a number'],
  ])('%j', (content, expected) => {
    const file = sb.write('c.json', content);
    expect(errorOf(() => resolveConfig(opts({ configFile: file }))).message).toContain(expected.replace('FILE', file));
  });
  it('blames the environment variable', () => {
    const e = errorOf(() => resolveConfig(opts({ env: { HOME: sb.home, OPENALGO_HOST: 'not a url' } })));
    expect(e.message).toBe('openalgo.host = "not a url" in environment variable OPENALGO_HOST: expected "" or an http(s) URL such as http://127.0.0.1:5000');
  });
  it('blames the flag', () => {
    expect(errorOf(() => resolveConfig(opts({ flags: { speed: 0 } }))).message).toBe('sim.speed = 0 in --speed: expected a number > 0 and ≤ 10000');
    expect(errorOf(() => resolveConfig(opts({ flags: { maxSymbols: 'abc' } }))).message).toContain('maxSymbols = "abc" in --max-symbols');
  });
  it('never prints the API key in an error', () => {
    const e = errorOf(() => resolveConfig(opts({ env: { HOME: sb.home, OPENALGO_API_KEY: 'has space secret' } })));
    expect(e.message).not.toContain('secret');
    expect(e.message).toContain('openalgo.apiKey');
  });
  it('reports a file that is not JSON or not an object', () => {
    expect(errorOf(() => resolveConfig(opts({ configFile: sb.write('a.json', '{"risk": ') }))).message).toMatch(/a\.json is not valid JSON/);
    expect(errorOf(() => resolveConfig(opts({ configFile: sb.write('b.json', '[1]') }))).message).toMatch(/b\.json must hold a JSON object/);
  });
});

describe('unknown keys in a config file are errors', () => {
  it('names the key, suggests the near miss and lists what is allowed', () => {
    const file = sb.write('c.json', { risk: { maxOpenPosition: 2 } });
    const e = errorOf(() => resolveConfig(opts({ configFile: file })));
    expect(e.message).toContain(`risk.maxOpenPosition = 2 in ${file}: unknown key (did you mean "maxOpenPositions"?)`);
    expect(e.message).toContain('allowed here: capital');
  });
  it('at the top level too', () => {
    const e = errorOf(() => resolveConfig(opts({ configFile: sb.write('c.json', { symbol: 'live', colour: 'red' }) })));
    expect(e.issues.map((i) => i.path)).toEqual(['symbol', 'colour']);
    expect(e.message).toContain('did you mean "symbols"?');
  });
  it('for strategy parameters of a known strategy', () => {
    const e = errorOf(() => resolveConfig(opts({ configFile: sb.write('c.json', { strategies: { s8: { params: { volumRatio: 2 } } } }) })));
    expect(e.message).toContain('strategies.s8.params.volumRatio = 2');
    expect(e.message).toContain('did you mean "volumeRatio"?');
  });
  it('for a misspelt key inside a strategy entry', () => {
    const e = errorOf(() => resolveConfig(opts({ configFile: sb.write('c.json', { strategies: { s8: { enable: false } } }) })));
    expect(e.message).toContain('strategies.s8.enable = false');
  });
});

describe('the packaged files', () => {
  it('config/default.json and config/strategies.json (if present) resolve cleanly', async () => {
    const { findPackageRoot } = await import('../../../source/adapters/config/index.js');
    const { existsSync, readFileSync } = await import('node:fs');
    const root = findPackageRoot(import.meta.url);
    const { config, warnings } = resolveConfig({ flags: {}, env: { HOME: sb.home }, cwd: sb.root, packageRoot: root });
    expect(warnings).toEqual([]);
    const file = path.join(root, 'config', 'strategies.json');
    if (existsSync(file)) {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const raw = typeof parsed.strategies === 'object' && parsed.strategies !== null ? (parsed.strategies as Record<string, unknown>) : parsed;
      const ids = Object.keys(raw).filter((k) => !k.startsWith('$') && !k.startsWith('_'));
      expect(Object.keys(config.strategies).sort()).toEqual(ids.sort());
    }
  });
  it('a strategy not in strategies.json must give enabled and params', () => {
    const file = sb.write('c.json', { strategies: { mine: { params: { x: 1 } } } });
    expect(errorOf(() => resolveConfig(opts({ configFile: file }))).message).toContain(`strategies.mine.enabled = (missing) in ${file}: expected true or false`);
  });
});
