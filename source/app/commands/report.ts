// `algo-tui report [--date YYYY-MM-DD] [--json]`: a day's trades and summary, read straight from the
// state directory. Read-only and lock-free (state files are replaced by atomic rename), so it works
// whether or not an engine is running.
import { engineStateDir } from '../engine/state-dir.js';
import { replayStateDir } from '../engine/replay-state.js';
import { LowdbStore } from '../../adapters/store/lowdb-store.js';
import { buildDayReport } from '../../adapters/store/report-summary.js';
import { formatDayReport } from '../../adapters/store/report-format.js';
import { istDate, isIsoDate } from '../../domain/time.js';
import type { Trade } from '../../domain/trading.js';
import type { CommandContext, CommandRun } from './types.js';

export interface ReportIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Wall time, for "today". */
  now: () => number;
}

const processIo: ReportIo = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  now: () => Date.now(),
};

export const run: CommandRun = (ctx: CommandContext) => runReport(ctx, processIo);

export async function runReport(ctx: CommandContext, io: ReportIo): Promise<number> {
  // A replay's state lives apart from the engine's (docs/replay.md); --replay reports that one.
  const stateDir = ctx.flags.replay === true ? replayStateDir(ctx.config.stateDir) : engineStateDir(ctx.config);
  const json = ctx.flags.json === true;
  const asked = typeof ctx.flags.date === 'string' ? ctx.flags.date : null;
  if (asked !== null && !isIsoDate(asked)) {
    io.err(`algo-tui report: --date '${asked}' is not a date; expected YYYY-MM-DD\n`);
    return 1;
  }
  const store = LowdbStore.openReadOnly(stateDir);
  let date = asked ?? istDate(io.now());
  let trades: Trade[] | null;
  let note: string | null = null;
  try {
    trades = await store.loadTrades(date);
    if (asked === null && (trades === null || trades.length === 0)) {
      const latest = await latestDayWithTrades(store, date);
      if (latest) {
        // A replay's days are in the past: "today" means nothing there.
        note = ctx.flags.replay === true ? 'The latest replayed day with trades.' : `No trades today (${date}); showing the latest day with trades.`;
        date = latest.date;
        trades = latest.trades;
      }
    }
  } catch (e) {
    io.err(`algo-tui report: cannot read the state in ${stateDir}: ${(e as Error).message}\n`);
    return 1;
  }

  const report = buildDayReport(date, trades ?? [], note);
  if (json) {
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  if (report.trades.length === 0) {
    const which = asked === null ? `today (${date}) or on any earlier day` : `on ${date}`;
    io.out(`No trades ${which} in ${stateDir}.\n`);
    return 0;
  }
  io.out(formatDayReport(report));
  return 0;
}

async function latestDayWithTrades(store: LowdbStore, notAfter: string): Promise<{ date: string; trades: Trade[] } | null> {
  for (const d of await store.tradeDates()) {
    if (d > notAfter) continue;
    const trades = await store.loadTrades(d);
    if (trades && trades.length > 0) return { date: d, trades };
  }
  return null;
}
