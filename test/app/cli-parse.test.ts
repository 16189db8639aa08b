import { describe, expect, it } from 'vitest';
import { COMMANDS, HELP_TEXT, parseCli, parseTcpEndpoint, type CliParseResult } from '../../source/app/cli-parse.js';

const error = (r: CliParseResult): string => {
  if (r.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  expect(r.exitCode).toBe(2);
  return r.message;
};

describe('parseCli', () => {
  it('no command opens the console with typed flags', () => {
    expect(parseCli(['--symbols', 'test', '--max-symbols', '10', '--dry-run', '--debug'])).toEqual({
      kind: 'run',
      command: 'tui',
      args: [],
      flags: { symbols: 'test', maxSymbols: 10, dryRun: true, debug: true },
    });
  });
  it('every command is accepted', () => {
    const minimal: Partial<Record<string, string[]>> = {
      flatten: ['--all'],
      backtest: ['--from', '2026-01-05', '--to', '2026-01-09'],
      import: ['bars.csv', '--data', 'data'],
    };
    for (const c of COMMANDS) {
      const argv = [c, ...(minimal[c] ?? [])];
      expect(parseCli(argv)).toMatchObject({ kind: 'run', command: c });
    }
  });
  it('backtest, import and replay flags are parsed and scoped', () => {
    expect(parseCli(['backtest', '--from', '2026-01-05', '--to', '2026-01-09', '--data', 'd', '--out', 'o', '--json'])).toMatchObject({
      command: 'backtest',
      flags: { from: '2026-01-05', to: '2026-01-09', data: 'd', out: 'o', json: true },
    });
    expect(parseCli(['import', 'a.csv', 'b.csv', '--data', 'd', '--tz', 'utc', '--symbol', 'reliance'])).toMatchObject({
      args: ['a.csv', 'b.csv'],
      flags: { data: 'd', tz: 'utc', symbol: 'RELIANCE' },
    });
    expect(parseCli(['engine', '--replay', 'd', '--from', '2026-01-05', '--to', '2026-01-05'])).toMatchObject({ flags: { replay: 'd' } });
    expect(parseCli(['report', '--replay'])).toMatchObject({ command: 'report', flags: { replay: true } });
    expect(parseCli(['report', '--replay', '--date', '2026-01-05'])).toMatchObject({ flags: { replay: true, date: '2026-01-05' } });
    const errors: Array<[string[], RegExp]> = [
      [['backtest', '--from', '2026-01-05'], /--from and --to are required/],
      [['backtest', '--from', '2026-01-09', '--to', '2026-01-05'], /--from 2026-01-09 is after --to 2026-01-05/],
      [['backtest', '--from', '2026-01-05', '--to', '2026-01-09', '--data', 'd', '--seed', '3'], /--data DIR or --seed N, not both/],
      [['backtest', '--from', '2026-01-5', '--to', '2026-01-09'], /--from: expected a date/],
      [['import', '--data', 'd'], /name one or more CSV files/],
      [['import', 'a.csv'], /--data DIR .* is required/],
      [['import', 'a.csv', '--data', 'd', '--tz', 'est'], /--tz: expected ist or utc/],
      [['report', '--out', 'o'], /--out is not an option of algo-tui report/],
      [['engine', '--from', '2026-01-05'], /--from\/--to pick the days/],
      [['engine', '--replay', 'd', '--live'], /cannot be combined with --live/],
      [['status', '--replay', 'd'], /--replay is not an option of algo-tui status/],
      [['report', '--replay', 'd'], /report --replay takes no directory/],
      [['engine', '--replay'], /--replay: expected a value/],
    ];
    for (const [argv, message] of errors) {
      const r = parseCli(argv);
      expect(r.kind, argv.join(' ')).toBe('error');
      if (r.kind === 'error') expect(r.message, argv.join(' ')).toMatch(message);
    }
  });
  it('sim flags are converted', () => {
    expect(parseCli(['sim', '--seed', '7', '--sim-date', '2026-01-05', '--sim-start', '09:10', '--speed', '0.5'])).toMatchObject({
      flags: { seed: 7, simDate: '2026-01-05', simStart: '09:10', speed: 0.5 },
    });
  });
  it('one-shot flags and arguments', () => {
    expect(parseCli(['flatten', 'M&M'])).toMatchObject({ command: 'flatten', args: ['M&M'] });
    expect(parseCli(['service', 'systemd', '--install', '--user'])).toMatchObject({ args: ['systemd'], flags: { install: true, user: true } });
    expect(parseCli(['report', '--date', '2026-01-05', '--json'])).toMatchObject({ flags: { date: '2026-01-05', json: true } });
    expect(parseCli(['engine', '--flatten-on-exit', '--state-dir', '/tmp/s', '--config', 'c.json'])).toMatchObject({
      flags: { flattenOnExit: true, stateDir: '/tmp/s', config: 'c.json' },
    });
    expect(parseCli(['--attach', '--live'])).toMatchObject({ command: 'tui', flags: { attach: true, live: true } });
  });
  it('--attach takes an optional ROUTER endpoint', () => {
    expect(parseCli(['--attach'])).toMatchObject({ command: 'tui', flags: { attach: true } });
    expect(parseCli(['--attach', '--symbols', 'test'])).toMatchObject({ command: 'tui', flags: { attach: true, symbols: 'test' } });
    expect(parseCli(['--attach', 'tcp://10.0.0.5:7001'])).toMatchObject({ command: 'tui', args: [], flags: { attach: 'tcp://10.0.0.5:7001' } });
    expect(parseCli(['--attach=tcp://engine.lan:6561', '--debug'])).toMatchObject({ flags: { attach: 'tcp://engine.lan:6561', debug: true } });
    expect(parseCli(['--attach', 'tcp://[::1]:6561'])).toMatchObject({ flags: { attach: 'tcp://[::1]:6561' } });
    // a word after a bare --attach is still the command
    expect(parseCli(['--attach', 'status'])).toMatchObject({ command: 'status', flags: { attach: true } });
  });
  it('parseTcpEndpoint splits host and port', () => {
    expect(parseTcpEndpoint('tcp://127.0.0.1:6561')).toEqual({ host: '127.0.0.1', port: 6561 });
    expect(parseTcpEndpoint('tcp://[::1]:1')).toEqual({ host: '[::1]', port: 1 });
    expect(parseTcpEndpoint('tcp://host:0')).toBeNull();
    expect(parseTcpEndpoint('tcp://host:65536')).toBeNull();
    expect(parseTcpEndpoint('ipc:///tmp/x')).toBeNull();
    expect(parseTcpEndpoint('tcp://host')).toBeNull();
  });
  it('--help and --version', () => {
    expect(parseCli(['--help'])).toEqual({ kind: 'help', text: HELP_TEXT });
    expect(parseCli(['status', '-h'])).toEqual({ kind: 'help', text: HELP_TEXT });
    expect(parseCli(['--version'])).toEqual({ kind: 'version' });
  });
  it('help mentions every command and flag', () => {
    for (const word of [...COMMANDS, '--symbols', '--max-symbols', '--dry-run', '--live', '--debug', '--config', '--state-dir', '--attach',
      '--seed', '--sim-date', '--sim-start', '--speed', '--date', '--json', '--all', '--user', '--install', '--flatten-on-exit', '--version']) {
      expect(HELP_TEXT).toContain(word);
    }
  });
});

describe('bad input exits 2 with a message naming the flag', () => {
  it.each([
    [['--max-symbols', 'abc'], '--max-symbols: expected a whole number ≥ 1, got "abc"'],
    [['--max-symbols', '0'], '--max-symbols: expected a whole number ≥ 1, got "0"'],
    [['--max-symbols', '-1'], '--max-symbols: expected a whole number ≥ 1, got "-1"'],
    [['--speed', '0'], '--speed: expected a number > 0 and ≤ 10000, got "0"'],
    [['--speed', 'fast'], '--speed: expected a number > 0'],
    [['--sim-date', '2026-13-01'], '--sim-date: expected a date YYYY-MM-DD, got "2026-13-01"'],
    [['report', '--date', '05-01-2026'], '--date: expected a date YYYY-MM-DD'],
    [['--sim-start', '9am'], '--sim-start: expected a time HH:MM or HH:MM:SS, got "9am"'],
    [['--seed', '1.5'], '--seed: expected a whole number'],
    [['--symbols'], '--symbols: expected a value'],
    [['--max-symbol', '3'], 'unknown flag --max-symbol'],
    [['--api-key', 'x'], 'unknown flag --api-key'],
    [['-x'], 'unknown flag -x'],
    [['--dry-run=yes'], '--dry-run takes no value'],
    [['--speed', '2', '--speed', '3'], '--speed can only be given once'],
    [['--dry-run', '--live'], '--dry-run and --live cannot be used together'],
    [['engin'], 'unknown command "engin"'],
    [['--attach', 'tcp://host'], '--attach: expected nothing or an endpoint tcp://HOST:PORT, got "tcp://host"'],
    [['--attach=6561'], '--attach: expected nothing or an endpoint tcp://HOST:PORT, got "6561"'],
    [['--attach', 'tcp://a:1', '--attach'], '--attach can only be given once'],
    [['--attach', 'bogus'], 'unknown command "bogus"'],
    [['status', 'extra'], 'algo-tui status: unexpected argument "extra"'],
    [['flatten'], 'algo-tui flatten: name a SYMBOL or use --all'],
    [['flatten', 'TCS', '--all'], 'not both'],
    [['service', 'upstart'], 'algo-tui service: expected "systemd" or "launchd", got "upstart"'],
  ])('%j', (argv, expected) => {
    expect(error(parseCli(argv))).toContain(expected);
  });
});
