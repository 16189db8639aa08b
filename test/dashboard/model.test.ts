import { describe, expect, it } from 'vitest';
import { LOG_CAP, dashReducer, initialDashState, selectionIndex, type DashAction, type DashState } from '../../source/dashboard/model.js';
import { lastValue } from '../../source/dashboard/series.js';
import { at, position, trade, view } from './fixtures.js';

const run = (actions: DashAction[], from: DashState = initialDashState()): DashState => actions.reduce(dashReducer, from);

describe('dashboard model', () => {
  it('seeds a mid-day attach: equity steps from the trades, stops from the stop history', () => {
    const p = position('a', {
      entryTime: at('09:40'), stop: 99.5, lastPrice: 101,
      stopHistory: [
        { ts: at('09:40'), stop: 98, atr: 1, reason: 'INITIAL', best: 100 },
        { ts: at('09:50'), stop: 99.5, atr: 1, reason: 'TRAIL', best: 101.5 },
      ],
    });
    const v = view({ positions: [p], trades: [trade('x', { exitTime: at('09:45'), pnlPaise: 5_000 })], realizedPaise: 5_000, unrealizedPaise: 1_000 });
    const s = run([{ type: 'snapshot', view: v, logs: [] }]);
    expect(s.equity.points).toEqual([{ t: at('09:15'), v: 0 }, { t: at('09:45'), v: 50 }, { t: at('10:00'), v: 60 }]);
    expect(s.stops.a!.points).toEqual([{ t: at('09:40'), v: 98 }, { t: at('09:50'), v: 99.5 }, { t: at('10:00'), v: 99.5 }]);
    expect(s.prices.a!.points).toEqual([{ t: at('09:40'), v: 100 }, { t: at('10:00'), v: 101 }]);
    expect(s.selectedId).toBe('a');
    expect(s.followed?.symbol).toBe('A');
  });

  it('accumulates price, stop and equity from state views over engine time', () => {
    const p = position('a');
    let s = run([{ type: 'snapshot', view: view({ positions: [p] }), logs: [] }]);
    s = dashReducer(s, { type: 'state', view: view({ now: at('10:01'), positions: [{ ...p, lastPrice: 102, stop: 99 }], unrealizedPaise: 2_000 }) });
    expect(lastValue(s.prices.a!)).toBe(102);
    expect(lastValue(s.stops.a!)).toBe(99);
    expect(lastValue(s.equity)).toBe(20);
    expect(s.followed?.lastPrice).toBe(102);
  });

  it('measures the tick rate from feed.ticks over engine seconds and restarts on a reset counter', () => {
    let s = run([{ type: 'snapshot', view: view({ ticks: 100 }), logs: [] }]);
    s = dashReducer(s, { type: 'state', view: view({ now: at('10:00') + 500, ticks: 120 }) });
    expect(s.tickRates).toEqual([]); // under a second: not yet a sample
    s = dashReducer(s, { type: 'state', view: view({ now: at('10:00') + 2000, ticks: 160 }) });
    expect(s.tickRates).toEqual([30]);
    s = dashReducer(s, { type: 'state', view: view({ now: at('10:00') + 3000, ticks: 5 }) }); // engine restarted
    expect(s.tickRates).toEqual([30]);
    s = dashReducer(s, { type: 'state', view: view({ now: at('10:00') + 5000, ticks: 25 }) });
    expect(s.tickRates).toEqual([30, 10]);
  });

  it('moves the selection with the arrows and follows the same id when the list changes', () => {
    const [a, b, c] = [position('a'), position('b'), position('c')];
    let s = run([{ type: 'snapshot', view: view({ positions: [a, b, c] }), logs: [] }]);
    expect(s.selectedId).toBe('a');
    s = run([{ type: 'select', delta: 1 }, { type: 'select', delta: 1 }, { type: 'select', delta: 1 }], s);
    expect(s.selectedId).toBe('c');
    expect(selectionIndex(s)).toEqual({ index: 2, count: 3 });
    s = dashReducer(s, { type: 'select', delta: -1 });
    expect(s.selectedId).toBe('b');
    // a closes: b moves to index 0, the selection stays on b
    s = dashReducer(s, { type: 'state', view: view({ now: at('10:01'), positions: [b, c] }) });
    expect(s.selectedId).toBe('b');
    expect(s.prices.a).toBeUndefined(); // closed and not followed: its series are dropped
  });

  it('falls back to the position at the same place when the selected one closes, else freezes on it', () => {
    const [a, b] = [position('a'), position('b')];
    let s = run([{ type: 'snapshot', view: view({ positions: [a, b] }), logs: [] }, { type: 'select', delta: 1 }]);
    s = dashReducer(s, { type: 'state', view: view({ now: at('10:01'), positions: [a] }) });
    expect(s.selectedId).toBe('a');
    s = dashReducer(s, { type: 'state', view: view({ now: at('10:02'), positions: [] }) });
    expect(s.selectedId).toBeNull();
    expect(s.followed).toMatchObject({ id: 'a', closedAt: at('10:02') });
    expect(s.prices.a).toBeDefined(); // still drawn, frozen
    s = dashReducer(s, { type: 'state', view: view({ now: at('10:03'), positions: [] }) });
    expect(s.followed?.closedAt).toBe(at('10:02'));
    s = dashReducer(s, { type: 'state', view: view({ now: at('10:04'), positions: [position('d')] }) });
    expect(s.selectedId).toBe('d');
    expect(s.followed?.closedAt).toBeNull();
    expect(dashReducer(s, { type: 'select', delta: 1 })).toBe(s);
  });

  it('starts the series afresh on a new trading day', () => {
    let s = run([{ type: 'snapshot', view: view({ positions: [position('a')], realizedPaise: 5000 }), logs: [] }]);
    const next = at('10:00') + 24 * 3600_000;
    s = dashReducer(s, { type: 'state', view: view({ now: next }) });
    expect(s.equity.points.every((p) => p.t > at('23:59'))).toBe(true);
    expect(s.prices).toEqual({});
  });

  it('starts afresh when a snapshot comes from an engine whose clock is behind the charts', () => {
    let s = run([{ type: 'snapshot', view: view({ now: at('10:30'), positions: [position('a')] }), logs: [] }]);
    s = dashReducer(s, { type: 'snapshot', view: view({ now: at('09:20') }), logs: [] });
    expect(s.equity.points.at(-1)?.t).toBe(at('09:20'));
    expect(s.prices).toEqual({});
    // an ordinary state view from the past is ignored rather than bending the lines back
    const t = dashReducer(s, { type: 'state', view: view({ now: at('09:19') }) });
    expect(t.equity.points.at(-1)?.t).toBe(at('09:20'));
  });

  it('keeps logs from events and snapshots without repeating them on a resync, capped', () => {
    const rec = (i: number) => ({ ts: at('10:00') + i * 1000, level: 'info' as const, msg: `m${i}` });
    let s = run([{ type: 'snapshot', view: view(), logs: [rec(0), rec(1)] }, { type: 'event', event: { type: 'log', record: rec(2) } }]);
    s = dashReducer(s, { type: 'snapshot', view: view(), logs: [rec(1), rec(2), rec(3)] });
    expect(s.logs.map((r) => r.msg)).toEqual(['m0', 'm1', 'm2', 'm3']);
    for (let i = 4; i < LOG_CAP + 50; i++) s = dashReducer(s, { type: 'event', event: { type: 'log', record: rec(i) } });
    expect(s.logs.length).toBe(LOG_CAP);
    expect(s.logs.at(-1)?.msg).toBe(`m${LOG_CAP + 49}`);
  });

  it('tracks the bus phase', () => {
    const s = dashReducer(initialDashState(), { type: 'phase', phase: 'lost' });
    expect(s.phase).toBe('lost');
    expect(dashReducer(s, { type: 'phase', phase: 'lost' })).toBe(s);
  });
});
