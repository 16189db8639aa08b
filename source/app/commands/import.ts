// `algo-tui import FILE... --data DIR [--symbol SYM] [--tz ist|utc]`: turns 1-minute OHLCV CSV exports
// into the bar layout that backtests and --replay read (docs/replay.md). Exit 0 when bars were
// imported, 1 when a file could not be read, a day file could not be merged or no row was accepted.
import { resolve } from 'node:path';
import { formatImportSummary, importExitCode, importFiles } from '../../adapters/bars/import-run.js';
import type { CommandRun } from './types.js';

export const run: CommandRun = async (ctx) => {
  const dataDir = resolve(String(ctx.flags.data));
  const tz = ctx.flags.tz === 'utc' ? 'utc' : 'ist';
  const symbol = typeof ctx.flags.symbol === 'string' ? ctx.flags.symbol : undefined;
  try {
    const summary = await importFiles({ files: ctx.args, dataDir, tz, ...(symbol !== undefined ? { symbol } : {}) });
    const code = importExitCode(summary);
    process.stdout.write(formatImportSummary(summary, dataDir));
    if (code !== 0) {
      const why = summary.fileErrors.length > 0 ? 'a file could not be read' : summary.dayErrors.length > 0 ? 'some day files could not be merged' : 'no row was accepted';
      process.stderr.write(`algo-tui import: failed: ${why} (see above)\n`);
    }
    return code;
  } catch (e) {
    process.stderr.write(`algo-tui import: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
};
