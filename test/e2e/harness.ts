// Real processes for the end-to-end tests: a private tmux server (its own -L socket, never the user's),
// free loopback ports, a temp state directory and config, and checks that nothing is left running.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import { cliPath, freePorts } from '../helpers/engine-process.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const CLI = cliPath;

/** A fixed simulated day whose first entries come early (seed 42: 09:25 and 09:30), at 10× speed. */
export const SIM_FLAGS = ['--symbols', 'test', '--max-symbols', '10', '--seed', '42', '--sim-date', '2026-11-20', '--sim-start', '09:15', '--speed', '10'];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 30_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(file, [...args], { env, timeout: timeoutMs, cwd: ROOT }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      res({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** True when nothing listens on the port (we can bind it ourselves). */
export async function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

export interface Sandbox {
  readonly dir: string;
  readonly stateDir: string;
  readonly configFile: string;
  readonly pubPort: number;
  readonly routerPort: number;
  /** The environment every algo-tui process of this test runs with (no broker: the embedded sim). */
  readonly env: NodeJS.ProcessEnv;
  remove(): Promise<void>;
}

export async function sandbox(): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'algo-e2e-'));
  const stateDir = join(dir, 'state');
  const configFile = join(dir, 'config.json');
  const [pubPort, routerPort] = (await freePorts(2)) as [number, number];
  await writeFile(configFile, JSON.stringify({ bus: { pubEndpoint: `tcp://127.0.0.1:${pubPort}`, routerEndpoint: `tcp://127.0.0.1:${routerPort}` } }));
  const env: NodeJS.ProcessEnv = { ...process.env, ALGO_TUI_STATE_DIR: stateDir, NODE_ENV: 'production' };
  for (const k of ['OPENALGO_API_KEY', 'OPENALGO_HOST', 'OPENALGO_WS_URL']) delete env[k];
  return { dir, stateDir, configFile, pubPort, routerPort, env, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Pids whose environment names this state directory: the console and any engine it started (the engine
 * inherits the environment; its command line is replaced by the process title, so `ps` args cannot tell).
 */
export function processesFor(stateDir: string): number[] {
  const needle = `ALGO_TUI_STATE_DIR=${stateDir}\0`;
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (`${readFileSync(`/proc/${name}/environ`, 'latin1')}\0`.includes(needle)) found.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Polls `probe` until it returns a value; on timeout throws `what` plus `detail()` (e.g. the last screen). */
export async function until<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, limitMs: number, detail: () => string = () => ''): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() - start > limitMs) throw new Error(`timed out after ${limitMs / 1000} s waiting for ${what}${detail() ? `\n--- last screen ---\n${detail()}\n---` : ''}`);
    await sleep(250);
  }
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** One tmux server on a private socket, one session 'e2e' running one command. */
export class Tmux {
  readonly socket = `algo-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  readonly statusFile = join(tmpdir(), `${this.socket}.status`);
  lastScreen = '';

  private tmux(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    // -f /dev/null: none of the user's tmux.conf; remain-on-exit keeps the pane so its exit status can be read.
    return run('tmux', ['-L', this.socket, '-f', '/dev/null', ...args]);
  }

  async start(command: readonly string[], env: NodeJS.ProcessEnv, columns: number, rows: number): Promise<void> {
    const envPart = Object.entries(env)
      .filter(([k]) => k === 'ALGO_TUI_STATE_DIR' || k === 'NODE_ENV' || k === 'PATH' || k === 'HOME')
      .map(([k, v]) => `${k}=${shellQuote(v ?? '')}`);
    const unset = ['OPENALGO_API_KEY', 'OPENALGO_HOST', 'OPENALGO_WS_URL'].flatMap((k) => ['-u', k]);
    // The pane's shell runs the command as its child and records the exit status in a file: tmux itself
    // sometimes leaves an exited pane process unreaped (a zombie) for many seconds, so #{pane_dead}
    // cannot be relied on to report an exit.
    rmSync(this.statusFile, { force: true });
    const cmd = ['env', ...unset, ...envPart, ...command.map(shellQuote)].join(' ');
    const line = `cd ${shellQuote(ROOT)} && ${cmd}; echo $? > ${shellQuote(this.statusFile)}`;
    const r = await this.tmux('new-session', '-d', '-s', 'e2e', '-x', String(columns), '-y', String(rows), ';', 'set-option', '-g', 'remain-on-exit', 'on', ';', 'respawn-pane', '-k', '-t', 'e2e', line);
    if (r.code !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
  }

  /** The visible screen; `joined` rejoins lines tmux wrapped, so an over-wide line shows as one. */
  async capture(joined = false): Promise<string> {
    const r = await this.tmux('capture-pane', '-p', ...(joined ? ['-J'] : []), '-t', 'e2e');
    if (r.code === 0) this.lastScreen = r.stdout;
    return this.lastScreen;
  }

  async keys(...keys: string[]): Promise<void> {
    for (const k of keys) await this.tmux('send-keys', '-t', 'e2e', k);
  }

  async resize(columns: number, rows: number): Promise<void> {
    await this.tmux('resize-window', '-t', 'e2e', '-x', String(columns), '-y', String(rows));
  }

  /** The command's exit status once it has exited (the shell reports 128 + n for signal n), else null. */
  async exitStatus(): Promise<number | null> {
    let text: string;
    try {
      text = readFileSync(this.statusFile, 'utf8').trim();
    } catch {
      return null;
    }
    return /^\d+$/.test(text) ? Number(text) : null;
  }

  async kill(): Promise<void> {
    await this.tmux('kill-server');
    rmSync(this.statusFile, { force: true });
    // tmux leaves the socket file behind; it is ours (unique name), so remove it.
    const uid = process.getuid?.() ?? 0;
    await rm(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${uid}`, this.socket), { force: true });
  }
}

/** A detached child process of this test with its output kept for failure messages. */
export function startChild(args: readonly string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  return { child, output: () => out };
}

/**
 * For one test file: a cleanup list run last-first after all its tests, and setUp() giving a fresh
 * sandbox and a private tmux whose teardown (tmux server, every process of the sandbox, its directory)
 * is on that list. Call once at the top of the file.
 */
export function tmuxSandbox(): { cleanups: (() => Promise<void> | void)[]; setUp(): Promise<{ box: Sandbox; tmux: Tmux }> } {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  const setUp = async (): Promise<{ box: Sandbox; tmux: Tmux }> => {
    const box = await sandbox();
    const tmux = new Tmux();
    cleanups.push(async () => {
      await tmux.kill();
      killAll(processesFor(box.stateDir));
      await box.remove();
    });
    return { box, tmux };
  };
  return { cleanups, setUp };
}

/** The screen fits the terminal: at most `rows` lines, none over `columns` characters. */
export function expectFits(screen: string, columns: number, rows: number): void {
  const lines = screen.replace(/\n$/, '').split('\n');
  expect(lines.length, screen).toBeLessThanOrEqual(rows);
  for (const l of lines) expect([...l].length, `over ${columns} columns:\n${l}`).toBeLessThanOrEqual(columns);
}
