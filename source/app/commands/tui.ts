// `algo-tui` with no command: the console. Attaches to the engine on the configured bus endpoints, or
// starts one with the same flags when none answers (never with --attach).
import type { CommandContext } from './types.js';

/** Console-only flags that must not reach a child engine's command line. */
const CONSOLE_ONLY = /^--(no-)?attach(=.*)?$/;

/** The user's flags, as typed, for `algo-tui engine …` (the console has no positional arguments). */
export function engineArgsFrom(argv: readonly string[]): string[] {
  return argv.filter((a) => !CONSOLE_ONLY.test(a));
}

export async function run(ctx: CommandContext): Promise<number> {
  // React's development build costs several times the CPU per frame; a console is always production.
  process.env.NODE_ENV ??= 'production';
  // Loaded here so one-shot commands never pay for React and Ink.
  const { runTui } = await import('../tui-main.js');
  return runTui({
    config: ctx.config,
    packageRoot: ctx.packageRoot,
    attachOnly: ctx.flags.attach === true,
    engineArgs: engineArgsFrom(process.argv.slice(2)),
    flattenOnExit: ctx.flags.flattenOnExit === true,
  });
}
