// `algo-tui service systemd|launchd [--user] [--install]`: prints (or installs) the service definition
// that runs `algo-tui engine` unattended. It never runs systemctl/launchctl: it prints the commands.
import os from 'node:os';
import path from 'node:path';
import type { AppConfig } from '../../domain/config.js';
import { defaultStateDir, packageVersion } from '../../adapters/config/index.js';
import {
  ServiceConfigError,
  cliPathFor,
  ensureDir,
  ensureEnvFile,
  invokingUser,
  launchdNextSteps,
  launchdPaths,
  launchdReloadSteps,
  renderLaunchdPlist,
  renderSystemdUnit,
  shellQuote,
  systemdEnvFilePath,
  systemdNextSteps,
  systemdUnitPath,
  writeReplacing,
  type InvokingUser,
  type Owner,
  type ServiceSpec,
  type SystemdScope,
} from '../../adapters/service/index.js';
import type { CommandRun } from './types.js';

export interface ServiceRunOptions {
  readonly manager: string | undefined;
  readonly flags: Readonly<Record<string, unknown>>;
  readonly config: AppConfig;
  readonly packageRoot: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly nodePath: string;
  readonly nodeVersion: string;
  /** Effective uid of this process (-1 where there is none, e.g. Windows). */
  readonly uid: number;
  /** Root of /etc for system units; tests point it at a temp dir. */
  readonly etcDir?: string;
  readonly passwdFile?: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Flags that make no sense for a service; refused by name instead of silently dropped. */
const NOT_FOR_SERVICE: Readonly<Record<string, string>> = {
  simDate: '--sim-date',
  simStart: '--sim-start',
  speed: '--speed',
  date: '--date',
  json: '--json',
  all: '--all',
  attach: '--attach',
};

export const run: CommandRun = (ctx) =>
  runService({
    manager: ctx.args[0],
    flags: ctx.flags,
    config: ctx.config,
    packageRoot: ctx.packageRoot,
    env: process.env,
    cwd: process.cwd(),
    nodePath: process.execPath,
    nodeVersion: process.version,
    uid: process.getuid?.() ?? -1,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  });

export async function runService(o: ServiceRunOptions): Promise<number> {
  const usage = (message: string): number => {
    o.stderr(`algo-tui service: ${message}\n`);
    return 2;
  };
  if (o.manager === undefined) return usage('name the service manager: algo-tui service systemd [--user] [--install] | algo-tui service launchd [--install]');
  if (o.manager !== 'systemd' && o.manager !== 'launchd') return usage(`unknown service manager ${JSON.stringify(o.manager)}; expected "systemd" (Linux) or "launchd" (macOS)`);
  if (o.manager === 'launchd' && o.flags.user === true) {
    return usage('--user means nothing for launchd: the engine always runs as a per-user LaunchAgent (~/Library/LaunchAgents), in your login session; drop --user');
  }
  const refused = Object.keys(NOT_FOR_SERVICE).filter((k) => o.flags[k] !== undefined);
  if (refused.length > 0) return usage(`${refused.map((k) => NOT_FOR_SERVICE[k]).join(', ')} cannot be used with service: a service runs the engine on the real clock, every day`);

  try {
    return o.manager === 'systemd' ? await systemd(o) : await launchd(o);
  } catch (e) {
    if (e instanceof ServiceConfigError) return usage(e.message);
    const err = e as NodeJS.ErrnoException;
    if ((err.code === 'EACCES' || err.code === 'EPERM') && err.path !== undefined) {
      const hint =
        o.manager === 'systemd' && o.flags.user !== true
          ? `a system unit needs root: sudo ${shellQuote(o.nodePath)} ${shellQuote(cliPathFor(o.packageRoot))} service systemd --install (or use --user)`
          : 'check the ownership of that directory';
      o.stderr(`algo-tui service: cannot write ${err.path}: permission denied; ${hint}\n`);
      return 1;
    }
    throw e;
  }
}

async function systemd(o: ServiceRunOptions): Promise<number> {
  const userScope = o.flags.user === true;
  const who = invokingUser({ env: o.env, uid: o.uid, ...(o.passwdFile ? { passwdFile: o.passwdFile } : {}) });
  const dirs = { configHome: configHome(o.env), etcDir: o.etcDir ?? '/etc' };
  const scope: SystemdScope = userScope ? { kind: 'user' } : { kind: 'system', user: who.name };
  const spec = buildSpec(o, systemdEnvFilePath(scope.kind, dirs), userScope ? null : who);
  const unit = renderSystemdUnit(spec, scope);
  const unitPath = systemdUnitPath(scope.kind, dirs);
  if (o.flags.install !== true) {
    o.stdout(unit);
    o.stderr(`algo-tui service: printed only; --install writes it to ${unitPath}\n`);
    return 0;
  }
  if (!userScope && who.uid === 0) o.stderr('algo-tui service: warning: the system unit will run the engine as root; install it with sudo from your own account instead\n');
  const owner: Owner | undefined = who.viaSudo ? { uid: who.uid, gid: who.gid } : undefined;
  await ensureDir(spec.stateDir, 0o700, owner);
  // A system unit's env file stays root's: systemd reads it before dropping to User=.
  const envResult = await ensureEnvFile(spec.envFile);
  await writeReplacing(unitPath, unit, 0o644);
  o.stdout(
    [
      `wrote ${unitPath}`,
      envLine(spec.envFile, envResult),
      `state directory ${spec.stateDir}`,
      '',
      'Next (algo-tui does not run these for you):',
      ...systemdNextSteps(scope, who.name).map((c) => `  ${c}`),
      userScope ? '  (enable-linger keeps the engine running while you are logged out and starts it at boot)' : '',
      `Logs: journalctl ${userScope ? '--user-unit' : '-u'} algo-tui-engine -f`,
      '',
    ].join('\n'),
  );
  return 0;
}

async function launchd(o: ServiceRunOptions): Promise<number> {
  const home = homeOf(o.env);
  const paths = launchdPaths(home);
  const spec = buildSpec(o, path.join(configHome(o.env), 'algo-tui', 'engine.env'), null);
  const plist = renderLaunchdPlist(spec, paths, o.nodeVersion);
  if (o.flags.install !== true) {
    o.stdout(plist);
    o.stderr(`algo-tui service: printed only; --install writes it to ${paths.plist}\n`);
    return 0;
  }
  await ensureDir(spec.stateDir, 0o700);
  await ensureDir(paths.logDir, 0o755);
  const envResult = await ensureEnvFile(spec.envFile);
  await writeReplacing(paths.plist, plist, 0o644);
  o.stdout(
    [
      `wrote ${paths.plist}`,
      envLine(spec.envFile, envResult),
      `state directory ${spec.stateDir}`,
      '',
      'Next (algo-tui does not run these for you):',
      ...launchdNextSteps(paths).map((c) => `  ${c}`),
      'After re-installing (e.g. an upgrade), reload it:',
      ...launchdReloadSteps(paths).map((c) => `  ${c}`),
      `Logs: ${paths.stdoutLog} and ${paths.stderrLog}`,
      '',
    ].join('\n'),
  );
  return 0;
}

function envLine(file: string, result: 'created' | 'kept'): string {
  return result === 'created'
    ? `created ${file} (mode 0600): put OPENALGO_API_KEY, OPENALGO_HOST and OPENALGO_WS_URL there`
    : `kept ${file} as it is (never overwritten)`;
}

/** The spec shared by both managers. `systemUser` is set for a system unit (state dir in their home). */
function buildSpec(o: ServiceRunOptions, envFile: string, systemUser: InvokingUser | null): ServiceSpec {
  return {
    nodePath: o.nodePath,
    cliPath: cliPathFor(o.packageRoot),
    engineArgs: engineArgs(o),
    stateDir: serviceStateDir(o, systemUser),
    envFile,
    version: packageVersion(o.packageRoot),
  };
}

/** The engine flags given to `service`, carried into the service's command line with absolute paths. */
function engineArgs(o: ServiceRunOptions): string[] {
  const f = o.flags;
  const args: string[] = [];
  if (typeof f.config === 'string') args.push('--config', path.resolve(o.cwd, expandHome(f.config, homeOf(o.env))));
  if (f.symbols !== undefined) args.push('--symbols', o.config.symbols);
  if (typeof f.maxSymbols === 'number') args.push('--max-symbols', String(f.maxSymbols));
  if (typeof f.seed === 'number') args.push('--seed', String(f.seed));
  if (f.dryRun === true) args.push('--dry-run');
  if (f.live === true) args.push('--live');
  if (f.debug === true) args.push('--debug');
  if (f.flattenOnExit === true) args.push('--flatten-on-exit');
  return args;
}

/**
 * Under sudo, HOME is usually root's, so a default state dir would land in /root where the service's
 * user cannot write: a default is re-derived from the invoking user's home. An explicit one is kept.
 */
function serviceStateDir(o: ServiceRunOptions, systemUser: InvokingUser | null): string {
  if (systemUser?.viaSudo === true && o.config.stateDir === defaultStateDir(o.env, homeOf(o.env))) {
    return defaultStateDir({}, systemUser.home);
  }
  return o.config.stateDir;
}

const homeOf = (env: ServiceRunOptions['env']): string => (env.HOME !== undefined && env.HOME !== '' ? env.HOME : os.homedir());

function configHome(env: ServiceRunOptions['env']): string {
  const xdg = env.XDG_CONFIG_HOME;
  return xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(homeOf(env), '.config');
}

const expandHome = (p: string, home: string): string => (p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p);
