// A capped, immutable log buffer: appending returns a new ring and drops the oldest records beyond the cap,
// so a chatty engine can never grow the TUI's memory. Immutable because the reducer must stay pure.
import type { LogRecord } from '../../domain/view.js';

export const DEFAULT_LOG_CAP = 2_000;

export interface LogRing {
  readonly cap: number;
  /** Oldest first. */
  readonly items: readonly LogRecord[];
  /** Total records ever appended (lets views notice growth even when the ring is full). */
  readonly total: number;
}

export function emptyLogRing(cap = DEFAULT_LOG_CAP): LogRing {
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`log ring cap must be a positive integer, got ${cap}`);
  return { cap, items: [], total: 0 };
}

export function appendLogs(ring: LogRing, records: readonly LogRecord[]): LogRing {
  if (records.length === 0) return ring;
  const merged = ring.items.length + records.length <= ring.cap
    ? ring.items.concat(records)
    : ring.items.concat(records).slice(-ring.cap);
  return { cap: ring.cap, items: merged, total: ring.total + records.length };
}

/** Records a viewer sees: debug lines only when asked for. */
export function visibleLogs(ring: LogRing, showDebug: boolean): readonly LogRecord[] {
  return showDebug ? ring.items : ring.items.filter((r) => r.level !== 'debug');
}
