// The chart dashboard the way a person uses it: a real engine on the embedded simulator (temp state dir,
// free bus ports), the real `algo-tui dashboard` in tmux, keys through send-keys, the screen through
// capture-pane. Everything is polled; nothing sleeps blind and no duration is asserted.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, SIM_FLAGS, expectFits, processesFor, run, startChild, tmuxSandbox, until } from './harness.js';

const { cleanups, setUp } = tmuxSandbox();

/** The console's simulated day at 30×: the 09:25 and 09:30 entries come within about half a minute. */
const FAST_SIM = SIM_FLAGS.map((f, i) => (SIM_FLAGS[i - 1] === '--speed' ? '30' : f));

/** "position 2/3" from the header (the short header at 80 columns says the same). */
function selection(screen: string): { index: number; count: number } | null {
  const m = /position (\d+)\/(\d+)/.exec(screen);
  return m ? { index: Number(m[1]), count: Number(m[2]) } : null;
}

/** The symbol in the price chart's title: the first box title on the line under the header. */
function chartSymbol(screen: string): string | null {
  const line = screen.split('\n')[1] ?? '';
  return /^┌─ ([A-Z0-9&-]+) (LONG|SHORT) ×\d+/.exec(line)?.[1] ?? null;
}

describe('algo-tui dashboard end to end (tmux)', () => {
  it('renders on a running engine, follows a position, selects with the arrows, re-lays out, shows a lost engine and quits on q', async () => {
    const { box, tmux } = await setUp();
    const screen = (): string => tmux.lastScreen;
    const engine = startChild(['engine', ...FAST_SIM, '--config', box.configFile], box.env);
    cleanups.push(() => {
      if (engine.child.exitCode === null) engine.child.kill('SIGKILL');
    });
    const status = (): Promise<{ code: number; stdout: string }> => run(process.execPath, [CLI, 'status', '--config', box.configFile], box.env);
    await until(async () => ((await status()).code === 0 ? true : null), 'the engine to answer status', 90_000, engine.output);

    await tmux.start(['node', CLI, 'dashboard', '--attach', `tcp://127.0.0.1:${box.routerPort}`, '--config', box.configFile], box.env, 120, 40);
    await until(async () => {
      const s = await tmux.capture();
      return s.includes('bus live') && s.includes('P&L per strategy') && s.includes('Limits') && s.includes('Log') && s.includes('Equity') && s.includes('Ticks/s') ? true : null;
    }, 'the dashboard to render live', 30_000, screen);
    expect(screen()).toMatch(/Open +[█░]+ +\d\/3/);
    expect(screen()).toMatch(/Trades +[█░]+ +\d\/5/);

    // The first entries come at 09:25 and 09:30 simulated.
    await until(async () => ((selection(await tmux.capture())?.count ?? 0) >= 1 ? true : null), 'a position to open', 150_000, screen);
    const first = await until(async () => chartSymbol(await tmux.capture()), 'the price chart to follow it', 10_000, screen);
    expect(selection(screen())?.index).toBe(1);

    // With two positions open, ↓ moves the chart to the second and ↑ back to the first.
    await until(async () => ((selection(await tmux.capture())?.count ?? 0) >= 2 ? true : null), 'a second position', 150_000, screen);
    await tmux.keys('Down');
    const second = await until(async () => {
      const s = await tmux.capture();
      const sym = chartSymbol(s);
      return selection(s)?.index === 2 && sym !== null && sym !== first ? sym : null;
    }, 'the selection to move to the second position', 10_000, screen);
    await tmux.keys('Up');
    await until(async () => {
      const s = await tmux.capture();
      return selection(s)?.index === 1 && chartSymbol(s) === first ? true : null;
    }, `the selection to come back to ${first}`, 10_000, screen);
    expect(second).not.toBe(first);

    // A smaller terminal: the grid is rebuilt and still fits, still following the same position.
    await tmux.resize(80, 24);
    await until(async () => {
      const s = await tmux.capture();
      return s.split('\n').length <= 25 && chartSymbol(s) === first && s.includes('Log') ? true : null;
    }, 'the 80×24 layout', 10_000, screen);
    for (let i = 0; i < 3; i++) expectFits(await tmux.capture(), 80, 24);

    // Read-only: the engine is still ACTIVE with the dashboard attached.
    const during = await status();
    expect(during.code).toBe(0);
    expect(during.stdout).toMatch(/engine +SIM +ACTIVE/);

    // The engine goes away: a clear banner over the last known charts.
    const exited = new Promise<number | null>((r) => engine.child.once('exit', (c) => r(c)));
    engine.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await until(async () => ((await tmux.capture()).includes('ENGINE LOST — waiting for it to come back') ? true : null), 'the lost banner', 15_000, screen);
    expect(screen()).toContain(`tcp://127.0.0.1:${box.routerPort}`);
    expect(screen()).toContain('bus lost');

    await tmux.keys('q');
    const code = await until(async () => {
      await tmux.capture();
      return tmux.exitStatus();
    }, 'the dashboard to exit on q', 15_000, screen);
    expect(code).toBe(0);
    expect(await tmux.capture()).not.toContain('P&L per strategy'); // the terminal is given back
    // No trade was closed by a request (only the engine's own stops or its shutdown).
    const state = JSON.parse(await readFile(join(box.stateDir, 'sim', 'state.json'), 'utf8')) as { trades: { exitReason: string }[] };
    expect(state.trades.filter((t) => ['MANUAL', 'FLATTEN_ALL', 'HALT'].includes(t.exitReason))).toEqual([]);

    // With the engine gone, the dashboard refuses to start and names the endpoint; it never starts one.
    const gone = await run(process.execPath, [CLI, 'dashboard', '--config', box.configFile], box.env);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toContain(`no engine answers on tcp://127.0.0.1:${box.routerPort}; the dashboard never starts one`);
    await until(() => processesFor(box.stateDir).length === 0, 'no algo-tui process left', 5_000, () => `pids ${processesFor(box.stateDir).join(' ')}`);
  }, 300_000);

  it('without bus keys (no engine ever ran here) it exits 3 naming the key directory', async () => {
    const { box } = await setUp();
    const noKeys = await run(process.execPath, [CLI, 'dashboard', '--config', box.configFile], box.env);
    expect(noKeys.code).toBe(3);
    expect(noKeys.stderr).toContain(`no bus keys in ${join(box.stateDir, 'bus')}`);
    expect(processesFor(box.stateDir)).toEqual([]);
  });
});
