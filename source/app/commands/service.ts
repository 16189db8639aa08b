// Placeholder written by the CLI's author so dispatch works before the real command lands;
// the owner of `algo-tui service` replaces this file.
import type { CommandRun } from './types.js';

export const run: CommandRun = async () => {
  process.stderr.write('algo-tui service: not available in this build yet\n');
  return 2;
};
