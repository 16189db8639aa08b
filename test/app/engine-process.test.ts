// The engine as a service manager sees it: a real `node dist/app/cli.js engine` child process that is
// stopped with SIGTERM (systemd's KillSignal, launchd's stop) or SIGINT (Ctrl-C) and must exit 0 after
// saving its state and releasing the state-directory lock, leaving no process behind.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  jsonLines,
  makeEngineDir,
  processesWithMarker,
  startEngineProcess,
  writeBusConfig,
  type EngineDir,
  type EngineProcess,
} from '../helpers/engine-process.js';

const started: EngineProcess[] = [];
const dirs: EngineDir[] = [];

afterEach(async () => {
  for (const p of started.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  }
  for (const d of dirs.splice(0)) rmSync(d.dir, { recursive: true, force: true });
});

async function engine(dir: EngineDir, configFile?: string): Promise<EngineProcess> {
  const p = startEngineProcess({ dir, ...(configFile ? { configFile } : {}) });
  started.push(p);
  return p;
}

async function stopsCleanly(signal: 'SIGTERM' | 'SIGINT'): Promise<void> {
  const dir = await makeEngineDir();
  dirs.push(dir);
  const first = await engine(dir);
  await first.waitFor(/"msg":"engine running"/);
  const simDir = path.join(dir.stateDir, 'sim');
  // The scan below must be able to see the engine, or "nothing left" would prove nothing.
  expect(processesWithMarker(first.marker, first.pid)).toContain(first.pid);
  // While it runs, the state directory is locked to it: a second engine (own bus ports) is refused.
  expect(existsSync(path.join(simDir, 'engine.lock'))).toBe(true);
  const contenderConfig = path.join(dir.dir, 'contender.json');
  await writeBusConfig(contenderConfig);
  const contender = await engine(dir, contenderConfig);
  expect((await contender.exited).code).toBe(1);
  expect(contender.output()).toMatch(/another algo-tui engine is using state directory/);

  const t0 = performance.now();
  first.child.kill(signal);
  const { code, signal: killedBy } = await first.exited;
  console.log(`engine-process: ${signal} → exit in ${Math.round(performance.now() - t0)} ms`);
  expect(killedBy).toBeNull();
  expect(code).toBe(0);

  const msgs = jsonLines(first.output()).map((r) => r.msg);
  expect(msgs).toContain(`received ${signal}: stopping entries and shutting down`);
  expect(msgs).toContain('engine stopped');
  expect(msgs.indexOf('engine stopped')).toBeGreaterThan(msgs.indexOf(`received ${signal}: stopping entries and shutting down`));
  // The daily log file under the state dir got the shutdown too (the refused contender may have
  // written its own file dated by the wall clock, before any simulated clock existed).
  const logs = readdirSync(simDir).filter((f) => /^live_trading_\d{8}\.log$/.test(f));
  const shutdownLogged = logs.filter((f) => readFileSync(path.join(simDir, f), 'utf8').includes(`received ${signal}: stopping entries`));
  expect(shutdownLogged).toHaveLength(1);

  const state = JSON.parse(readFileSync(path.join(simDir, 'state.json'), 'utf8')) as Record<string, unknown>;
  expect(state).toMatchObject({ version: 1, engineState: expect.any(String) });
  expect(state.positions).toEqual(expect.any(Array));
  // The lock was released by the engine, not merely taken over after its death.
  expect(existsSync(path.join(simDir, 'engine.lock'))).toBe(false);
  expect(processesWithMarker(first.marker, first.pid)).toEqual([]);

  // A second engine can start on the same state directory and stop cleanly too.
  const second = await engine(dir);
  await second.waitFor(/"msg":"engine running"/);
  second.child.kill('SIGTERM');
  expect((await second.exited).code).toBe(0);
  expect(processesWithMarker(second.marker, second.pid)).toEqual([]);
}

describe('engine as a child process', () => {
  it('SIGTERM: logs the shutdown, saves state, releases the lock, exits 0, leaves no process', () => stopsCleanly('SIGTERM'), 120_000);
  it('SIGINT: the same as SIGTERM', () => stopsCleanly('SIGINT'), 120_000);
});
