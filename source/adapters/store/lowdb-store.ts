// The engine's state on disk (docs/state.md): state.json (+ state.json.bak, the previous good
// version) and trades/YYYY-MM-DD.json per archived day, in a state directory locked to one engine.
import { link, mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { silentLogger } from '../../ports/logger.js';
import type { PersistedState, Store } from '../../ports/store.js';
import { StateCorruptError } from '../../ports/store.js';
import type { Trade } from '../../domain/trading.js';
import { isIsoDate } from '../../domain/time.js';
import { DurableJsonFile } from './durable-json-file.js';
import { lockStateDir, type StateLock } from './state-lock.js';
import { ARCHIVE_VERSION, validateArchive, validateState, type ArchivedDay } from './state-schema.js';

export const STATE_FILE = 'state.json';
export const BACKUP_FILE = 'state.json.bak';
export const TRADES_DIR = 'trades';

export interface StoreOptions {
  clock?: Pick<Clock, 'now'>;
  logger?: Logger;
}

/** Thrown by save/archiveDay when the store must not write (read-only, released, corrupt load, lost lock). */
export class StoreWriteRefusedError extends Error {
  constructor(reason: string) {
    super(`state not saved: ${reason}`);
    this.name = 'StoreWriteRefusedError';
  }
}

/** Thrown by save when the state given does not match the schema (a bug upstream); nothing is written. */
export class InvalidStateError extends Error {
  constructor(readonly problem: string) {
    super(`refusing to save an invalid state (${problem}); the file on disk is unchanged`);
    this.name = 'InvalidStateError';
  }
}

export class LowdbStore implements Store {
  readonly stateFile: string;
  readonly backupFile: string;
  readonly tradesDir: string;
  private readonly file: DurableJsonFile;
  private readonly db: Low<unknown>;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly logger: Logger;
  /** Tail of the write queue: every write starts after the previous one has settled. */
  private queue: Promise<void> = Promise.resolve();
  private refusal: string | null = null;
  /** The file on disk is a version we validated (loaded or wrote), so it may become the backup. */
  private diskIsGood = false;
  private last: PersistedState | null = null;

  private constructor(
    readonly stateDir: string,
    private readonly lock: StateLock | null,
    opts: StoreOptions,
  ) {
    this.stateFile = join(stateDir, STATE_FILE);
    this.backupFile = join(stateDir, BACKUP_FILE);
    this.tradesDir = join(stateDir, TRADES_DIR);
    this.file = new DurableJsonFile(this.stateFile);
    this.db = new Low<unknown>(this.file, null);
    this.clock = opts.clock ?? { now: () => Date.now() };
    this.logger = opts.logger ?? silentLogger;
    if (!lock) this.refusal = 'the store was opened read-only';
  }

  /** Creates the directory (0700) and locks it to this process; throws StateDirLockedError if another engine holds it. */
  static async open(stateDir: string, opts: StoreOptions = {}): Promise<LowdbStore> {
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    await mkdir(join(stateDir, TRADES_DIR), { recursive: true, mode: 0o700 });
    const logger = opts.logger ?? silentLogger;
    let store: LowdbStore | null = null;
    const lock = await lockStateDir(stateDir, (err) => {
      logger.error('state directory lock lost; no further state will be saved', { stateDir, error: err.message });
      store?.refuse('the state directory lock was lost (another engine may have taken it over)');
    });
    store = new LowdbStore(stateDir, lock, opts);
    await store.file.removeLeftover();
    return store;
  }

  /** For `algo-tui report` and other readers: no lock, no directory creation, every write refused. */
  static openReadOnly(stateDir: string, opts: StoreOptions = {}): LowdbStore {
    return new LowdbStore(stateDir, null, opts);
  }

  get readOnly(): boolean {
    return this.lock === null;
  }

  async load(): Promise<PersistedState | null> {
    try {
      await this.db.read();
      const doc = this.db.data;
      if (doc === null) return null;
      const v = validateState(doc);
      if (!v.ok) throw new StateCorruptError(this.stateFile, v.problem);
      this.diskIsGood = true;
      this.last = v.value;
      return v.value;
    } catch (e) {
      if (e instanceof StateCorruptError) {
        // Never overwrite a file we could not read: it may be the only record of open positions.
        this.refuse(`${this.stateFile} was corrupt when loaded; move it aside or restore ${BACKUP_FILE} first`);
        this.logger.error('state file corrupt; saves disabled', { file: this.stateFile, error: e.message });
      }
      throw e;
    }
  }

  save(state: PersistedState): Promise<void> {
    if (this.refusal) return Promise.reject(new StoreWriteRefusedError(this.refusal));
    // Snapshot now: the engine keeps mutating its objects, and JSON is exactly what will be written
    // (NaN becomes null here and is then rejected by the schema).
    const snapshot = JSON.parse(JSON.stringify(state)) as unknown;
    const v = validateState(snapshot);
    if (!v.ok) {
      this.logger.error('refused to save an invalid state', { problem: v.problem });
      return Promise.reject(new InvalidStateError(v.problem));
    }
    return this.enqueue(async () => {
      if (this.refusal) throw new StoreWriteRefusedError(this.refusal);
      if (this.diskIsGood) await this.backupCurrent();
      this.db.data = snapshot;
      await this.db.write();
      this.diskIsGood = true;
      this.last = v.value;
    });
  }

  async archiveDay(date: string, trades: readonly Trade[]): Promise<void> {
    if (this.refusal) throw new StoreWriteRefusedError(this.refusal);
    if (!isIsoDate(date)) throw new Error(`archiveDay: invalid date '${date}', expected YYYY-MM-DD`);
    const doc: ArchivedDay = { version: ARCHIVE_VERSION, date, archivedAt: this.clock.now(), trades: JSON.parse(JSON.stringify(trades)) as Trade[] };
    const v = validateArchive(doc);
    if (!v.ok) throw new InvalidStateError(`trades/${date}.json ${v.problem}`);
    await this.enqueue(() => new DurableJsonFile(this.archiveFile(date)).write(doc));
  }

  /** A day's trades: today's from state.json when its date matches, else the archive; null when neither has the day. */
  async loadTrades(date: string): Promise<Trade[] | null> {
    if (!isIsoDate(date)) throw new Error(`loadTrades: invalid date '${date}', expected YYYY-MM-DD`);
    const current = this.readOnly ? await this.peekState() : (this.last ?? (await this.peekState()));
    if (current && current.date === date) return current.trades.slice();
    const file = this.archiveFile(date);
    const doc = await new DurableJsonFile(file).read();
    if (doc === null) return null;
    const v = validateArchive(doc);
    if (!v.ok) throw new StateCorruptError(file, v.problem);
    if (v.value.date !== date) throw new StateCorruptError(file, `date: file is for ${v.value.date}, expected ${date}`);
    return v.value.trades;
  }

  /** Dates that have trades on disk (archives plus state.json's day), newest first. */
  async tradeDates(): Promise<string[]> {
    const dates = new Set<string>();
    try {
      for (const name of await readdir(this.tradesDir)) {
        const m = /^(\d{4}-\d{2}-\d{2})\.json$/.exec(name);
        if (m?.[1] && isIsoDate(m[1])) dates.add(m[1]);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const current = await this.peekState();
    if (current && current.trades.length > 0) dates.add(current.date);
    return [...dates].sort().reverse();
  }

  /** Waits for queued writes, then unlocks the directory. Later saves are refused. */
  async release(): Promise<void> {
    await this.queue;
    this.refuse('the store was released');
    await this.lock?.release();
  }

  /** Reads and validates state.json without touching the store's save state (readers, loadTrades). */
  private async peekState(): Promise<PersistedState | null> {
    const doc = await this.file.read();
    if (doc === null) return null;
    const v = validateState(doc);
    if (!v.ok) throw new StateCorruptError(this.stateFile, v.problem);
    return v.value;
  }

  private archiveFile(date: string): string {
    return join(this.tradesDir, `${date}.json`);
  }

  /** state.json.bak := the current (validated) state.json, atomically, by hard link + rename: no copy. */
  private async backupCurrent(): Promise<void> {
    const tmp = join(this.stateDir, `.${BACKUP_FILE}.tmp`);
    try {
      await unlink(tmp).catch(() => {});
      await link(this.stateFile, tmp);
      await rename(tmp, this.backupFile);
    } catch (e) {
      // A missing backup must never stop the save itself.
      const exists = await stat(this.stateFile).then(() => true, () => false);
      if (exists) this.logger.warn('could not refresh state backup', { file: this.backupFile, error: (e as Error).message });
    }
  }

  private refuse(reason: string): void {
    this.refusal ??= reason;
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job);
    // The queue itself never rejects, so one failed write does not poison the ones after it.
    this.queue = run.catch(() => {});
    return run;
  }
}
