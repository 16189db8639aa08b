import type { DayCounters, EngineState, Order, Position, Trade } from '../domain/trading.js';

/** Everything the engine needs to resume exactly after a restart. Documented in docs/state.md. */
export interface PersistedState {
  readonly version: 1;
  /** IST trading date the counters and trades belong to. */
  date: string;
  engineState: EngineState;
  stateReason: string | null;
  /** HALTED lasts until the next session: the date it was set on. */
  haltedOn: string | null;
  counters: DayCounters;
  positions: Position[];
  /** Orders not yet final, plus today's final ones (for reconciliation and idempotency). */
  orders: Order[];
  trades: Trade[];
  /** Signal ids already acted on today (first-of-day rule survives restarts). */
  consumedSignals: string[];
  /**
   * Finished days whose trades have not reached Store.archiveDay yet (added for the rollover: the
   * trades leave this state only once their archive succeeded). Absent or empty when all are archived.
   */
  unarchived?: Array<{ date: string; trades: Trade[] }>;
  /** Monotonic counter for client order ids. */
  nextOrderSeq: number;
  updatedAt: number;
}

export interface Store {
  /** null when no state exists yet; throws StateCorruptError when the file cannot be trusted. */
  load(): Promise<PersistedState | null>;
  /** Atomic write (temp file + rename); resolves when the state is durable. Writes are serialised. */
  save(state: PersistedState): Promise<void>;
  /** Keeps a finished day's trades for `algo-tui report`. */
  archiveDay(date: string, trades: readonly Trade[]): Promise<void>;
  loadTrades(date: string): Promise<Trade[] | null>;
}

export class StateCorruptError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`state file ${file} is unreadable or corrupt (${detail}); it was left untouched. Move it aside to start fresh, or restore a backup.`);
    this.name = 'StateCorruptError';
  }
}
