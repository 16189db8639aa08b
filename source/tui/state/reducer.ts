// The TUI's reducer: pure, so every transition (sync, loss, selection, confirmation, outcome) is tested
// without React. Side effects (requests to the engine) are decided in keys.ts and run by the app.
import type { EngineView, LogRecord } from '../../domain/view.js';
import { appendLogs, emptyLogRing, visibleLogs } from './log-ring.js';
import type { Panel, ScrollPanel, TuiAction, TuiState } from './types.js';

export const LOST_BANNER = 'engine lost — reconnecting…';

export interface InitialOptions {
  readonly debugLogs?: boolean;
  readonly logCap?: number;
}

export function initialState(opts: InitialOptions = {}): TuiState {
  return {
    view: null,
    viewAt: null,
    phase: 'connecting',
    phaseDetail: null,
    lostSince: null,
    logs: emptyLogRing(opts.logCap),
    focus: 'positions',
    selectedSymbol: null,
    scroll: { logs: 0, watchlist: 0, trades: 0 },
    help: false,
    debugLogs: opts.debugLogs ?? false,
    confirm: null,
    outcome: null,
    banner: null,
  };
}

/** Keeps the selection on the same symbol; falls back to the first position when it closed. */
function reconcileSelection(view: EngineView, selected: string | null): string | null {
  const symbols = view.positions.map((p) => p.symbol);
  if (selected !== null && symbols.includes(selected)) return selected;
  return symbols[0] ?? null;
}

function moveSelection(state: TuiState, delta: number): string | null {
  const symbols = state.view?.positions.map((p) => p.symbol) ?? [];
  if (symbols.length === 0) return null;
  const at = state.selectedSymbol === null ? -1 : symbols.indexOf(state.selectedSymbol);
  const start = at < 0 ? 0 : at + delta;
  const clamped = Math.min(symbols.length - 1, Math.max(0, start));
  return symbols[clamped] ?? null;
}

function scrollLimit(state: TuiState, panel: ScrollPanel): number {
  if (panel === 'logs') return Math.max(0, visibleLogs(state.logs, state.debugLogs).length - 1);
  if (panel === 'watchlist') return Math.max(0, (state.view?.watchlist.length ?? 0) - 1);
  return Math.max(0, (state.view?.trades.length ?? 0) - 1);
}

function withScroll(state: TuiState, panel: ScrollPanel, value: number): TuiState {
  const v = Math.min(scrollLimit(state, panel), Math.max(0, value));
  return v === state.scroll[panel] ? state : { ...state, scroll: { ...state.scroll, [panel]: v } };
}

const logKey = (r: LogRecord): string => `${r.ts}|${r.level}|${r.msg}`;

/** Snapshot records not already in the ring (a re-sync repeats what the stream already delivered). */
function newRecords(have: readonly LogRecord[], snapshot: readonly LogRecord[]): LogRecord[] {
  const first = snapshot[0];
  if (!first) return [];
  const seen = new Set<string>();
  for (let i = have.length - 1; i >= 0; i--) {
    const r = have[i];
    if (!r || r.ts < first.ts) break;
    seen.add(logKey(r));
  }
  const newest = have[have.length - 1]?.ts ?? -Infinity;
  // Only records at or after what we already show: older ones would land out of order at the bottom.
  return snapshot.filter((r) => r.ts >= newest && !seen.has(logKey(r)));
}

function cycleFocus(current: Panel, panels: readonly Panel[], delta: 1 | -1): Panel {
  if (panels.length === 0) return current;
  const at = panels.indexOf(current);
  const next = at < 0 ? 0 : (at + delta + panels.length) % panels.length;
  return panels[next] ?? current;
}

export function reducer(state: TuiState, action: TuiAction): TuiState {
  switch (action.type) {
    case 'phase': {
      const lost = action.phase === 'lost';
      return {
        ...state,
        phase: action.phase,
        phaseDetail: action.detail ?? null,
        lostSince: lost ? (state.lostSince ?? action.at) : action.phase === 'live' ? null : state.lostSince,
        banner: lost ? LOST_BANNER : action.phase === 'live' ? null : state.banner,
      };
    }
    case 'state': {
      const selectedSymbol = reconcileSelection(action.view, state.selectedSymbol);
      // A view proves the engine is there: leave 'lost'/'syncing' without waiting for a phase message.
      const next: TuiState = {
        ...state,
        view: action.view,
        viewAt: action.at,
        selectedSymbol,
        phase: 'live',
        lostSince: null,
        banner: null,
      };
      return withScroll(withScroll(next, 'watchlist', next.scroll.watchlist), 'trades', next.scroll.trades);
    }
    case 'event': {
      const e = action.event;
      if (e.type === 'log') return reducer(state, { type: 'logs', records: [e.record] });
      if (e.type === 'engine-state' && state.view) {
        return { ...state, view: { ...state.view, engineState: e.state, stateReason: e.reason } };
      }
      return state;
    }
    case 'logs': {
      const logs = appendLogs(state.logs, action.records);
      // Hold a scrolled-back reader's place: new lines arrive below what they are reading.
      const arrived = state.debugLogs ? action.records.length : action.records.filter((r) => r.level !== 'debug').length;
      const next = { ...state, logs };
      return state.scroll.logs > 0 ? withScroll(next, 'logs', state.scroll.logs + arrived) : next;
    }
    case 'snapshot-logs': {
      const fresh = newRecords(state.logs.items, action.records);
      return fresh.length === 0 ? state : reducer(state, { type: 'logs', records: fresh });
    }
    case 'select':
      return { ...state, selectedSymbol: moveSelection(state, action.delta) };
    case 'focus':
      return { ...state, focus: cycleFocus(state.focus, action.panels, action.delta) };
    case 'scroll':
      return withScroll(state, action.panel, state.scroll[action.panel] + action.delta);
    case 'help':
      return { ...state, help: action.open };
    case 'toggle-debug':
      return { ...state, debugLogs: !state.debugLogs, scroll: { ...state.scroll, logs: 0 } };
    case 'ask':
      return { ...state, confirm: action.confirm, help: false };
    case 'cancel-confirm':
      if (!state.confirm) return state;
      return {
        ...state,
        confirm: null,
        outcome: { action: state.confirm.kind, status: 'info', message: 'cancelled', closed: [], at: action.at },
      };
    case 'action-started':
      return {
        ...state,
        confirm: null,
        outcome: { action: action.action, status: 'pending', message: action.message, closed: [], at: action.at },
      };
    case 'action-finished': {
      const { summary } = action;
      const failed = !summary.ok || summary.closed.some((c) => c.outcome === 'REJECTED' || c.outcome === 'ERROR');
      return {
        ...state,
        outcome: {
          action: action.action,
          status: failed ? 'failed' : 'ok',
          message: summary.message,
          closed: summary.closed,
          at: action.at,
        },
      };
    }
    case 'notice':
      return {
        ...state,
        confirm: null,
        outcome: { action: action.action, status: 'info', message: action.message, closed: [], at: action.at },
      };
  }
}
