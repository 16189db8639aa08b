// An in-memory Store for unit tests: deep-copies on save and load so the engine can never mutate
// "durable" state behind the store's back. Counts saves so tests can assert write ordering.
import type { Trade } from '../../source/domain/trading.js';
import type { PersistedState, Store } from '../../source/ports/store.js';

export class MemoryStore implements Store {
  saved: PersistedState | null = null;
  saves = 0;
  archives = new Map<string, Trade[]>();
  /** Set to make the next save fail (fault injection). */
  failNext: Error | null = null;

  async load(): Promise<PersistedState | null> {
    return this.saved ? structuredClone(this.saved) : null;
  }

  async save(state: PersistedState): Promise<void> {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    this.saved = structuredClone(state);
    this.saves += 1;
  }

  async archiveDay(date: string, trades: readonly Trade[]): Promise<void> {
    this.archives.set(date, structuredClone([...trades]));
  }

  async loadTrades(date: string): Promise<Trade[] | null> {
    return this.archives.get(date) ?? null;
  }
}
