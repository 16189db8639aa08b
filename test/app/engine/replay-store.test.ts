import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../../source/adapters/store/lowdb-store.js';
import { WriteBehindStore } from '../../../source/app/engine/replay-store.js';
import { replayStateDir, setAsideReplayState } from '../../../source/app/engine/replay-state.js';
import type { PersistedState, Store } from '../../../source/ports/store.js';
import type { Trade } from '../../../source/domain/trading.js';
import { silentLogger } from '../../../source/ports/logger.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'algo-tui-replay-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const state = (n: number): PersistedState => ({
  version: 1, date: '2026-01-05', engineState: 'ACTIVE', stateReason: null, haltedOn: null,
  counters: { date: '2026-01-05', tradesToday: 0, strategyUses: {}, realizedPaise: 0, chargesPaise: 0 },
  positions: [], orders: [], trades: [], consumedSignals: [], nextOrderSeq: n, updatedAt: n,
});

/** A store that records the order of writes and lets the test release each one. */
class SlowStore implements Store {
  readonly log: string[] = [];
  private gates: Array<() => void> = [];
  async load(): Promise<PersistedState | null> {
    return null;
  }
  save(s: PersistedState): Promise<void> {
    this.log.push(`save ${s.nextOrderSeq}`);
    return new Promise((r) => this.gates.push(r));
  }
  archiveDay(date: string): Promise<void> {
    this.log.push(`archive ${date}`);
    return new Promise((r) => this.gates.push(r));
  }
  async loadTrades(): Promise<Trade[] | null> {
    return null;
  }
  release(): void {
    for (const g of this.gates.splice(0)) g();
  }
}

describe('WriteBehindStore', () => {
  it('answers at once, writes in order, and only the newest of several queued states', async () => {
    const inner = new SlowStore();
    const s = new WriteBehindStore(inner, silentLogger);
    let answered = 0;
    void s.save(state(1)).then(() => answered++);
    await Promise.resolve();
    await Promise.resolve();
    expect(answered).toBe(1); // before the real write finished
    await s.save(state(2));
    await s.save(state(3));
    await s.archiveDay('2026-01-05', []);
    await s.save(state(4));
    let settled = false;
    void s.settled().then(() => (settled = true));
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setImmediate(r));
      inner.release();
    }
    await s.settled();
    expect(settled).toBe(true);
    // 1 was being written; 2 was superseded by 3 while queued; the archive closes the slot, so 4 follows it.
    expect(inner.log).toEqual(['save 1', 'save 3', 'archive 2026-01-05', 'save 4']);
  });

  it('keeps going after a failed write, logging it', async () => {
    const errors: string[] = [];
    const logger = { ...silentLogger, error: (m: string) => void errors.push(m) };
    const inner = { load: async () => null, save: async () => { throw new Error('disk full'); }, archiveDay: async () => {}, loadTrades: async () => null } as Store;
    const s = new WriteBehindStore(inner, logger);
    await s.save(state(1));
    await s.archiveDay('2026-01-05', []);
    await s.settled();
    expect(s.failedWrites()).toBe(1);
    expect(errors).toEqual(['replay: state save failed: disk full']);
  });

  it('puts the real files in place over a real lowdb store', async () => {
    const lowdb = await LowdbStore.open(dir);
    const errors: string[] = [];
    const s = new WriteBehindStore(lowdb, { ...silentLogger, error: (m: string) => void errors.push(m) });
    expect(await s.load()).toBeNull();
    await s.save(state(7));
    await s.settled();
    expect(errors).toEqual([]);
    expect((JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8')) as { nextOrderSeq: number }).nextOrderSeq).toBe(7);
    await lowdb.release();
  });
});

describe('setAsideReplayState', () => {
  it('moves an earlier replay state aside intact and leaves a clean directory', async () => {
    const d = replayStateDir(dir);
    expect(d).toBe(path.join(dir, 'replay'));
    await mkdir(path.join(d, 'trades'), { recursive: true });
    expect(await setAsideReplayState(d, Date.UTC(2026, 0, 5))).toBeNull(); // an empty store is not a state
    await writeFile(path.join(d, 'state.json'), '{"version":1}');
    await writeFile(path.join(d, 'trades', '2026-01-05.json'), '{}');
    const moved = await setAsideReplayState(d, Date.UTC(2026, 0, 5, 10, 0, 0));
    expect(moved).toBe(path.join(d, 'earlier-runs', `run-20260105T100000Z-${process.pid}`));
    expect(await readFile(path.join(moved as string, 'state.json'), 'utf8')).toBe('{"version":1}');
    expect(await readdir(path.join(moved as string, 'trades'))).toEqual(['2026-01-05.json']);
    expect((await readdir(d)).sort()).toEqual(['earlier-runs', 'trades']);
    expect(await readdir(path.join(d, 'trades'))).toEqual([]);
  });
});
