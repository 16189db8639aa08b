// `algo-tui flatten SYMBOL` closes one position at market; `algo-tui flatten --all` closes every one.
import { EXIT_REFUSED, simpleCommand, stdio, type Io } from './bus-command.js';
import type { CommandContext, CommandRun } from './types.js';

const one = simpleCommand('flatten', 'flatten', (ctx) => ({ symbol: String(ctx.args[0]).trim().toUpperCase() }));
const all = simpleCommand('flatten --all', 'flatten-all', () => undefined);

export async function flattenCommand(ctx: CommandContext, io: Io = stdio): Promise<number> {
  const wantsAll = ctx.flags.all === true;
  if (wantsAll === ctx.args.length > 0) {
    io.err('algo-tui flatten: give a SYMBOL or --all (exactly one)');
    return 2;
  }
  if (!wantsAll && !/^[A-Z0-9&_.-]{1,32}$/i.test(String(ctx.args[0]))) {
    io.err(`algo-tui flatten: ${JSON.stringify(ctx.args[0])} is not an NSE symbol`);
    return EXIT_REFUSED;
  }
  return wantsAll ? all(ctx, io) : one(ctx, io);
}

export const run: CommandRun = (ctx) => flattenCommand(ctx);
