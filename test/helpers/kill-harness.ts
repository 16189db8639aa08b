// Kill-test rig: a standalone simulator process (`algo-tui sim`, with OpenAlgo's order endpoints and
// fault injection) and a live-mode engine process trading against it on one state directory, which the
// test SIGKILLs and restarts. Both are real child processes on free loopback ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PersistedState } from '../../source/ports/store.js';
import { cliPath, freePorts } from './engine-process.js';
import { mulberry32 } from './prng.js';

/** Seeded schedule of kills, replayable from its seed. */
export const prng = mulberry32;

export const API_KEY = 'kill-test-key';

export interface Proc {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  output(): string;
  /** Resolves true when a line matching `re` appears after `from` (an output offset), false on exit/timeout. */
  waitFor(re: RegExp, timeoutMs: number, from?: number): Promise<boolean>;
  alive(): boolean;
}

function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Proc {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (b: Buffer): void => {
    text += b.toString('utf8');
    for (const l of [...listeners]) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let done = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    done = true;
    for (const l of [...listeners]) l();
    resolve();
  }));
  const waitFor = (re: RegExp, timeoutMs: number, from = 0): Promise<boolean> => new Promise((resolve) => {
    const check = (): void => {
      if (re.test(text.slice(from))) finish(true);
      else if (done) finish(false);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const finish = (v: boolean): void => {
      clearTimeout(timer);
      listeners.delete(check);
      resolve(v);
    };
    listeners.add(check);
    check();
  });
  return { child, exited, output: () => text, waitFor, alive: () => !done };
}

export interface KillRig {
  readonly dir: string;
  readonly stateDir: string;
  readonly restUrl: string;
  readonly sim: Proc;
  startEngine(): Proc;
  post<T>(endpoint: string, body?: Record<string, unknown>): Promise<T>;
  /** The engine's state.json as last written, or null. */
  readState(): PersistedState | null;
  stopAll(): Promise<void>;
}

export interface RigOptions {
  readonly speed: number;
  readonly simStart: string;
  readonly symbols: string;
  readonly maxSymbols: number;
  /** Extra engine config (risk limits etc.), merged with fresh bus endpoints. */
  readonly engineConfig?: Record<string, unknown>;
}

const cleanEnv = (dir: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir };
  for (const k of ['OPENALGO_API_KEY', 'OPENALGO_HOST', 'OPENALGO_WS_URL', 'ALGO_TUI_CHILD', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'ALGO_TUI_STATE_DIR']) delete env[k];
  return env;
};

export async function startKillRig(o: RigOptions): Promise<KillRig> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'algo-tui-kill-'));
  const stateDir = path.join(dir, 'state');
  mkdirSync(stateDir, { recursive: true });
  const [rest, ws, pub, router] = await freePorts(4);
  const simConfig = path.join(dir, 'sim.json');
  writeFileSync(simConfig, JSON.stringify({ sim: { restPort: rest, wsPort: ws } }));
  const engineConfig = path.join(dir, 'engine.json');
  writeFileSync(engineConfig, JSON.stringify({ ...o.engineConfig, bus: { pubEndpoint: `tcp://127.0.0.1:${pub}`, routerEndpoint: `tcp://127.0.0.1:${router}` } }));
  const common = ['--symbols', o.symbols, '--max-symbols', String(o.maxSymbols)];
  const sim = spawnCli(['sim', '--config', simConfig, '--speed', String(o.speed), '--sim-start', o.simStart, ...common], cleanEnv(dir), dir);
  const engines: Proc[] = [];
  const restUrl = `http://127.0.0.1:${rest}`;
  const rig: KillRig = {
    dir, stateDir, restUrl, sim,
    startEngine: () => {
      const env = { ...cleanEnv(dir), OPENALGO_API_KEY: API_KEY, OPENALGO_HOST: restUrl, OPENALGO_WS_URL: `ws://127.0.0.1:${ws}`, ALGO_TUI_STATE_DIR: stateDir };
      const p = spawnCli(['engine', '--live', '--config', engineConfig, ...common], env, dir);
      engines.push(p);
      return p;
    },
    post: async <T>(endpoint: string, body: Record<string, unknown> = {}): Promise<T> => {
      const res = await fetch(`${restUrl}/api/v1/${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apikey: API_KEY, ...body }) });
      const json = (await res.json()) as T;
      if (!res.ok) throw new Error(`${endpoint}: HTTP ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
    readState: () => {
      try {
        return JSON.parse(readFileSync(path.join(stateDir, 'state.json'), 'utf8')) as PersistedState;
      } catch {
        return null;
      }
    },
    stopAll: async () => {
      for (const p of [...engines, sim]) {
        if (p.alive()) p.child.kill('SIGKILL');
        await p.exited;
      }
    },
  };
  if (!(await sim.waitFor(/Ctrl-C to stop/, 30_000))) {
    await rig.stopAll();
    throw new Error(`simulator did not start:\n${sim.output()}`);
  }
  return rig;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
