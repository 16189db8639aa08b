// The engine's command surface, called by the bus (ROUTER requests) and by tests.
import type { EngineView, LogLevelName, LogRecord } from '../domain/view.js';

export interface ClosedResult {
  readonly symbol: string;
  readonly outcome: 'FILLED' | 'REJECTED' | 'ERROR' | 'PENDING';
  readonly price?: number;
  readonly message?: string;
}

export type ControlResult =
  | { readonly ok: true; readonly message: string; readonly closed?: readonly ClosedResult[] }
  | { readonly ok: false; readonly error: string };

export interface EngineControl {
  view(): EngineView;
  /** Closes one position at market; resolves when the exit is filled, rejected or failed (or after a timeout, PENDING). */
  flatten(symbol: string): Promise<ControlResult>;
  flattenAll(): Promise<ControlResult>;
  pause(): Promise<ControlResult>;
  resume(): Promise<ControlResult>;
  /** Flatten all and block entries until the next session. */
  halt(): Promise<ControlResult>;
  setLogLevel(level: LogLevelName): ControlResult;
  /** Recent log records for a late joiner's snapshot (newest last). */
  recentLogs(): readonly LogRecord[];
}
