import { describe, expect, it } from 'vitest';
import { bindingFor, handleKey, KEY_BINDINGS, keyName, type KeyContext } from '../../source/tui/keys.js';
import { initialState, reducer } from '../../source/tui/state/reducer.js';
import type { TuiState } from '../../source/tui/state/types.js';
import { loadView } from './fake-backend.js';

const ctx: KeyContext = { panels: ['positions', 'logs'], pageSize: 10, ownsEngine: false, now: 7 };
const halted = loadView('three-positions-halted');
const quiet = loadView('quiet-morning');
const withView = (view = halted): TuiState => reducer(initialState(), { type: 'state', view, at: 0 });
const press = (s: TuiState, ...keys: string[]): { state: TuiState; effects: unknown[] } => {
  const effects: unknown[] = [];
  for (const k of keys) {
    const r = handleKey(s, k, ctx);
    s = r.actions.reduce(reducer, s);
    if (r.effect) effects.push(r.effect);
  }
  return { state: s, effects };
};

describe('key table', () => {
  it('binds every key DESIGN.md §2 names, each once', () => {
    const keys = KEY_BINDINGS.flatMap((b) => b.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of ['up', 'down', 'j', 'k', 'f', 'F', 'H', 'p', 'd', 'tab', '?', 'q', 'pageup', 'pagedown']) {
      expect(bindingFor(k), k).toBeDefined();
    }
    expect(KEY_BINDINGS.filter((b) => b.confirms).map((b) => b.command).sort()).toEqual(['flatten', 'flatten-all', 'halt']);
  });

  it('names Ink keys', () => {
    expect(keyName('', { upArrow: true })).toBe('up');
    expect(keyName('', { pageDown: true })).toBe('pagedown');
    expect(keyName('', { tab: true, shift: true })).toBe('shift-tab');
    expect(keyName('c', { ctrl: true })).toBe('ctrl-c');
    expect(keyName('F', { shift: true })).toBe('F');
  });
});

describe('handleKey', () => {
  it('j/k and arrows move the selection', () => {
    expect(press(withView(), 'j', 'down').state.selectedSymbol).toBe('TATAMOTORS');
    expect(press(withView(), 'j', 'k').state.selectedSymbol).toBe('BHARTIARTL');
  });

  it('f asks, y flattens the selected symbol', () => {
    const asked = press(withView(), 'j', 'f');
    expect(asked.state.confirm).toMatchObject({ kind: 'flatten', symbol: 'INFY' });
    expect(asked.effects).toEqual([]);
    const done = press(asked.state, 'y');
    expect(done.effects).toEqual([{ kind: 'request', action: 'flatten', type: 'flatten', args: { symbol: 'INFY' } }]);
    expect(done.state.outcome?.status).toBe('pending');
  });

  it('any other key cancels a confirmation and sends nothing', () => {
    for (const k of ['n', 'Y', 'return', 'escape', 'f']) {
      const r = press(withView(), 'F', k);
      expect(r.effects, k).toEqual([]);
      expect(r.state.confirm).toBeNull();
      expect(r.state.outcome?.message).toBe('cancelled');
    }
  });

  it('F and H confirm before flatten-all and halt', () => {
    expect(press(withView(), 'F', 'y').effects).toEqual([{ kind: 'request', action: 'flatten-all', type: 'flatten-all' }]);
    const h = press(withView(), 'H');
    expect(h.state.confirm?.prompt).toMatch(/HALT: flatten 3 positions/);
    expect(press(h.state, 'y').effects).toEqual([{ kind: 'request', action: 'halt', type: 'halt' }]);
  });

  it('f with nothing to flatten says so without asking', () => {
    const r = press(withView(quiet), 'f');
    expect(r.state.confirm).toBeNull();
    expect(r.state.outcome?.message).toBe('no position selected');
  });

  it('p pauses an active engine, resumes a paused one, and explains a halted one', () => {
    expect(press(withView(quiet), 'p').effects).toEqual([{ kind: 'request', action: 'pause', type: 'pause' }]);
    const paused = { ...quiet, engineState: 'PAUSED' as const };
    expect(press(withView(paused), 'p').effects).toEqual([{ kind: 'request', action: 'resume', type: 'resume' }]);
    const h = press(withView(), 'p');
    expect(h.effects).toEqual([]);
    expect(h.state.outcome?.message).toMatch(/HALTED/);
  });

  it('tab moves focus; arrows then scroll the focused logs; PgUp/PgDn page them', () => {
    let s = withView();
    s = reducer(s, { type: 'logs', records: Array.from({ length: 40 }, (_, i) => ({ ts: i, level: 'info' as const, msg: `m${i}` })) });
    const r = press(s, 'tab', 'up', 'up');
    expect(r.state.focus).toBe('logs');
    expect(r.state.scroll.logs).toBe(2);
    expect(r.state.selectedSymbol).toBe('BHARTIARTL');
    expect(press(r.state, 'pageup').state.scroll.logs).toBe(12);
    expect(press(r.state, 'pagedown').state.scroll.logs).toBe(0);
  });

  it('? opens help and any key closes it without acting', () => {
    const open = press(withView(), '?');
    expect(open.state.help).toBe(true);
    const closed = press(open.state, 'F');
    expect(closed.state.help).toBe(false);
    expect(closed.state.confirm).toBeNull();
  });

  it('d toggles debug lines', () => {
    expect(press(withView(), 'd').state.debugLogs).toBe(true);
    expect(press(withView(), 'd', 'd').state.debugLogs).toBe(false);
  });

  it('q detaches an attached TUI at once', () => {
    expect(press(withView(), 'q').effects).toEqual([{ kind: 'quit', stopEngine: false }]);
  });

  it('q in a TUI that started the engine asks; y stops, n detaches, other keys stay', () => {
    const own: KeyContext = { ...ctx, ownsEngine: true, stopNote: 'positions stay open at the broker' };
    const s = withView();
    const asked = handleKey(s, 'q', own).actions.reduce(reducer, s);
    expect(asked.confirm?.prompt).toBe('Stop the engine? 3 positions open (positions stay open at the broker)');
    expect(handleKey(asked, 'y', own).effect).toEqual({ kind: 'quit', stopEngine: true });
    expect(handleKey(asked, 'n', own).effect).toEqual({ kind: 'quit', stopEngine: false });
    expect(handleKey(asked, 'return', own).effect).toEqual({ kind: 'quit', stopEngine: false });
    const stay = handleKey(asked, 'x', own);
    expect(stay.effect).toBeNull();
    expect(stay.actions.reduce(reducer, asked).confirm).toBeNull();
  });
});
