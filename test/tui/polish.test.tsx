// Unmanaged broker positions, the pause/resume hint, the feed label and the 80×24 layout, as frames.
import React from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { TuiApp } from '../../source/tui/app.js';
import { feedLabel } from '../../source/tui/components/header.js';
import type { EngineView, UnmanagedPosition } from '../../source/domain/view.js';
import { FakeBackend, loadView, sampleLogs } from './fake-backend.js';

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 80));
// eslint-disable-next-line no-control-regex -- stripping ANSI colour codes is the point
const strip = (s: string): string => s.replace(/\u001B\[[0-9;]*m/g, '');
const DOWN = '\u001B[B';

let cleanup: (() => void)[] = [];
afterEach(() => {
  cleanup.forEach((c) => c());
  cleanup = [];
});

async function mount(view: EngineView, size = { columns: 80, rows: 24 }) {
  const backend = new FakeBackend();
  backend.logs = sampleLogs(view.clock.now - 60_000, 30);
  const r = render(<TuiApp backend={backend} onQuit={() => {}} size={size} clock={() => 0} tickMs={0} />);
  cleanup.push(() => r.unmount());
  await flush();
  backend.phase('live');
  backend.state(view);
  await flush();
  const type = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      r.stdin.write(k);
      await flush();
    }
  };
  return { backend, frame: (): string => strip(r.lastFrame() ?? ''), type };
}

function assertFits(frame: string, columns: number, rows: number): void {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(columns);
}

const SBIN: UnmanagedPosition = { symbol: 'SBIN', qty: -50, avgPrice: 812.3, note: 'opened outside algo-tui' };

describe('unmanaged broker positions', () => {
  it('are listed after the engine\'s own positions, flagged, and fit 80×24', async () => {
    const { frame } = await mount({ ...loadView('three-positions-halted'), unmanaged: [SBIN] });
    const f = frame();
    expect(f).toContain('3 open + 1 unmanaged');
    const row = f.split('\n').find((l) => l.startsWith('SBIN'));
    expect(row).toMatch(/^SBIN\s+⚑ UNMANAGED -50 @ 812\.30 {2}opened outside algo-tui · not traded/);
    const lines = f.split('\n');
    expect(lines.findIndex((l) => l.startsWith('SBIN'))).toBeGreaterThan(lines.findIndex((l) => l.startsWith('TATAMOTORS')));
    assertFits(f, 80, 24);
  });

  it('can never be selected or flattened', async () => {
    const { backend, frame, type } = await mount({ ...loadView('three-positions-halted'), unmanaged: [SBIN] });
    await type(DOWN, DOWN, DOWN, DOWN, DOWN, 'f');
    expect(frame()).toMatch(/Flatten TATAMOTORS /);
    expect(frame()).not.toMatch(/Flatten SBIN/);
    await type('n');
    expect(backend.requests).toEqual([]);
  });

  it('alone: no managed positions, so F has nothing to flatten', async () => {
    const { backend, frame, type } = await mount({ ...loadView('quiet-morning'), unmanaged: [SBIN, { ...SBIN, symbol: 'TCS', qty: 10, note: '' }] });
    expect(frame()).toContain('0 open + 2 unmanaged');
    expect(frame()).toMatch(/^TCS\s+⚑ UNMANAGED 10 @ 812\.30 {2}not opened by this engine · not traded/m);
    expect(frame()).not.toContain('no open positions');
    await type('F');
    expect(frame()).toContain('flatten-all: no open positions');
    expect(backend.requests).toEqual([]);
  });
});

describe('keys arriving together', () => {
  it('printable keys in one read are handled one by one (j f y typed fast)', async () => {
    const { backend, frame, type } = await mount(loadView('three-positions-halted'));
    await type('jf');
    expect(frame()).toContain('Flatten INFY SHORT 187 at market?');
    await type('y');
    expect(backend.requests).toEqual([{ type: 'flatten', args: { symbol: 'INFY' } }]);
  });
});

describe('footer and header', () => {
  it('the p hint says resume while PAUSED and pause otherwise', async () => {
    const paused = await mount({ ...loadView('quiet-morning'), engineState: 'PAUSED', stateReason: 'paused by user' });
    expect(paused.frame()).toMatch(/p resume/);
    expect(paused.frame()).not.toMatch(/p pause/);
    const active = await mount(loadView('quiet-morning'));
    expect(active.frame()).toMatch(/p pause/);
    // Halted until the next session: p does nothing, and the hint must not suggest otherwise.
    const halted = await mount({ ...loadView('quiet-morning'), engineState: 'HALTED', stateReason: 'halted by user' });
    expect(halted.frame()).toMatch(/p halted/);
    expect(halted.frame()).not.toMatch(/p pause|p resume/);
  });

  it('the feed label says sim for the simulator, whatever protocol it speaks', async () => {
    const base = loadView('quiet-morning');
    const { frame } = await mount({ ...base, feed: { ...base.feed, source: 'openalgo' } });
    expect(frame()).toMatch(/feed LIVE sim ·/);
    expect(feedLabel({ mode: 'PAPER', feed: { ...base.feed, source: 'openalgo' } })).toBe('openalgo');
    expect(feedLabel({ mode: 'LIVE', feed: { ...base.feed, source: 'openalgo' } })).toBe('openalgo');
    expect(feedLabel({ mode: 'SIM', feed: { ...base.feed, source: 'replay' } })).toBe('replay');
  });
});

describe('80×24', () => {
  it('shows positions, the constraints summary and several log lines at once', async () => {
    const { frame } = await mount(loadView('three-positions-halted'));
    const lines = frame().split('\n');
    const at = (re: RegExp): number => lines.findIndex((l) => re.test(l));
    const order = [at(/Positions · 3 open/), at(/^BHARTIARTL/), at(/^Total /), at(/Constraints/), at(/^Open 3\/3 · Trades/), at(/Logs/)];
    for (const i of order) expect(i, frame()).toBeGreaterThanOrEqual(0);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const logLines = lines.filter((l) => /^\d\d:\d\d:\d\d (INFO|WARN|ERROR|DEBUG) /.test(l));
    expect(logLines.length).toBeGreaterThanOrEqual(5);
    assertFits(frame(), 80, 24);
  });
});
