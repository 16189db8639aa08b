// The CLI's logic behind the bin: parse the command line, resolve the configuration, then load the
// command's module lazily (so `algo-tui status` never loads Ink or the engine) and return its exit code.
import { ConfigError, maskSecrets, packageRoot as findRoot, packageVersion, resolveConfig } from '../adapters/config/index.js';
import { HELP_TEXT, parseCli, type CommandName } from './cli-parse.js';
import type { CommandRun } from './commands/types.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly packageRoot: string;
  /** Loads a command module; replaceable so dispatch can be tested without the real commands. */
  readonly load: (command: CommandName) => Promise<{ run: CommandRun }>;
}

export const loadCommand = async (command: CommandName): Promise<{ run: CommandRun }> => {
  // A plain variable specifier: bundlers and vitest leave it alone and Node resolves it at run time.
  const specifier = `./commands/${command}.js`;
  const mod = (await import(specifier)) as { run?: unknown };
  if (typeof mod.run !== 'function') throw new Error(`command module ${command} does not export run()`);
  return { run: mod.run as CommandRun };
};

export function defaultIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    packageRoot: findRoot(),
    load: loadCommand,
  };
}

/** Runs the CLI for `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const parsed = parseCli(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout(HELP_TEXT);
      return 0;
    case 'version':
      io.stdout(`${packageVersion(io.packageRoot)}\n`);
      return 0;
    case 'error':
      io.stderr(`algo-tui: ${parsed.message}\n`);
      return parsed.exitCode;
    case 'run':
      break;
  }

  let resolved;
  try {
    resolved = resolveConfig({
      flags: { ...parsed.flags },
      env: io.env,
      cwd: io.cwd,
      packageRoot: io.packageRoot,
      requireLiveSecrets: parsed.command !== 'service',
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`algo-tui: configuration error:\n${e.message}\n`);
      return 2;
    }
    throw e;
  }
  for (const w of resolved.warnings) io.stderr(`algo-tui: warning: ${w}\n`);

  const { config } = resolved;
  try {
    const { run } = await io.load(parsed.command);
    return await run({
      config,
      flags: { ...parsed.flags },
      args: parsed.args,
      packageRoot: io.packageRoot,
      configSources: resolved.sources,
    });
  } catch (e) {
    // Last line of defence: never print the API key, even inside a stack trace.
    const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.stderr(`algo-tui ${parsed.command}: ${maskSecrets(text, config)}\n`);
    return 1;
  }
}
