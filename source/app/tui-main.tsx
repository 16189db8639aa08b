// Wiring for the console: adapt the bus client to the TUI's backend interface, attach to a running engine
// or start one as a child process, own the terminal (alternate screen, restored on exit and on crash),
// and on quit either stop the engine this TUI started or leave it running.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import React from 'react';
import { render } from 'ink';
import { BusClient, probeEngine } from '../adapters/bus/bus-client.js';
import { busKeyDir, readClientKeys } from '../adapters/bus/keys.js';
import type { AppConfig } from '../domain/config.js';
import { attachEndpoints } from './attach.js';
import type { EngineEvent, EngineView, LogRecord } from '../domain/view.js';
import type { RequestArgs, RequestType as WireRequestType } from '../protocol/index.js';
import type { ConnectionPhase, RequestReply, RequestType, TuiBackend } from '../tui/backend.js';
import { TUI_MAX_FPS, TuiApp, type QuitRequest } from '../tui/app.js';

/** Adapts BusClient to TuiBackend; replays the current phase and view to late subscribers. */
export class BusTuiBackend implements TuiBackend {
  private phase: ConnectionPhase = 'connecting';
  private view: EngineView | null = null;
  private logs: readonly LogRecord[] = [];
  private readonly extra = new Set<(e: EngineEvent) => void>();

  constructor(private readonly client: BusClient) {
    client.onPhase((p) => (this.phase = p));
    client.onState((v) => (this.view = v));
    client.onSnapshot((s) => (this.logs = s.logs));
  }

  onPhase(l: (p: ConnectionPhase, detail?: string) => void): () => void {
    l(this.phase);
    return this.client.onPhase((p) => l(p));
  }
  onState(l: (v: EngineView) => void): () => void {
    if (this.view) l(this.view);
    return this.client.onState((v) => l(v));
  }
  onEvent(l: (e: EngineEvent) => void): () => void {
    this.extra.add(l);
    const off = this.client.onEvent((e) => l(e));
    return () => {
      this.extra.delete(l);
      off();
    };
  }
  /** A line in the logs panel from this process (e.g. "the engine child exited"). */
  note(level: LogRecord['level'], msg: string): void {
    for (const l of this.extra) l({ type: 'log', record: { ts: Date.now(), level, msg } });
  }
  async request(type: RequestType, args?: Readonly<Record<string, unknown>>): Promise<RequestReply> {
    const send = this.client.request.bind(this.client) as (t: WireRequestType, a?: RequestArgs[WireRequestType]) => ReturnType<BusClient['request']>;
    const reply = await send(type, args as RequestArgs[WireRequestType]);
    if (reply.ok) return { ok: true, result: reply.result };
    const hint = reply.error.code === 'unauthorized' ? ' (this console has no request.secret: read-only)' : '';
    return { ok: false, error: `${reply.error.code}: ${reply.error.message}${hint}` };
  }
  snapshotLogs(): readonly LogRecord[] {
    return this.logs;
  }
}

export { attachEndpoints, type BusEndpoints } from './attach.js';

export interface TuiMainOptions {
  readonly config: AppConfig;
  readonly packageRoot: string;
  /** Only attach; never start an engine. */
  readonly attachOnly: boolean;
  /** --attach ENDPOINT: the engine's ROUTER endpoint, instead of the configured one (implies attachOnly). */
  readonly attachEndpoint?: string;
  /** Flags to start a child engine with (the user's own, minus the console-only ones). */
  readonly engineArgs: readonly string[];
  /** The engine closes positions when it stops (--flatten-on-exit). */
  readonly flattenOnExit: boolean;
  readonly stdout?: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WriteStream;
}

const ALT_SCREEN_ON = '\u001B[?1049h';
const ALT_SCREEN_OFF = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
const STOP_GRACE_MS = 10_000;
const START_TIMEOUT_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function engineAnswers(config: AppConfig, timeoutMs: number): Promise<boolean> {
  const keys = await readClientKeys(config.stateDir);
  return probeEngine({ routerEndpoint: config.bus.routerEndpoint }, timeoutMs, keys ?? undefined);
}

/** Resolves after ms; the timer is cleared when the race is settled, so it never holds the process open. */
function timeout(ms: number): { promise: Promise<false>; cancel: () => void } {
  let t: NodeJS.Timeout | undefined;
  const promise = new Promise<false>((r) => (t = setTimeout(() => r(false), ms)));
  return { promise, cancel: () => clearTimeout(t) };
}

/** Starts `algo-tui engine …` detached (its own process group: a Ctrl-C in this terminal never reaches it). */
function spawnEngine(opts: TuiMainOptions): { child: ChildProcess; logFile: string } {
  const dir = join(opts.config.stateDir, 'logs');
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, 'engine-child.log');
  const fd = openSync(logFile, 'a');
  const cli = join(opts.packageRoot, 'dist', 'app', 'cli.js');
  const child = spawn(process.execPath, [cli, 'engine', ...opts.engineArgs], { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return { child, logFile };
}

async function waitForEngine(opts: TuiMainOptions, child: ChildProcess): Promise<string | null> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return `exited (${child.exitCode ?? child.signalCode})`;
    // The keys appear once the engine has started; until then a ping cannot be authenticated.
    if ((await readClientKeys(opts.config.stateDir)) && (await engineAnswers(opts.config, 1000))) return null;
    await sleep(250);
  }
  return `did not answer on ${opts.config.bus.routerEndpoint} within ${START_TIMEOUT_MS / 1000} s`;
}

async function stopChild(child: ChildProcess): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const grace = timeout(STOP_GRACE_MS);
  const graceful = await Promise.race([exited.then(() => true), grace.promise]);
  grace.cancel();
  if (!graceful) {
    child.kill('SIGKILL');
    await exited;
  }
  return graceful;
}

/** Runs the console until the user quits; resolves to the exit code. */
export async function runTui(opts: TuiMainOptions): Promise<number> {
  const out = opts.stdout ?? process.stdout;
  const err = opts.stderr ?? process.stderr;
  let config = opts.config;
  const attachOnly = opts.attachOnly || opts.attachEndpoint !== undefined;
  if (opts.attachEndpoint !== undefined) {
    try {
      config = { ...config, bus: { ...config.bus, ...attachEndpoints(config.bus, opts.attachEndpoint) } };
    } catch (e) {
      err.write(`algo-tui: ${(e as Error).message}\n`);
      return 2;
    }
  }

  let child: ChildProcess | null = null;
  let logFile = '';
  if (!(await engineAnswers(config, 1500))) {
    if (attachOnly) {
      err.write(
        `algo-tui: no engine answers on ${config.bus.routerEndpoint}; --attach never starts one. ` +
          `Start it with 'algo-tui engine', or run 'algo-tui' without --attach.\n`,
      );
      return 3;
    }
    ({ child, logFile } = spawnEngine(opts));
    err.write(`algo-tui: no engine running; started one (pid ${child.pid}), output in ${logFile}\n`);
    const problem = await waitForEngine(opts, child);
    if (problem) {
      err.write(`algo-tui: the engine ${problem}; see ${logFile}\n`);
      if (child.exitCode === null) await stopChild(child);
      return 1;
    }
  }
  const keys = await readClientKeys(config.stateDir);
  if (!keys) {
    err.write(`algo-tui: an engine answers on ${config.bus.routerEndpoint} but there are no bus keys in ${busKeyDir(config.stateDir)}\n`);
    return 1;
  }

  const client = new BusClient({
    pubEndpoint: config.bus.pubEndpoint,
    routerEndpoint: config.bus.routerEndpoint,
    keys,
    heartbeatTimeoutMs: Math.max(1000, config.bus.heartbeatMs * 3),
    requestTimeoutMs: 15_000, // flatten waits for fills
    requestRetries: 1,
  });
  const backend = new BusTuiBackend(client);
  child?.once('exit', (code, signal) => backend.note('error', `engine process exited (${code ?? signal}); see ${logFile}`));

  // The terminal is ours until we give it back, whatever happens.
  const isTty = Boolean(out.isTTY);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    if (isTty) out.write(SHOW_CURSOR + ALT_SCREEN_OFF);
  };
  const onCrash = (e: unknown): void => {
    restore();
    err.write(`algo-tui: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  };
  process.once('exit', restore);
  process.once('uncaughtException', onCrash);
  process.once('unhandledRejection', onCrash);
  if (isTty) out.write(ALT_SCREEN_ON);

  let resolveQuit: (q: QuitRequest) => void = () => {};
  const quit = new Promise<QuitRequest>((r) => (resolveQuit = r));
  // A closed terminal or a service manager's signal detaches and leaves an engine running: positions
  // need their stops watched more than they need this screen.
  const onSignal = (): void => resolveQuit({ stopEngine: false, openPositions: 0 });
  for (const s of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.once(s, onSignal);

  // Short enough that the whole question fits the dialog at 80 columns.
  const stopNote = opts.flattenOnExit ? 'closed at market as it stops' : 'kept for the next engine start';
  const instance = render(
    <TuiApp
      backend={backend}
      onQuit={resolveQuit}
      ownsEngine={child !== null}
      stopNote={stopNote}
      debugLogs={config.logLevel === 'debug'}
    />,
    { stdout: out, stderr: err, exitOnCtrlC: false, maxFps: TUI_MAX_FPS, patchConsole: true },
  );
  client.start();

  const request = await quit;
  instance.unmount();
  client.stop();
  restore();
  for (const s of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.off(s, onSignal);
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);

  if (child) {
    if (request.stopEngine) {
      err.write(`algo-tui: stopping the engine (pid ${child.pid})…\n`);
      const graceful = await stopChild(child);
      err.write(graceful ? 'algo-tui: engine stopped.\n' : `algo-tui: engine did not stop within ${STOP_GRACE_MS / 1000} s; killed.\n`);
    } else {
      child.unref();
      err.write(`algo-tui: detached; the engine keeps running (pid ${child.pid}). Attach again with 'algo-tui', stop it with 'kill ${child.pid}'.\n`);
    }
  }
  return 0;
}
