// The contract between the CLI dispatcher (app/cli.ts) and each command module
// (app/commands/<name>.ts, which exports `run: CommandRun`).
import type { AppConfig } from '../../domain/config.js';

export interface CommandContext {
  /** Fully resolved and validated configuration (defaults < file < environment < flags). */
  config: AppConfig;
  /** Typed CLI flags as parsed by cli-parse (camelCase keys, see CliFlags). */
  flags: Record<string, unknown>;
  /** Positional arguments after the command name (e.g. the SYMBOL of `flatten`). */
  args: string[];
  /** The installed package's root: symbol lists and config/ live here. */
  packageRoot: string;
  /** Human-readable list of the configuration layers that contributed. */
  configSources: string[];
}

/** Runs a command and resolves to the process exit code. */
export type CommandRun = (ctx: CommandContext) => Promise<number>;
