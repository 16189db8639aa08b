// `algo-tui backtest --from D --to D [--data DIR | --seed N] [--symbols …] [--max-symbols N] [--json] [--out DIR]`:
// runs the engine core over historical 1-minute bars (app/backtest/run-backtest.ts) and prints the report
// (adapters/report). Exit 0 on success, 1 on failure (no data, unreadable directory…); usage errors
// (exit 2) are caught by cli-parse before this runs. Documented in docs/backtest.md.
import cliProgress from 'cli-progress';
import { loadSessionCalendar } from '../../adapters/config/index.js';
import { loadSymbols } from '../../adapters/symbols/index.js';
import { openBarSource, type OpenedBarSource } from '../../adapters/bars/open-bar-source.js';
import { formatRowError } from '../../adapters/feed/replay-csv.js';
import { buildSummary } from '../../adapters/report/summary.js';
import { formatSummary } from '../../adapters/report/format.js';
import { equityChart } from '../../adapters/report/equity-chart.js';
import { writeBacktestOut } from '../../adapters/report/write-out.js';
import { WARM_UP_INTRADAY_SESSIONS } from '../../ports/feed.js';
import { runBacktest } from '../backtest/run-backtest.js';
import type { CommandContext, CommandRun } from './types.js';

export interface BacktestIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Progress bar only on an interactive stderr. */
  stderrIsTty: boolean;
  columns: number;
}

const processIo = (): BacktestIo => ({
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  stderrIsTty: process.stderr.isTTY === true,
  columns: process.stdout.columns ?? 80,
});

export const run: CommandRun = (ctx) => runBacktestCommand(ctx, processIo());

export async function runBacktestCommand(ctx: CommandContext, io: BacktestIo): Promise<number> {
  const { config, flags } = ctx;
  const json = flags.json === true;
  const from = String(flags.from);
  const to = String(flags.to);
  const data = typeof flags.data === 'string' ? flags.data : undefined;
  const seed = data === undefined ? (typeof flags.seed === 'number' ? flags.seed : config.sim.seed) : undefined;
  const out = typeof flags.out === 'string' ? flags.out : undefined;
  const fail = (msg: string): number => {
    io.err(`algo-tui backtest: ${msg}\n`);
    return 1;
  };

  let symbols: string[];
  let opened: OpenedBarSource;
  const notes: string[] = [];
  let calendar;
  try {
    const loaded = loadSymbols(config.symbols, config.maxSymbols, ctx.packageRoot);
    symbols = loaded.symbols;
    for (const w of loaded.warnings) io.err(`warning: ${w}\n`);
    const cal = loadSessionCalendar(config, ctx.packageRoot);
    calendar = cal.calendar;
    for (const w of cal.warnings) io.err(`warning: ${w}\n`);
    opened = openBarSource({ ...(data !== undefined ? { data } : { seed: seed as number }), symbols, from, to, calendar });
  } catch (e) {
    return fail((e as Error).message);
  }
  // Indicators need history before --from (docs/backtest.md): say so when the data has too little.
  const first = opened.days[0];
  if (first !== undefined) {
    const before = opened.source.dates().filter((d) => d < first && calendar.isTradingDay(d)).length;
    if (before < WARM_UP_INTRADAY_SESSIONS) {
      notes.push(`only ${before} trading session(s) of data before ${first}; the indicators need ${WARM_UP_INTRADAY_SESSIONS} (EMA-200, the 15m MACD, 10-day averages), so strategies may not fire on the first days`);
    }
  }
  if (opened.notTrading.length > 0) notes.push(`not trading days, skipped: ${opened.notTrading.join(', ')}`);
  if (opened.absent.length > 0) notes.push(`no data for trading day(s): ${summariseDates(opened.absent)}`);
  for (const n of notes) io.err(`note: ${n}\n`);
  if (opened.days.length === 0) {
    return fail(`no data for any trading day from ${from} to ${to} in ${opened.source.describe}${data !== undefined ? ' (expected DIR/YYYY-MM-DD/SYMBOL.csv, see docs/backtest.md)' : ''}`);
  }

  const bar = !json && io.stderrIsTty ? new cliProgress.SingleBar({ format: 'backtest [{bar}] {value}/{total} days  {date}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
  bar?.start(opened.days.length, 0, { date: '' });
  let result;
  try {
    result = await runBacktest({
      config, calendar, symbols, source: opened.source, days: opened.days,
      onDay: (done, _total, date) => bar?.update(done, { date }),
    });
  } catch (e) {
    bar?.stop();
    return fail((e as Error).message);
  } finally {
    bar?.stop();
  }

  if (result.niftyMissingDays.length > 0) {
    const msg = `no NIFTY bars on ${result.niftyMissingDays.length} of ${opened.days.length} day(s) (${summariseDates(result.niftyMissingDays)}): strategies' NIFTY-trend conditions cannot pass on those days`;
    notes.push(msg);
    io.err(`warning: ${msg}\n`);
  }
  const never = Object.keys(result.missingDaysBySymbol).filter((s) => s !== 'NIFTY' && result.missingDaysBySymbol[s] === opened.days.length);
  if (never.length > 0) {
    const msg = `no bars at all for ${never.length} of ${symbols.length} symbol(s) (${summariseDates(never)}): they were never traded`;
    notes.push(msg);
    io.err(`warning: ${msg}\n`);
  }
  if (result.warmUp.failed.length > 0) notes.push(`warm-up failed for ${result.warmUp.failed.length} instrument(s)`);
  if (result.rowErrors > 0) {
    io.err(`warning: ${result.rowErrors} malformed row(s) skipped; first ${result.firstRowErrors.length}:\n`);
    for (const e of result.firstRowErrors.slice(0, 5)) io.err(`  ${formatRowError(e)}\n`);
  }
  const summary = buildSummary({
    from, to, days: result.days, source: opened.source.describe, symbols: symbols.length, bars: result.bars, capitalPaise: result.capitalPaise,
    trades: result.trades, equity: result.equity, rejections: result.rejections, rowErrors: result.rowErrors, notes,
  });
  if (out !== undefined) {
    try {
      const files = await writeBacktestOut(out, result.trades, summary);
      if (!json) io.err(`wrote ${files.join(', ')}\n`);
    } catch (e) {
      return fail(`cannot write --out ${out}: ${(e as Error).message}`);
    }
  }
  if (json) io.out(`${JSON.stringify(summary, null, 2)}\n`);
  else io.out(formatSummary(summary, equityChart(result.equity, { columns: Math.max(40, io.columns), height: 10 })));
  return 0;
}

function summariseDates(dates: readonly string[]): string {
  return dates.length <= 6 ? dates.join(', ') : `${dates.slice(0, 5).join(', ')} and ${dates.length - 5} more`;
}
