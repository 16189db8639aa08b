// Parses algo-tui's command line (meow) into a command, its arguments and typed flags, without
// exiting the process: the bin (cli.ts) decides what to print and which exit code to use, and tests
// call this directly. Every bad input yields a message naming the flag; the exit code is 2.
import meow from 'meow';
import { isIsoDate, parseClockTime } from '../domain/time.js';

export const COMMANDS = ['engine', 'sim', 'backtest', 'import', 'report', 'status', 'flatten', 'pause', 'resume', 'halt', 'service', 'dashboard'] as const;
/** 'tui' is what runs when no command is given. */
export type CommandName = (typeof COMMANDS)[number] | 'tui';

export interface CliFlags {
  symbols?: string;
  maxSymbols?: number;
  dryRun?: boolean;
  live?: boolean;
  debug?: boolean;
  config?: string;
  stateDir?: string;
  /** true: attach to the configured endpoints; a string: that ROUTER endpoint (tcp://HOST:PORT). */
  attach?: true | string;
  seed?: number;
  simDate?: string;
  simStart?: string;
  speed?: number;
  date?: string;
  json?: boolean;
  all?: boolean;
  user?: boolean;
  install?: boolean;
  flattenOnExit?: boolean;
  /** backtest: first and last IST trading date of the run (inclusive). */
  from?: string;
  to?: string;
  /** backtest/import: the 1-minute bar data directory (docs/backtest.md layout). */
  data?: string;
  /** backtest: directory for trades.csv and summary.json. */
  out?: string;
  /** engine/console: replay this data directory through the engine instead of a live feed; report: true = the replay's trades. */
  replay?: string | true;
  /** import: the time zone of timestamps without an offset. */
  tz?: 'ist' | 'utc';
  /** import: the symbol of every file given (default: each file's name, or its symbol column). */
  symbol?: string;
}

export type CliParseResult =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly command: CommandName; readonly args: string[]; readonly flags: CliFlags }
  | { readonly kind: 'error'; readonly message: string; readonly exitCode: 2 };

// --attach takes an optional value, so it is parsed as a string: bare `--attach` arrives as ''.
const STRING_FLAGS = ['symbols', 'maxSymbols', 'config', 'stateDir', 'attach', 'seed', 'simDate', 'simStart', 'speed', 'date', 'from', 'to', 'data', 'out', 'replay', 'tz', 'symbol'] as const;
const BOOLEAN_FLAGS = ['dryRun', 'live', 'debug', 'json', 'all', 'user', 'install', 'flattenOnExit', 'help', 'version'] as const;
const SHORT: Readonly<Record<string, string>> = { help: 'h' };

export const HELP_TEXT = `
algo-tui: intraday trading console for NSE equities (headless engine + terminal UI over ZeroMQ)

Usage
  $ algo-tui [flags]                 open the console; starts an engine if none answers, else attaches
  $ algo-tui engine [flags]          run the engine without a screen (systemd/launchd)
  $ algo-tui sim [flags]             run the simulated market (OpenAlgo-compatible WS + REST)
  $ algo-tui report [--date D]       print a trading day's trades and summary (P&L, win rate)
  $ algo-tui backtest --from D --to D [--data DIR | --seed N] [--json] [--out DIR]
                                     run the engine's own code over historical 1-minute bars
  $ algo-tui import FILE... --data DIR [--symbol SYM] [--tz ist|utc]
                                     turn 1-minute OHLCV CSV exports into the backtest layout
  $ algo-tui dashboard [--attach ENDPOINT]
                                     chart dashboard (blessed-contrib) on a running engine; read-only
  $ algo-tui status [--json]         one-shot engine status
  $ algo-tui flatten SYMBOL | --all  close one position, or all of them
  $ algo-tui pause | resume          stop / allow new entries
  $ algo-tui halt                    flatten all and block entries for the rest of the session
  $ algo-tui service systemd|launchd [--install] [--user]
                                     print (or install) the service unit for the engine

Market and trading
  --symbols live|test|PATH   symbol list: symbol_list_live.csv, symbol_list_test.csv or a CSV file
                             (header "Symbol")                                     [default: test]
  --max-symbols N            keep the first N symbols of the list
  --dry-run                  real market data, no order leaves the engine (fills simulated)
  --live                     send real orders; needs OPENALGO_API_KEY and OPENALGO_HOST
  --debug                    debug-level logging
  --config FILE              config file    [default: $XDG_CONFIG_HOME/algo-tui/config.json]
  --state-dir DIR            state, logs and keys [default: $XDG_STATE_HOME/algo-tui]
  --attach [ENDPOINT]        console only attaches to a running engine, never starts one;
                             ENDPOINT tcp://HOST:PORT is the engine's ROUTER (PUB: same host,
                             the configured PUB port)          [default: the configured endpoints]
  --flatten-on-exit          engine flattens every position when it is stopped

Simulated market
  --seed N                   random seed of the simulated market                     [default: 42]
  --sim-date YYYY-MM-DD      trading day to simulate     [default: today or last trading day]
  --sim-start HH:MM[:SS]     IST time the simulated clock starts at
  --speed X                  simulated seconds per real second (> 0)
                             [default: 1 in a live session, 10 when replaying a past day]

Backtest and replay
  --from YYYY-MM-DD          backtest: first trading day                                 [required]
  --to YYYY-MM-DD            backtest: last trading day (inclusive)                      [required]
  --data DIR                 backtest/import: 1-minute bar directory (see docs/backtest.md)
                             backtest without --data uses the simulated market of --seed
  --out DIR                  backtest: write trades.csv and summary.json there
  --replay DIR               engine/console: play DIR's bars through the engine instead of a feed,
                             as fast as the engine goes (or --speed X); --from/--to pick the days
                             report --replay: the trades of the last replay
  --tz ist|utc               import: zone of timestamps that carry no offset           [default: ist]
  --symbol SYM               import: the symbol of the file(s) [default: file name or symbol column]

One-shot commands
  --date YYYY-MM-DD          report: the day to report                          [default: today]
  --json                     status/report: machine-readable output
  --all                      flatten: every open position
  --install                  service: write the unit and print the commands that enable it
  --user                     service: a per-user unit (systemd --user / LaunchAgent)

  -h, --help                 show this help
  --version                  show the version

Environment
  OPENALGO_API_KEY, OPENALGO_HOST, OPENALGO_WS_URL   broker (API keys are never taken from flags)
  ALGO_TUI_STATE_DIR                                 state directory

Exit codes: 0 ok, 1 failure, 2 usage or configuration error.
`.trimStart();

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const flagName = (key: string): string => (key.length === 1 ? `-${key}` : `--${kebab(key)}`);
const err = (message: string): CliParseResult => ({ kind: 'error', message, exitCode: 2 });

export function parseCli(argvIn: readonly string[]): CliParseResult {
  // `--attach` takes a value only when it is an endpoint: in `--attach status` the word stays a command.
  const argv = argvIn.map((a, i) => (a === '--attach' && argvIn[i + 1] !== undefined && !argvIn[i + 1]!.startsWith('-') && !argvIn[i + 1]!.startsWith('tcp://') ? '--attach=' : a));
  // `report --replay` names no directory: it reads the state a replay left. Elsewhere --replay needs DIR.
  if (argv.includes('report')) {
    for (let i = 0; i < argv.length; i++) if (argv[i] === '--replay' && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('-'))) argv[i] = '--replay=';
  }
  const booleanWithValue = argv.find((a) => {
    const m = /^--([a-z-]+)=(.*)$/.exec(a);
    return m !== null && (BOOLEAN_FLAGS as readonly string[]).some((b) => kebab(b) === m[1]) && m[2] !== 'true' && m[2] !== 'false';
  });
  if (booleanWithValue !== undefined) return err(`${booleanWithValue.split('=')[0]} takes no value (got ${JSON.stringify(booleanWithValue)})`);

  let parsed: { input: string[]; flags: Record<string, unknown> };
  try {
    const flags: Record<string, { type: 'string' | 'boolean'; shortFlag?: string }> = {};
    for (const f of STRING_FLAGS) flags[f] = { type: 'string' };
    for (const f of BOOLEAN_FLAGS) flags[f] = SHORT[f] ? { type: 'boolean', shortFlag: SHORT[f] } : { type: 'boolean' };
    parsed = meow({
      importMeta: import.meta,
      argv: [...argv],
      pkg: { name: 'algo-tui', bin: { 'algo-tui': 'dist/app/cli.js' } },
      description: false,
      autoHelp: false,
      autoVersion: false,
      allowUnknownFlags: true, // reported below, without meow exiting the process
      booleanDefault: undefined,
      flags,
    });
  } catch (e) {
    const m = /--(\w+) can only be set once/.exec((e as Error).message);
    return err(m ? `--${kebab(m[1] ?? '')} can only be given once` : (e as Error).message);
  }

  const known = new Set<string>([...STRING_FLAGS, ...BOOLEAN_FLAGS]);
  const unknown = Object.keys(parsed.flags).filter((k) => !known.has(k) && k !== '--');
  if (unknown.length > 0) {
    return err(`unknown flag${unknown.length > 1 ? 's' : ''} ${unknown.map(flagName).join(', ')}; see algo-tui --help`);
  }

  const raw = parsed.flags;
  if (raw.help === true) return { kind: 'help', text: HELP_TEXT };
  if (raw.version === true) return { kind: 'version' };

  const input = parsed.input.map(String);
  const [first, ...rest] = input;
  let command: CommandName = 'tui';
  let args = input;
  if (first !== undefined) {
    if (!(COMMANDS as readonly string[]).includes(first)) {
      return err(`unknown command ${JSON.stringify(first)}; commands: ${COMMANDS.join(', ')} (none opens the console)`);
    }
    command = first as CommandName;
    args = rest;
  }

  const flags: CliFlags = {};
  for (const f of BOOLEAN_FLAGS) {
    if (f === 'help' || f === 'version') continue;
    if (typeof raw[f] === 'boolean') flags[f] = raw[f];
  }
  for (const f of STRING_FLAGS) {
    const v = raw[f];
    if (v === undefined) continue;
    const s = String(v).trim();
    if (f === 'attach' && s === '') {
      flags.attach = true;
      continue;
    }
    if (f === 'replay' && command === 'report') {
      if (s !== '') return err(`algo-tui report --replay takes no directory (it reads the last replay's trades), got ${JSON.stringify(s)}`);
      flags.replay = true;
      continue;
    }
    const problem = checkValue(f, s);
    if (problem !== null) return err(`${flagName(f)}: ${problem}, got ${JSON.stringify(String(v))}`);
    switch (f) {
      case 'maxSymbols':
      case 'seed':
      case 'speed':
        flags[f] = Number(s);
        break;
      case 'tz':
        flags.tz = s as 'ist' | 'utc';
        break;
      case 'symbol':
        flags.symbol = s.toUpperCase();
        break;
      default:
        flags[f] = s;
    }
  }
  if (flags.dryRun === true && flags.live === true) return err('--dry-run and --live cannot be used together: pick one');

  const scopeProblem = checkScope(command, flags);
  if (scopeProblem !== null) return err(scopeProblem);
  const argProblem = checkArgs(command, args, flags);
  if (argProblem !== null) return err(argProblem);
  return { kind: 'run', command, args, flags };
}

function checkValue(flag: (typeof STRING_FLAGS)[number], s: string): string | null {
  switch (flag) {
    case 'maxSymbols':
      return /^\d+$/.test(s) && Number(s) >= 1 ? null : 'expected a whole number ≥ 1';
    case 'seed':
      return /^\d+$/.test(s) && Number(s) <= 4294967295 ? null : 'expected a whole number from 0 to 4294967295';
    case 'speed':
      return /^(\d+\.?\d*|\.\d+)$/.test(s) && Number(s) > 0 && Number(s) <= 10000 ? null : 'expected a number > 0 and ≤ 10000';
    case 'simDate':
    case 'date':
    case 'from':
    case 'to':
      return isIsoDate(s) ? null : 'expected a date YYYY-MM-DD';
    case 'tz':
      return s === 'ist' || s === 'utc' ? null : 'expected ist or utc';
    case 'symbol':
      return /^[A-Za-z0-9][A-Za-z0-9&_.-]*$/.test(s) ? null : 'expected a symbol such as RELIANCE';
    case 'attach':
      return parseTcpEndpoint(s) !== null ? null : 'expected nothing or an endpoint tcp://HOST:PORT';
    case 'simStart':
      try {
        parseClockTime(s);
        return null;
      } catch {
        return 'expected a time HH:MM or HH:MM:SS';
      }
    default:
      return s === '' ? 'expected a value' : null;
  }
}

/** Splits tcp://HOST:PORT (HOST may be a bracketed IPv6 address); null when it is not one. */
export function parseTcpEndpoint(endpoint: string): { host: string; port: number } | null {
  const m = /^tcp:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/.exec(endpoint);
  if (!m) return null;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { host: m[1] ?? '', port } : null;
}

/** Flags that mean something to only some commands are refused elsewhere rather than silently ignored. */
const SCOPED: ReadonlyArray<readonly [keyof CliFlags, readonly CommandName[]]> = [
  ['from', ['backtest', 'engine', 'tui']],
  ['to', ['backtest', 'engine', 'tui']],
  ['data', ['backtest', 'import']],
  ['out', ['backtest']],
  ['replay', ['engine', 'tui', 'report']],
  ['tz', ['import']],
  ['symbol', ['import']],
];

function checkScope(command: CommandName, flags: CliFlags): string | null {
  const where = command === 'tui' ? 'the console' : `algo-tui ${command}`;
  for (const [flag, commands] of SCOPED) {
    if (flags[flag] !== undefined && !commands.includes(command)) {
      const users = commands.map((c) => (c === 'tui' ? 'the console' : c)).join(', ');
      return `${flagName(flag)} is not an option of ${where} (it belongs to ${users})`;
    }
  }
  if ((flags.from !== undefined || flags.to !== undefined) && command !== 'backtest' && flags.replay === undefined) {
    return `--from/--to pick the days of a backtest or of --replay`;
  }
  if (flags.from !== undefined && flags.to !== undefined && flags.from > flags.to) return `--from ${flags.from} is after --to ${flags.to}`;
  if (command === 'backtest') {
    if (flags.from === undefined || flags.to === undefined) return 'algo-tui backtest: --from and --to are required (YYYY-MM-DD)';
    if (flags.data !== undefined && flags.seed !== undefined) return 'algo-tui backtest: give --data DIR or --seed N, not both';
  }
  if (command === 'import' && flags.data === undefined) return 'algo-tui import: --data DIR (where the bars go) is required';
  if (flags.replay !== undefined && (flags.live === true || flags.dryRun === true)) return '--replay plays recorded bars on paper: it cannot be combined with --live or --dry-run';
  return null;
}

function checkArgs(command: CommandName, args: readonly string[], flags: CliFlags): string | null {
  const extra = (max: number): string | null =>
    args.length > max ? `algo-tui${command === 'tui' ? '' : ` ${command}`}: unexpected argument ${JSON.stringify(args[max])}` : null;
  switch (command) {
    case 'flatten':
      if (args.length === 0 && flags.all !== true) return 'algo-tui flatten: name a SYMBOL or use --all';
      if (args.length > 0 && flags.all === true) return 'algo-tui flatten: give a SYMBOL or --all, not both';
      return extra(1);
    case 'import':
      return args.length === 0 ? 'algo-tui import: name one or more CSV files to import' : null;
    case 'service':
      if (args[0] !== undefined && args[0] !== 'systemd' && args[0] !== 'launchd') {
        return `algo-tui service: expected "systemd" or "launchd", got ${JSON.stringify(args[0])}`;
      }
      return extra(1);
    default:
      return extra(0);
  }
}
