import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidStateError, LowdbStore, StoreWriteRefusedError } from '../../../source/adapters/store/lowdb-store.js';
import { StateCorruptError } from '../../../source/ports/store.js';
import { ManualClock } from '../../../source/engine/manual-clock.js';
import { istInstant } from '../../../source/domain/time.js';
import { makeState, makeTrade } from './helpers/state-fixture.js';

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'algo-store-')), 'state');
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

describe('LowdbStore', () => {
  it('creates a private directory and returns null before the first save', async () => {
    const store = await LowdbStore.open(dir);
    expect(await store.load()).toBeNull();
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    await store.release();
  });

  it('round-trips a state exactly, including fields it does not know', async () => {
    const store = await LowdbStore.open(dir);
    const state = { ...makeState(), futureField: { kept: true } };
    await store.save(state);
    await store.release();
    const again = await LowdbStore.open(dir);
    expect(await again.load()).toEqual(state);
    await again.release();
  });

  it('keeps the previous good version as state.json.bak', async () => {
    const store = await LowdbStore.open(dir);
    await store.save(makeState('2026-11-20', 1));
    await store.save(makeState('2026-11-20', 2));
    await store.save(makeState('2026-11-20', 3));
    const bak = JSON.parse(await readFile(join(dir, 'state.json.bak'), 'utf8'));
    expect(bak.nextOrderSeq).toBe(2);
    expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')).nextOrderSeq).toBe(3);
    await store.release();
  });

  it('validates before writing: an invalid state is refused and the file is unchanged', async () => {
    const store = await LowdbStore.open(dir);
    await store.save(makeState('2026-11-20', 1));
    const before = await readFile(join(dir, 'state.json'));
    const bad = makeState('2026-11-20', 2);
    (bad.positions[0] as { stop: number }).stop = Number.NaN;
    await expect(store.save(bad)).rejects.toThrow(InvalidStateError);
    await expect(store.save(bad)).rejects.toThrow(/positions\[0\]\.stop/);
    const wrongDate = { ...makeState('2026-11-20', 3), date: '20-11-2026' };
    await expect(store.save(wrongDate)).rejects.toThrow(/date/);
    expect(await readFile(join(dir, 'state.json'))).toEqual(before);
    // The store still works after refusing garbage.
    await store.save(makeState('2026-11-20', 4));
    await store.release();
  });

  it('serialises concurrent saves: every promise resolves, the last call wins, no temp file remains', async () => {
    const store = await LowdbStore.open(dir);
    const saves = Array.from({ length: 40 }, (_, i) => store.save(makeState('2026-11-20', i + 1)));
    await Promise.all(saves);
    expect((await store.load())?.nextOrderSeq).toBe(40);
    const names = await readdir(dir);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await store.release();
  });

  it('snapshots the state at save time, so later mutation does not leak into the write', async () => {
    const store = await LowdbStore.open(dir);
    const s = makeState('2026-11-20', 1);
    const p = store.save(s);
    s.nextOrderSeq = 99;
    await p;
    expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')).nextOrderSeq).toBe(1);
    await store.release();
  });

  it.each([
    ['not JSON', '{"version": 1, "date": ', /not valid JSON/],
    ['empty', '', /empty/],
    ['wrong field', JSON.stringify({ ...makeState(), engineState: 'SLEEPING' }), /engineState/],
    ['unknown version', JSON.stringify({ ...makeState(), version: 2 }), /unknown state version 2/],
    ['missing field', JSON.stringify({ ...makeState(), counters: undefined }), /counters/],
  ])('a corrupt file (%s) throws StateCorruptError naming it, and is never overwritten', async (_n, text, detail) => {
    await LowdbStore.open(dir).then((s) => s.release());
    const file = join(dir, 'state.json');
    await writeFile(file, text);
    const store = await LowdbStore.open(dir);
    const err = await store.load().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(StateCorruptError);
    expect((err as StateCorruptError).file).toBe(file);
    expect((err as Error).message).toMatch(detail);
    await expect(store.save(makeState())).rejects.toThrow(StoreWriteRefusedError);
    await expect(store.archiveDay('2026-11-19', [])).rejects.toThrow(StoreWriteRefusedError);
    expect(await readFile(file, 'utf8')).toBe(text);
    await store.release();
  });

  it('archives days and loads trades from the archive or, for the current day, from state.json', async () => {
    const clock = new ManualClock(istInstant('2026-11-20', '15:35'));
    const store = await LowdbStore.open(dir, { clock });
    const old = [makeTrade('2026-11-19', { id: 'a', pnlPaise: -1234 }), makeTrade('2026-11-19', { id: 'b' })];
    await store.archiveDay('2026-11-19', old);
    await store.save(makeState('2026-11-20'));
    expect(await store.loadTrades('2026-11-19')).toEqual(old);
    expect(await store.loadTrades('2026-11-20')).toEqual(makeState('2026-11-20').trades);
    expect(await store.loadTrades('2026-11-18')).toBeNull();
    expect(await store.tradeDates()).toEqual(['2026-11-20', '2026-11-19']);
    const archived = JSON.parse(await readFile(join(dir, 'trades', '2026-11-19.json'), 'utf8'));
    expect(archived.archivedAt).toBe(clock.now());
    await expect(store.loadTrades('19-11-2026')).rejects.toThrow(/invalid date/);
    await store.release();
  });

  it('a corrupt archive names its file', async () => {
    const store = await LowdbStore.open(dir);
    await writeFile(join(dir, 'trades', '2026-11-18.json'), JSON.stringify({ version: 1, date: '2026-11-18', archivedAt: 1, trades: [{ id: 'x' }] }));
    await expect(store.loadTrades('2026-11-18')).rejects.toThrow(/2026-11-18\.json.*trades\[0\]\.symbol/);
    await store.release();
  });

  it('read-only stores read while a writer holds the lock, and refuse to write', async () => {
    const writer = await LowdbStore.open(dir);
    await writer.save(makeState('2026-11-20', 5));
    const reader = LowdbStore.openReadOnly(dir);
    expect((await reader.load())?.nextOrderSeq).toBe(5);
    await writer.save(makeState('2026-11-20', 6));
    expect((await reader.loadTrades('2026-11-20'))?.length).toBe(1);
    await expect(reader.save(makeState())).rejects.toThrow(/read-only/);
    await writer.release();
  });

  it('refuses saves after release and lets the directory be opened again', async () => {
    const store = await LowdbStore.open(dir);
    await store.release();
    await expect(store.save(makeState())).rejects.toThrow(/released/);
    const again = await LowdbStore.open(dir);
    await again.release();
  });

  it('refuses a second store in the same process', async () => {
    const store = await LowdbStore.open(dir);
    await expect(LowdbStore.open(dir)).rejects.toThrow(/another algo-tui engine is using state directory .* \(lock held since/);
    await store.release();
  });
});
