// The TUI's whole state: a mirror of the engine (latest view, connection phase, logs) plus UI state.
import type { EngineEvent, EngineView, LogRecord } from '../../domain/view.js';
import type { ConnectionPhase, ReplySummary } from '../backend.js';
import type { LogRing } from './log-ring.js';

export type Panel = 'positions' | 'watchlist' | 'trades' | 'logs';
export type ScrollPanel = Exclude<Panel, 'positions'>;

/** Actions that close positions and therefore need a `y` first. */
export type CloseAction = 'flatten' | 'flatten-all' | 'halt';
export type ConfirmKind = CloseAction | 'stop-engine';

export interface PendingConfirm {
  readonly kind: ConfirmKind;
  /** The position to flatten (kind 'flatten'). */
  readonly symbol?: string;
  readonly prompt: string;
}

export type OutcomeStatus = 'pending' | 'ok' | 'failed' | 'info';

export interface ActionOutcome {
  readonly action: string;
  readonly status: OutcomeStatus;
  readonly message: string;
  readonly closed: ReplySummary['closed'];
  readonly at: number;
}

export interface TuiState {
  readonly view: EngineView | null;
  /** Local time the latest view arrived; lets the clock tick between updates. */
  readonly viewAt: number | null;
  readonly phase: ConnectionPhase;
  readonly phaseDetail: string | null;
  readonly lostSince: number | null;
  readonly logs: LogRing;
  readonly focus: Panel;
  /** By symbol, so the selection survives the engine reordering its positions. */
  readonly selectedSymbol: string | null;
  /** Rows scrolled; for logs it counts up from the newest line (0 = follow the tail). */
  readonly scroll: Readonly<Record<ScrollPanel, number>>;
  readonly help: boolean;
  readonly debugLogs: boolean;
  readonly confirm: PendingConfirm | null;
  readonly outcome: ActionOutcome | null;
  readonly banner: string | null;
}

export type TuiAction =
  | { readonly type: 'phase'; readonly phase: ConnectionPhase; readonly detail?: string; readonly at: number }
  | { readonly type: 'state'; readonly view: EngineView; readonly at: number }
  | { readonly type: 'event'; readonly event: EngineEvent }
  | { readonly type: 'logs'; readonly records: readonly LogRecord[] }
  /** The engine's recent logs from a snapshot; may overlap what arrived as events. */
  | { readonly type: 'snapshot-logs'; readonly records: readonly LogRecord[] }
  | { readonly type: 'select'; readonly delta: number }
  | { readonly type: 'focus'; readonly panels: readonly Panel[]; readonly delta: 1 | -1 }
  | { readonly type: 'scroll'; readonly panel: ScrollPanel; readonly delta: number }
  | { readonly type: 'help'; readonly open: boolean }
  | { readonly type: 'toggle-debug' }
  | { readonly type: 'ask'; readonly confirm: PendingConfirm }
  | { readonly type: 'cancel-confirm'; readonly at: number }
  | { readonly type: 'action-started'; readonly action: string; readonly message: string; readonly at: number }
  | { readonly type: 'action-finished'; readonly action: string; readonly summary: ReplySummary; readonly at: number }
  | { readonly type: 'notice'; readonly action: string; readonly message: string; readonly at: number };
