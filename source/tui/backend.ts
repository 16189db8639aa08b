// What the TUI needs from its connection to an engine. The TUI never sees sockets: app/tui-main.tsx adapts
// the real bus client to this interface, tests and the bench use an in-memory one.
import type { EngineEvent, EngineView, LogRecord } from '../domain/view.js';

/** connecting: no answer yet; syncing: subscribed, waiting for a snapshot; live: in sync; lost: silence or gap. */
export type ConnectionPhase = 'connecting' | 'syncing' | 'live' | 'lost';

/** The engine requests a front-end may send (DESIGN.md §6). */
export type RequestType =
  | 'snapshot'
  | 'flatten'
  | 'flatten-all'
  | 'pause'
  | 'resume'
  | 'halt'
  | 'set-log-level'
  | 'ping';

export type RequestReply =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: string };

export type Unsubscribe = () => void;

export interface TuiBackend {
  onPhase(listener: (phase: ConnectionPhase, detail?: string) => void): Unsubscribe;
  onState(listener: (view: EngineView) => void): Unsubscribe;
  onEvent(listener: (event: EngineEvent) => void): Unsubscribe;
  request(type: RequestType, args?: Readonly<Record<string, unknown>>): Promise<RequestReply>;
  /** Log records that came with the latest snapshot (newest last); the TUI seeds its log panel from them. */
  snapshotLogs(): readonly LogRecord[];
}

/** One symbol's outcome of a closing action, as the engine reports it. */
export interface CloseOutcome {
  readonly symbol: string;
  readonly outcome: 'FILLED' | 'REJECTED' | 'ERROR' | 'PENDING';
  readonly price?: number;
  readonly message?: string;
}

/** What an action's reply carries for the UI: a message and, for closing actions, per-symbol outcomes. */
export interface ReplySummary {
  readonly ok: boolean;
  readonly message: string;
  readonly closed: readonly CloseOutcome[];
}

const OUTCOMES = new Set(['FILLED', 'REJECTED', 'ERROR', 'PENDING']);

function asRecord(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function parseClosed(v: unknown): CloseOutcome[] {
  if (!Array.isArray(v)) return [];
  const out: CloseOutcome[] = [];
  for (const item of v) {
    const r = asRecord(item);
    if (!r || typeof r.symbol !== 'string' || typeof r.outcome !== 'string' || !OUTCOMES.has(r.outcome)) continue;
    out.push({
      symbol: r.symbol,
      outcome: r.outcome as CloseOutcome['outcome'],
      ...(typeof r.price === 'number' ? { price: r.price } : {}),
      ...(typeof r.message === 'string' ? { message: r.message } : {}),
    });
  }
  return out;
}

/**
 * Reads a reply defensively: the engine's result is unknown JSON, and a malformed one must show as a
 * message, never crash the screen. Accepts both `{ ok, result: { message, closed } }` and a result that is
 * itself a ControlResult (`{ ok:false, error }`).
 */
export function summarizeReply(reply: RequestReply): ReplySummary {
  if (!reply.ok) return { ok: false, message: reply.error, closed: [] };
  const r = asRecord(reply.result);
  if (!r) return { ok: true, message: typeof reply.result === 'string' ? reply.result : 'ok', closed: [] };
  if (r.ok === false) return { ok: false, message: typeof r.error === 'string' ? r.error : 'failed', closed: [] };
  return { ok: true, message: typeof r.message === 'string' ? r.message : 'ok', closed: parseClosed(r.closed) };
}
