import { describe, expect, it } from 'vitest';
import { appendLogs, emptyLogRing, visibleLogs } from '../../../source/tui/state/log-ring.js';
import { initialState, LOST_BANNER, reducer } from '../../../source/tui/state/reducer.js';
import type { TuiAction, TuiState } from '../../../source/tui/state/types.js';
import { loadView, sampleLogs } from '../fake-backend.js';

const run = (actions: TuiAction[], s: TuiState = initialState()): TuiState => actions.reduce(reducer, s);
const halted = loadView('three-positions-halted');

describe('log ring', () => {
  it('keeps only the newest records beyond its cap and counts every append', () => {
    const ring = appendLogs(appendLogs(emptyLogRing(5), sampleLogs(0, 4)), sampleLogs(10_000, 4));
    expect(ring.items.map((r) => r.msg)).toEqual(['log line 3', 'log line 0', 'log line 1', 'log line 2', 'log line 3']);
    expect(ring.total).toBe(8);
  });
  it('rejects a nonsense cap', () => {
    expect(() => emptyLogRing(0)).toThrow(/positive integer/);
  });
  it('hides debug lines unless asked', () => {
    const ring = appendLogs(emptyLogRing(), sampleLogs(0, 10));
    expect(visibleLogs(ring, false).some((r) => r.level === 'debug')).toBe(false);
    expect(visibleLogs(ring, true)).toHaveLength(10);
  });
  it('caps at 2,000 by default', () => {
    const s = run([{ type: 'logs', records: sampleLogs(0, 2_500) }]);
    expect(s.logs.items).toHaveLength(2_000);
    expect(s.logs.items[0]?.msg).toBe('log line 500');
  });
});

describe('reducer', () => {
  it('goes live on the first view and selects the first position', () => {
    const s = run([{ type: 'phase', phase: 'syncing', at: 1 }, { type: 'state', view: halted, at: 2 }]);
    expect(s.phase).toBe('live');
    expect(s.view).toBe(halted);
    expect(s.viewAt).toBe(2);
    expect(s.selectedSymbol).toBe('BHARTIARTL');
  });

  it('keeps the selection on its symbol when the engine reorders positions', () => {
    const s1 = run([{ type: 'state', view: halted, at: 1 }, { type: 'select', delta: 1 }]);
    expect(s1.selectedSymbol).toBe('INFY');
    const reordered = { ...halted, positions: [...halted.positions].reverse() };
    expect(reducer(s1, { type: 'state', view: reordered, at: 2 }).selectedSymbol).toBe('INFY');
  });

  it('moves the selection to the first position when the selected one closes', () => {
    const s1 = run([{ type: 'state', view: halted, at: 1 }, { type: 'select', delta: 2 }]);
    expect(s1.selectedSymbol).toBe('TATAMOTORS');
    const closed = { ...halted, positions: halted.positions.filter((p) => p.symbol !== 'TATAMOTORS') };
    expect(reducer(s1, { type: 'state', view: closed, at: 2 }).selectedSymbol).toBe('BHARTIARTL');
    expect(reducer(s1, { type: 'state', view: { ...halted, positions: [] }, at: 3 }).selectedSymbol).toBeNull();
  });

  it('clamps selection at both ends', () => {
    const s = run([{ type: 'state', view: halted, at: 1 }, { type: 'select', delta: -5 }]);
    expect(s.selectedSymbol).toBe('BHARTIARTL');
    expect(reducer(s, { type: 'select', delta: 99 }).selectedSymbol).toBe('TATAMOTORS');
  });

  it('raises the lost banner and clears it when the engine is back', () => {
    const lost = run([{ type: 'state', view: halted, at: 1 }, { type: 'phase', phase: 'lost', at: 5 }, { type: 'phase', phase: 'lost', at: 9 }]);
    expect(lost.banner).toBe(LOST_BANNER);
    expect(lost.lostSince).toBe(5);
    expect(lost.view).toBe(halted); // the last view stays on screen
    const syncing = reducer(lost, { type: 'phase', phase: 'syncing', at: 10 });
    expect(syncing.banner).toBe(LOST_BANNER);
    const back = reducer(syncing, { type: 'state', view: halted, at: 11 });
    expect(back.banner).toBeNull();
    expect(back.phase).toBe('live');
  });

  it('applies engine-state events to the view and log events to the ring', () => {
    const s = run([
      { type: 'state', view: halted, at: 1 },
      { type: 'event', event: { type: 'engine-state', state: 'ACTIVE', reason: null } },
      { type: 'event', event: { type: 'log', record: { ts: 1, level: 'warn', msg: 'feed stale' } } },
    ]);
    expect(s.view?.engineState).toBe('ACTIVE');
    expect(s.logs.items.map((r) => r.msg)).toEqual(['feed stale']);
  });

  it('merges snapshot logs without repeating what the stream delivered', () => {
    const logs = sampleLogs(0, 6);
    const s = run([{ type: 'logs', records: logs.slice(0, 4) }, { type: 'snapshot-logs', records: logs.slice(2) }]);
    expect(s.logs.items.map((r) => r.msg)).toEqual(logs.map((r) => r.msg));
  });

  it('holds a scrolled-back reader in place as lines arrive and clamps scrolling', () => {
    const s1 = run([{ type: 'logs', records: sampleLogs(0, 50) }, { type: 'toggle-debug' }, { type: 'scroll', panel: 'logs', delta: 5 }]);
    expect(s1.scroll.logs).toBe(5);
    const s2 = reducer(s1, { type: 'logs', records: sampleLogs(100_000, 3) });
    expect(s2.scroll.logs).toBe(8);
    expect(reducer(s2, { type: 'scroll', panel: 'logs', delta: 1_000 }).scroll.logs).toBe(52);
    expect(reducer(s2, { type: 'scroll', panel: 'logs', delta: -1_000 }).scroll.logs).toBe(0);
  });

  it('cycles focus through the panels on screen', () => {
    const panels = ['positions', 'logs'] as const;
    const s = run([{ type: 'focus', panels, delta: 1 }]);
    expect(s.focus).toBe('logs');
    expect(reducer(s, { type: 'focus', panels, delta: 1 }).focus).toBe('positions');
    expect(reducer(s, { type: 'focus', panels: ['positions', 'watchlist', 'trades', 'logs'], delta: -1 }).focus).toBe('trades');
  });

  it('tracks a confirmation through to a per-symbol outcome', () => {
    const asked = run([{ type: 'ask', confirm: { kind: 'flatten-all', prompt: 'Flatten ALL?' } }]);
    expect(asked.confirm?.kind).toBe('flatten-all');
    const started = reducer(asked, { type: 'action-started', action: 'flatten-all', message: 'flattening all…', at: 1 });
    expect(started.confirm).toBeNull();
    expect(started.outcome?.status).toBe('pending');
    const done = reducer(started, {
      type: 'action-finished',
      action: 'flatten-all',
      at: 2,
      summary: { ok: true, message: 'closed 2 of 3', closed: [{ symbol: 'INFY', outcome: 'FILLED', price: 1598.45 }, { symbol: 'TCS', outcome: 'REJECTED', message: 'RMS' }] },
    });
    expect(done.outcome?.status).toBe('failed');
    expect(done.outcome?.closed).toHaveLength(2);
  });

  it('records a cancelled confirmation as such', () => {
    const s = run([{ type: 'ask', confirm: { kind: 'halt', prompt: 'HALT?' } }, { type: 'cancel-confirm', at: 3 }]);
    expect(s.confirm).toBeNull();
    expect(s.outcome).toMatchObject({ action: 'halt', message: 'cancelled', status: 'info' });
  });
});
