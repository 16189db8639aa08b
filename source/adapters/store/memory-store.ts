// A Store kept in memory, for runs that persist nothing (the backtest): the same contract as the lowdb
// store (load returns a copy, archiveDay/loadTrades per date), so day rollover and archiving behave as
// in a live engine. The engine already hands save() a fresh copy of its state, so it is kept as given.
import type { Trade } from '../../domain/trading.js';
import type { PersistedState, Store } from '../../ports/store.js';

export class InMemoryStore implements Store {
  private state: PersistedState | null = null;
  private readonly archives = new Map<string, Trade[]>();

  async load(): Promise<PersistedState | null> {
    return this.state ? structuredClone(this.state) : null;
  }

  async save(state: PersistedState): Promise<void> {
    this.state = state;
  }

  async archiveDay(date: string, trades: readonly Trade[]): Promise<void> {
    // A day archived twice (a retried archive) keeps its last list, as the file store does.
    this.archives.set(date, trades.map((t) => ({ ...t })));
  }

  async loadTrades(date: string): Promise<Trade[] | null> {
    const t = this.archives.get(date);
    return t ? t.map((x) => ({ ...x })) : null;
  }

  /** Dates with archived trades, ascending. */
  archivedDates(): string[] {
    return [...this.archives.keys()].sort();
  }

  /** The last state saved (not copied: read only). */
  latest(): Readonly<PersistedState> | null {
    return this.state;
  }
}
