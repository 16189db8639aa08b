// `algo-tui halt`: flatten everything and block entries for the rest of the session.
import { simpleCommand } from './bus-command.js';
import type { CommandRun } from './types.js';

export const haltCommand = simpleCommand('halt', 'halt', () => undefined);
export const run: CommandRun = (ctx) => haltCommand(ctx);
