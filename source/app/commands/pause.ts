// `algo-tui pause`: stop new entries (open positions keep their stops).
import { simpleCommand } from './bus-command.js';
import type { CommandRun } from './types.js';

export const pauseCommand = simpleCommand('pause', 'pause', () => undefined);
export const run: CommandRun = (ctx) => pauseCommand(ctx);
