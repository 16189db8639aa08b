// The console the way a person uses it: the real binary in tmux, keys through send-keys, the screen through
// capture-pane, a real engine child on the embedded simulator. Everything is polled; nothing sleeps blind.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, SIM_FLAGS, expectFits, portFree, processesFor, run, startChild, tmuxSandbox, until } from './harness.js';

const { cleanups, setUp } = tmuxSandbox();

function openCount(screen: string): number | null {
  const m = /Positions · (\d+) open/.exec(screen);
  return m ? Number(m[1]) : null;
}

/** Symbols of the managed position rows: the lines between the column header and the totals line. */
function positionSymbols(screen: string): string[] {
  const lines = screen.split('\n');
  const head = lines.findIndex((l) => l.startsWith('Symbol '));
  if (head < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(head + 1)) {
    if (l.startsWith('Total')) break;
    const m = /^([A-Z0-9&-]+)\s+(LONG|SHORT)\s/.exec(l);
    if (m) out.push(m[1]!);
  }
  return out;
}

describe('algo-tui console end to end (tmux)', () => {
  it('starts an engine, flattens one position then all, and q y stops everything', async () => {
    const { box, tmux } = await setUp();
    const screen = (): string => tmux.lastScreen;
    await tmux.start(['node', CLI, ...SIM_FLAGS, '--config', box.configFile], box.env, 100, 30);

    // The first entry comes at 09:25 simulated (about a minute at 10×, after warm-up).
    await until(async () => ((openCount(await tmux.capture()) ?? 0) >= 1 ? true : null), 'a position to open', 150_000, screen);
    expect(screen()).toContain('bus live');
    expect(screen()).toMatch(/feed LIVE sim/);

    // Select it and flatten it.
    await tmux.keys('j');
    await tmux.keys('f');
    const prompt = await until(async () => /Flatten ([A-Z0-9&-]+) (LONG|SHORT) \d+ at market\?/.exec(await tmux.capture()), 'the flatten prompt', 10_000, screen);
    const symbol = prompt[1]!;
    expect(positionSymbols(screen())).toContain(symbol);
    await tmux.keys('y');
    const filled = new RegExp(`${symbol} FILLED at ₹[\\d,]+\\.\\d\\d`);
    await until(async () => {
      const s = await tmux.capture();
      return filled.test(s) && !positionSymbols(s).includes(symbol) ? true : null;
    }, `${symbol} to be closed`, 30_000, screen);
    expect(screen()).toMatch(new RegExp(`flatten: ${symbol} closed at ₹`));
    expect(screen()).toMatch(new RegExp(`closed (LONG|SHORT) ${symbol} x\\d+ @ ₹[\\d.]+ \\(MANUAL\\)`));

    // The next entry (09:30 simulated); then the compact layout at 80×24 while it is open.
    await until(async () => ((openCount(await tmux.capture()) ?? 0) >= 1 ? true : null), 'another position to open', 150_000, screen);
    await tmux.resize(80, 24);
    const compact = await until(async () => {
      const s = await tmux.capture(true);
      return openCount(s) !== null && s.includes('Logs') && /^Open \d\/3 · Trades \d\/5/m.test(s) ? s : null;
    }, 'the compact layout', 10_000, screen);
    for (let i = 0; i < 5; i++) expectFits(i === 0 ? compact : await tmux.capture(true), 80, 24);
    expect(positionSymbols(compact).length).toBeGreaterThanOrEqual(1);
    expect(compact).toMatch(/^\d\d:\d\d:\d\d (INFO|WARN|ERROR) /m); // log lines
    expect(compact).toMatch(/f flatten/);
    await tmux.resize(100, 30);

    // Flatten all.
    await tmux.keys('F');
    await until(async () => /Flatten ALL \d+ positions? at market\?/.test(await tmux.capture()), 'the flatten-all prompt', 10_000, screen);
    await tmux.keys('y');
    await until(async () => {
      const s = await tmux.capture();
      return openCount(s) === 0 && /flatten-all: /.test(s) && / FILLED at ₹/.test(s) ? true : null;
    }, 'all positions closed', 30_000, screen);
    expect(positionSymbols(screen())).toEqual([]);

    // Quit, stopping the engine this console started.
    await tmux.keys('q');
    await until(async () => /Stop the engine\? \d+ positions? open/.test(await tmux.capture()), 'the stop-engine question', 10_000, screen);
    await tmux.keys('y');
    const status = await until(async () => {
      await tmux.capture();
      return tmux.exitStatus();
    }, 'the console to stop its engine and exit', 45_000, screen);
    expect(status).toBe(0);
    expect(await tmux.capture()).toContain('algo-tui: engine stopped.');
    await until(() => processesFor(box.stateDir).length === 0, 'no algo-tui process left', 5_000, () => `pids ${processesFor(box.stateDir).join(' ')}`);
    expect(await portFree(box.routerPort)).toBe(true);
    expect(await portFree(box.pubPort)).toBe(true);
    const state = JSON.parse(await readFile(join(box.stateDir, 'sim', 'state.json'), 'utf8')) as { positions: unknown[]; trades: { exitReason: string }[] };
    expect(state.positions).toEqual([]);
    expect(state.trades.filter((t) => t.exitReason === 'MANUAL').length).toBe(1);
    expect(state.trades.filter((t) => t.exitReason === 'FLATTEN_ALL').length).toBeGreaterThanOrEqual(1);
  }, 420_000);

  it('attached to a separately started engine, q only detaches and the engine keeps running', async () => {
    const { box, tmux } = await setUp();
    const screen = (): string => tmux.lastScreen;
    const engine = startChild(['engine', ...SIM_FLAGS, '--config', box.configFile], box.env);
    cleanups.push(() => {
      if (engine.child.exitCode === null) engine.child.kill('SIGKILL');
    });
    const status = (): Promise<{ code: number; stdout: string; stderr: string }> => run(process.execPath, [CLI, 'status', '--config', box.configFile], box.env);
    await until(async () => ((await status()).code === 0 ? true : null), 'the engine to answer status', 90_000, engine.output);

    await tmux.start(['node', CLI, '--attach', `tcp://127.0.0.1:${box.routerPort}`, '--config', box.configFile], box.env, 100, 30);
    await until(async () => ((await tmux.capture()).includes('bus live') ? true : null), 'the console to go live', 30_000, screen);
    expect(screen()).toMatch(/SIM .*IST/);
    await tmux.keys('q');
    let asked = false;
    const code = await until(async () => {
      asked ||= (await tmux.capture()).includes('Stop the engine');
      return tmux.exitStatus();
    }, 'the console to exit on q', 15_000, screen);
    expect(code).toBe(0);
    expect(asked).toBe(false);

    expect(engine.child.exitCode).toBeNull();
    expect((await status()).code).toBe(0);
    const exited = new Promise<number | null>((r) => engine.child.once('exit', (c) => r(c)));
    engine.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await until(() => processesFor(box.stateDir).length === 0, 'no algo-tui process left', 5_000);
  }, 180_000);

  it('--attach with nothing answering exits 3 and starts nothing', async () => {
    const { box } = await setUp();
    const bare = await run(process.execPath, [CLI, '--attach', '--config', box.configFile], box.env);
    expect(bare.code).toBe(3);
    expect(bare.stderr).toContain(`no engine answers on tcp://127.0.0.1:${box.routerPort}; --attach never starts one`);
    const at = await run(process.execPath, [CLI, '--attach', `tcp://127.0.0.1:${box.pubPort}`, '--config', box.configFile], box.env);
    expect(at.code).toBe(3);
    expect(at.stderr).toContain(`no engine answers on tcp://127.0.0.1:${box.pubPort}`);
    expect(processesFor(box.stateDir)).toEqual([]);
    expect(await portFree(box.routerPort)).toBe(true);
  });
});
