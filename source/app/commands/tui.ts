// `algo-tui` with no command: the console. Attaches to the engine on the configured bus endpoints, or
// starts one with the same flags when none answers (never with --attach).
import type { CommandContext } from './types.js';

/** Console-only flags that must not reach a child engine's command line. */
const CONSOLE_ONLY = /^--(no-)?attach(=.*)?$/;

/** The user's flags, as typed, for `algo-tui engine …` (the console has no positional arguments). */
export function engineArgsFrom(argv: readonly string[]): string[] {
  // `--attach tcp://…` carries its endpoint in the next word; it goes with the flag.
  return argv.filter((a, i) => !CONSOLE_ONLY.test(a) && !(argv[i - 1] === '--attach' && a.startsWith('tcp://')));
}

export async function run(ctx: CommandContext): Promise<number> {
  // React's development build costs several times the CPU per frame; a console is always production.
  process.env.NODE_ENV ??= 'production';
  // Ink renders only a final frame when it thinks it runs in CI (it reads CI / CONTINUOUS_INTEGRATION
  // once, at import). A console on a real terminal is interactive whatever those say (a CI job's tmux,
  // a shell that exports CI), so they are cleared before Ink loads.
  if (process.stdout.isTTY) {
    delete process.env.CI;
    delete process.env.CONTINUOUS_INTEGRATION;
  }
  // Loaded here so one-shot commands never pay for React and Ink.
  const { runTui } = await import('../tui-main.js');
  const { attach } = ctx.flags;
  const code = await runTui({
    config: ctx.config,
    packageRoot: ctx.packageRoot,
    attachOnly: attach !== undefined,
    ...(typeof attach === 'string' ? { attachEndpoint: attach } : {}),
    engineArgs: engineArgsFrom(process.argv.slice(2)),
    flattenOnExit: ctx.flags.flattenOnExit === true,
  });
  return code;
}
