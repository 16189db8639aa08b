// The dashboard's pure model: folds the bus client's snapshots, state views and events into bounded
// chart series and a selection. No terminal, no sockets, no wall clock: every instant comes from the
// engine's view (clock.now), so the same inputs always give the same charts.
import { fromPaise } from '../domain/money.js';
import { istDate, istInstant } from '../domain/time.js';
import type { EngineEvent, EngineView, LogRecord, PositionView } from '../domain/view.js';
import type { Position, Trade } from '../domain/trading.js';
import { appendPoint, emptySeries, seriesFrom, type Series } from './series.js';
import { chargesOf, dayNetPaise, netPnlPaise } from '../domain/charges.js';

export type DashPhase = 'connecting' | 'syncing' | 'live' | 'lost';

/** What the price chart follows: an open position, or the last one selected after it closed. */
export interface Followed {
  readonly id: string;
  readonly symbol: string;
  readonly side: Position['side'];
  readonly strategy: string;
  readonly qty: number;
  readonly entryPrice: number;
  readonly entryTime: number;
  readonly stop: number;
  readonly lastPrice: number;
  readonly unrealizedPaise: number;
  /** Set once the position is no longer in the view: the chart freezes at this instant. */
  readonly closedAt: number | null;
}

export interface DashState {
  readonly phase: DashPhase;
  readonly view: EngineView | null;
  /** IST date the series belong to; a new trading day starts them afresh. */
  readonly day: string | null;
  readonly selectedId: string | null;
  readonly followed: Followed | null;
  readonly prices: Readonly<Record<string, Series>>;
  readonly stops: Readonly<Record<string, Series>>;
  /** Realised + unrealised, rupees, over engine clock time. */
  readonly equity: Series;
  /** Feed ticks per second of engine clock time, newest last. */
  readonly tickRates: readonly number[];
  readonly tickAnchor: { readonly t: number; readonly ticks: number } | null;
  /** Oldest first, capped at LOG_CAP. */
  readonly logs: readonly LogRecord[];
  readonly logTotal: number;
}

export type DashAction =
  | { readonly type: 'phase'; readonly phase: DashPhase }
  | { readonly type: 'snapshot'; readonly view: EngineView; readonly logs: readonly LogRecord[] }
  | { readonly type: 'state'; readonly view: EngineView }
  | { readonly type: 'event'; readonly event: EngineEvent }
  | { readonly type: 'select'; readonly delta: number };

export const LOG_CAP = 500;
export const TICK_RATE_CAP = 240;
/** A tick-rate sample spans at least this much engine time, so frequent views do not make noise. */
export const TICK_SAMPLE_MS = 1_000;

export function initialDashState(): DashState {
  return {
    phase: 'connecting',
    view: null,
    day: null,
    selectedId: null,
    followed: null,
    prices: {},
    stops: {},
    equity: emptySeries(),
    tickRates: [],
    tickAnchor: null,
    logs: [],
    logTotal: 0,
  };
}

function followOf(p: PositionView, closedAt: number | null = null): Followed {
  return {
    id: p.id, symbol: p.symbol, side: p.side, strategy: p.strategy, qty: p.qty, entryPrice: p.entryPrice,
    entryTime: p.entryTime, stop: p.stop, lastPrice: p.lastPrice, unrealizedPaise: p.unrealizedPaise, closedAt,
  };
}

/** A trade's P&L net of its charges (charges read as 0 from engines that do not report them). */
export function netPaise(t: Trade): number {
  return netPnlPaise(t);
}

/** Charges of the day's closed trades; optional on the wire, so read defensively. */
export function dayChargesPaise(view: EngineView): number {
  return chargesOf(view.constraints);
}

/** The day's P&L as the loss limit sees it: realised net of charges plus unrealised. */
export function dayPnlPaise(view: EngineView): number {
  return dayNetPaise(view.constraints);
}

/**
 * The equity curve as it can be known on attaching mid-day: zero at the session open, then a step at each
 * trade's exit by its realised P&L (unrealised P&L of the past is not in the view, so it is not invented).
 */
export function seedEquity(view: EngineView): Series {
  const day = istDate(view.clock.now);
  const trades = view.trades.filter((t) => istDate(t.exitTime) === day).sort((a, b) => a.exitTime - b.exitTime);
  const open = Math.min(istInstant(day, '09:15'), ...trades.map((t) => t.entryTime), ...view.positions.map((p) => p.entryTime));
  const points = [{ t: Math.min(open, view.clock.now), v: 0 }];
  let realised = 0;
  for (const t of trades) {
    realised += netPaise(t);
    points.push({ t: t.exitTime, v: fromPaise(realised) });
  }
  return seriesFrom(points);
}

/** A position's stop line from its recorded history (entry stop and each trail), or its current stop. */
export function seedStops(p: PositionView): Series {
  const hist = p.stopHistory.map((c) => ({ t: c.ts, v: c.stop }));
  return seriesFrom(hist.length > 0 ? hist : [{ t: p.entryTime, v: p.stop }]);
}

/** Price from the entry fill onward; the past between entry and now is unknown, so it starts as two points. */
export function seedPrices(p: PositionView): Series {
  return seriesFrom([{ t: p.entryTime, v: p.entryPrice }]);
}

function sampleTicks(state: DashState, view: EngineView): Pick<DashState, 'tickRates' | 'tickAnchor'> {
  const now = view.clock.now;
  const ticks = view.feed.ticks;
  const a = state.tickAnchor;
  // No anchor yet, a restarted counter, or time going backwards (a restart, a new sim day): start again.
  if (!a || ticks < a.ticks || now < a.t) return { tickRates: state.tickRates, tickAnchor: { t: now, ticks } };
  if (now - a.t < TICK_SAMPLE_MS) return { tickRates: state.tickRates, tickAnchor: a };
  const rate = ((ticks - a.ticks) * 1000) / (now - a.t);
  const tickRates = [...state.tickRates, rate].slice(-TICK_RATE_CAP);
  return { tickRates, tickAnchor: { t: now, ticks } };
}

/** Keeps the same position id; when it closed, the one now at its place (or the last); none: keep it frozen. */
function reconcileSelection(prev: DashState, view: EngineView): { selectedId: string | null; followed: Followed | null } {
  const ids = view.positions.map((p) => p.id);
  const sel = prev.selectedId;
  let selectedId: string | null;
  if (sel !== null && ids.includes(sel)) selectedId = sel;
  else if (ids.length === 0) selectedId = null;
  else {
    const oldIds = prev.view?.positions.map((p) => p.id) ?? [];
    const at = sel === null ? 0 : Math.max(0, oldIds.indexOf(sel));
    selectedId = ids[Math.min(at, ids.length - 1)] ?? null;
  }
  const open = view.positions.find((p) => p.id === selectedId);
  if (open) return { selectedId, followed: followOf(open) };
  const f = prev.followed;
  const frozen = f && f.closedAt === null ? { ...f, closedAt: view.clock.now } : f;
  return { selectedId, followed: frozen };
}

function applyView(state: DashState, view: EngineView, fresh: boolean): DashState {
  const day = istDate(view.clock.now);
  // A new day (or the first view) starts every series afresh from what the view can tell; so does a
  // snapshot whose clock is behind what we drew (an engine restarted on an earlier simulated time).
  const lastT = state.equity.points[state.equity.points.length - 1]?.t ?? -Infinity;
  const newDay = state.day !== day || (fresh && view.clock.now < lastT);
  const base: DashState = newDay ? { ...initialDashState(), phase: state.phase, logs: state.logs, logTotal: state.logTotal, selectedId: state.selectedId } : state;
  const prices: Record<string, Series> = {};
  const stops: Record<string, Series> = {};
  const now = view.clock.now;
  for (const p of view.positions) {
    prices[p.id] = appendPoint(base.prices[p.id] ?? seedPrices(p), now, p.lastPrice);
    stops[p.id] = appendPoint(base.stops[p.id] ?? seedStops(p), now, p.stop);
  }
  const { selectedId, followed } = reconcileSelection(base, view);
  // Keep the series of the position the chart still follows after it closed; drop every other closed one.
  if (followed && !prices[followed.id]) {
    const pr = base.prices[followed.id];
    const st = base.stops[followed.id];
    if (pr) prices[followed.id] = pr;
    if (st) stops[followed.id] = st;
  }
  const seeded = newDay || (fresh && base.equity.points.length === 0) ? seedEquity(view) : base.equity;
  const equity = appendPoint(seeded, now, fromPaise(dayPnlPaise(view)));
  return { ...base, view, day, prices, stops, selectedId, followed, equity, ...sampleTicks(base, view) };
}

const logKey = (r: LogRecord): string => `${r.ts}|${r.level}|${r.msg}`;

function appendLogs(state: DashState, records: readonly LogRecord[]): DashState {
  if (records.length === 0) return state;
  return { ...state, logs: [...state.logs, ...records].slice(-LOG_CAP), logTotal: state.logTotal + records.length };
}

/** Snapshot logs not already shown: a resync repeats what the stream delivered. */
function newSnapshotLogs(have: readonly LogRecord[], snap: readonly LogRecord[]): LogRecord[] {
  const newest = have[have.length - 1]?.ts ?? -Infinity;
  const seen = new Set(have.filter((r) => r.ts >= newest).map(logKey));
  return snap.filter((r) => r.ts >= newest && !seen.has(logKey(r)));
}

function moveSelection(state: DashState, delta: number): DashState {
  const ids = state.view?.positions.map((p) => p.id) ?? [];
  if (ids.length === 0 || delta === 0) return state;
  const at = state.selectedId === null ? -1 : ids.indexOf(state.selectedId);
  const next = at < 0 ? ids[0]! : ids[Math.min(ids.length - 1, Math.max(0, at + delta))]!;
  if (next === state.selectedId) return state;
  const p = state.view!.positions.find((x) => x.id === next)!;
  return { ...state, selectedId: next, followed: followOf(p) };
}

export function dashReducer(state: DashState, action: DashAction): DashState {
  switch (action.type) {
    case 'phase':
      return action.phase === state.phase ? state : { ...state, phase: action.phase };
    case 'snapshot':
      return applyView(appendLogs(state, newSnapshotLogs(state.logs, action.logs)), action.view, true);
    case 'state':
      return applyView(state, action.view, false);
    case 'event':
      return action.event.type === 'log' ? appendLogs(state, [action.event.record]) : state;
    case 'select':
      return moveSelection(state, action.delta);
  }
}

/** Open positions in view order with the selected one marked: the header's "2/3" and the price title. */
export function selectionIndex(state: DashState): { index: number; count: number } {
  const ids = state.view?.positions.map((p) => p.id) ?? [];
  return { index: state.selectedId === null ? -1 : ids.indexOf(state.selectedId), count: ids.length };
}
