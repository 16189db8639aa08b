// What a service definition (systemd unit or launchd plist) needs to run `algo-tui engine` unattended.
// Everything is an absolute path: a service manager starts processes with a minimal PATH and an
// unspecified working directory, so nothing may depend on either.
import path from 'node:path';

export interface ServiceSpec {
  /** Absolute path of the node binary that runs the engine (process.execPath of the generator). */
  readonly nodePath: string;
  /** Absolute path of algo-tui's dist/app/cli.js. */
  readonly cliPath: string;
  /** Arguments after `engine` (e.g. --symbols live --dry-run), already absolute where they are paths. */
  readonly engineArgs: readonly string[];
  /** The engine's state directory, passed as ALGO_TUI_STATE_DIR. */
  readonly stateDir: string;
  /** File with OPENALGO_API_KEY and friends; the service reads it, the unit never holds a secret. */
  readonly envFile: string;
  /** algo-tui's version, written into a header comment so an outdated unit is recognisable. */
  readonly version: string;
}

/** Builds the absolute path of the CLI inside an installed package. */
export function cliPathFor(packageRoot: string): string {
  return path.join(packageRoot, 'dist', 'app', 'cli.js');
}

/** Throws a message naming `what` unless `p` is absolute. */
export function requireAbsolute(what: string, p: string): void {
  if (!path.isAbsolute(p)) throw new ServiceConfigError(`${what} must be an absolute path, got ${JSON.stringify(p)}`);
}

/** A service definition cannot be generated from the given inputs; the message names the input. */
export class ServiceConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceConfigError';
  }
}
