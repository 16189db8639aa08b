// The state store of an engine replaying recorded bars: the real lowdb store underneath, written
// behind. save() and archiveDay() answer as soon as the write is queued (a microtask later, as the
// backtest's in-memory store does), and the real writes follow in order. This is what makes a replay
// at full speed trade exactly as the backtest does: the manual clock runs each timer until its promise
// chains settle, and a chain that waited for a disk write would let the next ticks play first and
// fill the order at a different price. The replay driver waits for settled() at the end of each day,
// so the files are current whenever the clock sleeps; a crash mid-day loses that day's replay state
// only (a replay always starts clean, and it holds no money).
import type { Trade } from '../../domain/trading.js';
import type { Logger } from '../../ports/logger.js';
import type { PersistedState, Store } from '../../ports/store.js';

export class WriteBehindStore implements Store {
  private chain: Promise<void> = Promise.resolve();
  /**
   * The state write at the tail of the queue, not started yet: a newer state replaces its content (an
   * older state is superseded, so only the newest is written). Any other write queued after it closes it,
   * so the order of state writes and archives on disk is the order the engine asked for.
   */
  private openSlot: { state: PersistedState } | null = null;
  private failures = 0;

  constructor(
    private readonly inner: Store,
    private readonly logger: Logger,
  ) {}

  load(): Promise<PersistedState | null> {
    return this.inner.load();
  }

  async save(state: PersistedState): Promise<void> {
    if (this.openSlot !== null) {
      this.openSlot.state = state;
      return;
    }
    const slot = { state };
    this.openSlot = slot;
    this.enqueue('state save', () => {
      if (this.openSlot === slot) this.openSlot = null;
      return this.inner.save(slot.state);
    });
  }

  async archiveDay(date: string, trades: readonly Trade[]): Promise<void> {
    this.openSlot = null;
    const copy = trades.map((t) => ({ ...t }));
    this.enqueue(`archive of ${date}`, () => this.inner.archiveDay(date, copy));
  }

  loadTrades(date: string): Promise<Trade[] | null> {
    return this.settled().then(() => this.inner.loadTrades(date));
  }

  /** Resolves when every queued write has reached the real store (or failed and been logged). */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Writes that failed so far (each was logged). */
  failedWrites(): number {
    return this.failures;
  }

  private enqueue(what: string, write: () => Promise<void>): void {
    this.chain = this.chain.then(write).catch((err: unknown) => {
      this.failures++;
      this.logger.error(`replay: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }
}
