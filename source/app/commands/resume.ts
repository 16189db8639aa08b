// `algo-tui resume`: allow new entries again after a pause.
import { simpleCommand } from './bus-command.js';
import type { CommandRun } from './types.js';

export const resumeCommand = simpleCommand('resume', 'resume', () => undefined);
export const run: CommandRun = (ctx) => resumeCommand(ctx);
