// Runs the built engine (`node dist/app/cli.js engine …`) as a real child process in a temp state dir
// with its own bus endpoints, and finds any process it left behind. Used by the service tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findPackageRoot } from '../../source/adapters/config/index.js';

export const packageRoot = findPackageRoot(import.meta.url);
export const cliPath = path.join(packageRoot, 'dist', 'app', 'cli.js');

/** Ports the OS reports free right now (both held open together, so they differ). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<net.Server>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

export interface EngineDir {
  readonly dir: string;
  readonly stateDir: string;
  readonly configFile: string;
}

/** A temp dir with a state dir and a config file naming fresh bus endpoints. */
export async function makeEngineDir(prefix = 'algo-tui-engine-'): Promise<EngineDir> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const configFile = path.join(dir, 'config.json');
  await writeBusConfig(configFile);
  return { dir, stateDir: path.join(dir, 'state'), configFile };
}

export async function writeBusConfig(configFile: string): Promise<void> {
  const [pub, router] = await freePorts(2);
  const bus = { pubEndpoint: `tcp://127.0.0.1:${pub}`, routerEndpoint: `tcp://127.0.0.1:${router}` };
  writeFileSync(configFile, JSON.stringify({ bus }, null, 2));
}

export interface EngineProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** A value only this process (and anything it starts) carries in its environment. */
  readonly marker: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first output line matching `re`; rejects if the process exits or time runs out. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
}

export function startEngineProcess(o: { dir: EngineDir; args?: readonly string[]; configFile?: string }): EngineProcess {
  const marker = `algo-tui-test-${randomUUID()}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A clean environment: no broker, no user config, no TUI-child quiet mode.
  for (const k of ['OPENALGO_API_KEY', 'OPENALGO_HOST', 'OPENALGO_WS_URL', 'ALGO_TUI_CHILD', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME']) delete env[k];
  Object.assign(env, { HOME: o.dir.dir, ALGO_TUI_STATE_DIR: o.dir.stateDir, ALGO_TUI_TEST_MARKER: marker });
  const args = [cliPath, 'engine', '--config', o.configFile ?? o.dir.configFile, ...(o.args ?? ['--symbols', 'test', '--max-symbols', '3'])];
  const child = spawn(process.execPath, args, { cwd: o.dir.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('engine process did not start');
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (b: Buffer): void => {
    text += b.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
      for (const l of listeners) l();
    });
  });
  let done = false;
  void exited.then(() => (done = true));

  const waitFor = (re: RegExp, timeoutMs = 45_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const line = text.split('\n').find((l) => re.test(l));
        if (line !== undefined) finish(() => resolve(line));
        else if (done || child.exitCode !== null) finish(() => reject(new Error(`engine exited before ${re}; output:\n${text}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${re}; output:\n${text}`))), timeoutMs);
      const finish = (f: () => void): void => {
        clearTimeout(timer);
        listeners.delete(check);
        f();
      };
      listeners.add(check);
      check();
    });

  return { child, pid: child.pid, marker, exited, output: () => text, waitFor };
}

/**
 * Pids of live processes carrying `marker` in their environment: the engine and anything it started,
 * even if re-parented after the engine died. Where there is no /proc (macOS) it falls back to the
 * direct children of `rootPid` as `ps` reports them.
 */
export function processesWithMarker(marker: string, rootPid: number): number[] {
  if (existsSync('/proc/self/environ')) {
    const found: number[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const env = readFileSync(`/proc/${name}/environ`, 'latin1');
        const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${name}/status`, 'latin1'))?.[1];
        if (env.split('\0').includes(`ALGO_TUI_TEST_MARKER=${marker}`) && state !== 'Z') found.push(Number(name));
      } catch {
        // the process ended meanwhile, or is not ours to read
      }
    }
    return found;
  }
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter(([pid, ppid]) => pid === rootPid || ppid === rootPid)
    .map(([pid]) => pid as number);
}

/** JSON log lines of the engine's stdout, parsed (non-JSON lines are skipped). */
export function jsonLines(text: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line cut by the read; ignore
    }
  }
  return out;
}
