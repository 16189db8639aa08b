// Frames from fixture views and keys through stdin, the way a person drives the TUI.
import React from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { TuiApp, type QuitRequest } from '../../source/tui/app.js';
import type { EngineView } from '../../source/domain/view.js';
import { FakeBackend, loadView, sampleLogs } from './fake-backend.js';

const KEYS = { up: '\u001B[A', down: '\u001B[B', tab: '\t', pageUp: '\u001B[5~', pageDown: '\u001B[6~' };
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 80));
// eslint-disable-next-line no-control-regex -- stripping ANSI colour codes is the point
const strip = (s: string): string => s.replace(/\u001B\[[0-9;]*m/g, '');

let cleanup: (() => void)[] = [];
afterEach(() => {
  cleanup.forEach((c) => c());
  cleanup = [];
});

async function mount(view: EngineView | null, size = { columns: 80, rows: 24 }, opts: { ownsEngine?: boolean } = {}) {
  const backend = new FakeBackend();
  if (view) backend.logs = sampleLogs(view.clock.now - 60_000, 30);
  const quits: QuitRequest[] = [];
  const r = render(
    <TuiApp backend={backend} onQuit={(q) => quits.push(q)} size={size} clock={() => 0} tickMs={0} ownsEngine={opts.ownsEngine ?? false} />,
  );
  cleanup.push(() => r.unmount());
  await flush();
  if (view) {
    backend.phase('live');
    backend.state(view);
  }
  await flush();
  const frame = (): string => strip(r.lastFrame() ?? '');
  const type = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      r.stdin.write(k);
      await flush();
    }
  };
  return { backend, frame, type, quits };
}

function assertFits(frame: string, columns: number, rows: number): void {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(columns);
}

describe('frames', () => {
  it('a quiet morning at 80×24: mode, clock, countdown, state, empty positions', async () => {
    const { frame } = await mount(loadView('quiet-morning'));
    const f = frame();
    expect(f).toContain('SIM');
    expect(f).toContain('09:31:12 IST');
    expect(f).toContain('entries close & square-off in 5h 48m');
    expect(f).toContain('ACTIVE');
    expect(f).toContain('no open positions');
    expect(f).toContain('Open 0/3 · Trades 0/5');
    assertFits(f, 80, 24);
  });

  it('simulated or replayed time carries its date; live time does not', async () => {
    const base = loadView('quiet-morning');
    const replay = await mount({ ...base, feed: { ...base.feed, source: 'replay' } });
    expect(replay.frame()).toMatch(/\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 09:31:12 IST/);
    const live = await mount({ ...base, clock: { ...base.clock, speed: 1 }, feed: { ...base.feed, source: 'openalgo' } });
    expect(live.frame()).not.toMatch(/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 09:31:12 IST/);
    expect(live.frame()).toContain('09:31:12 IST');
  });

  it('three positions with a halted engine fit 80×24 with Indian grouping and totals', async () => {
    const { frame } = await mount(loadView('three-positions-halted'));
    const f = frame();
    for (const s of ['HALTED', 'BHARTIARTL', 'INFY', 'TATAMOTORS', '1,849.90', '-₹2,158.00', 'realised +₹700.65', '9,12,455 ticks', '2 stale']) {
      expect(f, s).toContain(s);
    }
    assertFits(f, 80, 24);
    expect(f).not.toContain('Watchlist'); // compact layout
  });

  it('160×48 uses the extra space: watchlist, trades, full constraints', async () => {
    const { frame } = await mount(loadView('three-positions-halted'), { columns: 160, rows: 48 });
    const f = frame();
    for (const s of ['Watchlist', 'Trades today', 'S11 7/8', 'TRAIL_STOP', 'Capital in use', 'S8 SHORT 15m 1/1 used', 'ENGINE_HALTED', 'Entry', 'Age']) {
      expect(f, s).toContain(s);
    }
    assertFits(f, 160, 48);
    expect(f.split('\n').length).toBeGreaterThan(40);
  });

  it('never renders more watchlist rows than fit, even with 200 symbols', async () => {
    const base = loadView('quiet-morning');
    const watchlist = Array.from({ length: 200 }, (_, i) => ({ symbol: `SYM${i}`, last: 100 + i, changePct: 0.1, trend: 1 as const, setup: null, held: false }));
    const { frame } = await mount({ ...base, watchlist }, { columns: 130, rows: 32 });
    const f = frame();
    assertFits(f, 130, 32);
    expect(f).toMatch(/1–\d+ of 200/);
    expect(f).not.toContain('SYM199');
  });

  it('a lost connection shows the banner over the last view, and clears it when back', async () => {
    const view = loadView('lost-connection');
    const { backend, frame } = await mount(view);
    backend.phase('lost');
    await flush();
    expect(frame()).toContain('engine lost — reconnecting…');
    expect(frame()).toContain('MARUTI');
    expect(frame()).toContain('DRY-RUN');
    assertFits(frame(), 80, 24);
    backend.phase('syncing');
    backend.state(view);
    await flush();
    expect(frame()).not.toContain('engine lost');
  });

  it('waits for the engine before the first view', async () => {
    const { frame } = await mount(null);
    expect(frame()).toContain('connecting to the engine');
    expect(frame()).toContain('bus connecting');
  });

  it('a terminal too small for anything says so', async () => {
    const { frame } = await mount(loadView('quiet-morning'), { columns: 40, rows: 10 });
    expect(frame()).toContain('too small');
  });
});

describe('keys through stdin', () => {
  it('select, f, y → flatten SYMBOL and the per-symbol result', async () => {
    const { backend, frame, type } = await mount(loadView('three-positions-halted'));
    backend.reply = () => ({ ok: true, result: { ok: true, message: 'flattened', closed: [{ symbol: 'INFY', outcome: 'FILLED', price: 1598.45 }] } });
    await type(KEYS.down, 'f');
    expect(frame()).toContain('Flatten INFY SHORT 187 at market?');
    expect(backend.requests).toEqual([]);
    await type('y');
    expect(backend.requests).toEqual([{ type: 'flatten', args: { symbol: 'INFY' } }]);
    expect(frame()).toContain('INFY FILLED at ₹1,598.45');
  });

  it('n cancels: nothing is sent', async () => {
    const { backend, frame, type } = await mount(loadView('three-positions-halted'));
    await type('j', 'f', 'n');
    expect(backend.requests).toEqual([]);
    expect(frame()).toContain('cancelled');
  });

  it('F, y → flatten-all, showing filled, rejected and error per symbol', async () => {
    const { backend, frame, type } = await mount(loadView('three-positions-halted'));
    backend.reply = () => ({
      ok: true,
      result: {
        ok: true,
        message: 'flatten-all done',
        closed: [
          { symbol: 'BHARTIARTL', outcome: 'FILLED', price: 1849.9 },
          { symbol: 'INFY', outcome: 'REJECTED', message: 'RMS: margin shortfall' },
          { symbol: 'TATAMOTORS', outcome: 'ERROR', message: 'broker timeout' },
        ],
      },
    });
    await type('F');
    expect(frame()).toContain('Flatten ALL 3 positions');
    await type('y');
    expect(backend.requests).toEqual([{ type: 'flatten-all', args: undefined }]);
    const f = frame();
    expect(f).toContain('BHARTIARTL FILLED at ₹1,849.90');
    expect(f).toContain('INFY REJECTED: RMS: margin shortfall');
    expect(f).toContain('TATAMOTORS ERROR: broker timeout');
    assertFits(f, 80, 24);
  });

  it('H, y → halt; an engine error reply is shown', async () => {
    const { backend, frame, type } = await mount(loadView('quiet-morning'));
    backend.reply = () => ({ ok: false, error: 'not authorised' });
    await type('H', 'y');
    expect(backend.requests.map((r) => r.type)).toEqual(['halt']);
    expect(frame()).toContain('halt: not authorised');
  });

  it('a request that throws is shown as an error, not a crash', async () => {
    const { backend, frame, type } = await mount(loadView('quiet-morning'));
    backend.reply = () => Promise.reject(new Error('engine did not answer in 5 s'));
    await type('p');
    expect(frame()).toContain('pause: engine did not answer in 5 s');
  });

  it('p pauses', async () => {
    const { backend, type } = await mount(loadView('quiet-morning'));
    await type('p');
    expect(backend.requests.map((r) => r.type)).toEqual(['pause']);
  });

  it('d shows debug lines, tab moves focus to logs, PgUp scrolls them', async () => {
    const { frame, type } = await mount(loadView('three-positions-halted'));
    expect(frame()).not.toContain('DEBUG');
    await type('d');
    expect(frame()).toContain('DEBUG');
    expect(frame()).toContain('log line 29');
    await type(KEYS.tab);
    expect(frame()).toMatch(/▸ Logs/);
    await type(KEYS.pageUp);
    expect(frame()).not.toContain('log line 29');
    expect(frame()).toContain('PgDn to follow');
    await type(KEYS.pageDown);
    expect(frame()).toContain('log line 29');
  });

  it('? shows help built from the key table; any key closes it', async () => {
    const { frame, type, backend } = await mount(loadView('three-positions-halted'));
    await type('?');
    expect(frame()).toContain('flatten the selected position (asks y to confirm)');
    expect(frame()).toContain('pause / resume new entries');
    await type('F');
    expect(frame()).not.toContain('flatten the selected position');
    expect(backend.requests).toEqual([]);
  });

  it('q detaches an attached TUI; a TUI that owns the engine asks first', async () => {
    const attached = await mount(loadView('quiet-morning'));
    await attached.type('q');
    expect(attached.quits).toEqual([{ stopEngine: false, openPositions: 0 }]);

    const owner = await mount(loadView('three-positions-halted'), undefined, { ownsEngine: true });
    await owner.type('q');
    expect(owner.quits).toEqual([]);
    expect(owner.frame()).toContain('Stop the engine? 3 positions open');
    await owner.type('y');
    expect(owner.quits).toEqual([{ stopEngine: true, openPositions: 3 }]);
  });

  it('unsubscribes from the backend on unmount', async () => {
    const { backend } = await mount(loadView('quiet-morning'));
    expect(backend.listeners).toBe(3);
    cleanup.forEach((c) => c());
    cleanup = [];
    expect(backend.listeners).toBe(0);
  });
});
