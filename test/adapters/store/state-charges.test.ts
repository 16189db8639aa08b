// State and archives written before charges existed (no chargesPaise on trades or counters) still load,
// with charges 0; a bad charges value is refused naming the field.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStore } from '../../../source/adapters/store/lowdb-store.js';
import { validateState } from '../../../source/adapters/store/state-schema.js';
import { StateCorruptError } from '../../../source/ports/store.js';
import { makeState } from './helpers/state-fixture.js';

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'algo-store-charges-')), 'state');
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

/** makeState() as an older build wrote it: no chargesPaise anywhere. */
function oldState(date = '2026-11-20'): Record<string, unknown> {
  const s = JSON.parse(JSON.stringify(makeState(date))) as { trades: Record<string, unknown>[]; counters: Record<string, unknown> };
  for (const t of s.trades) delete t.chargesPaise;
  delete s.counters.chargesPaise;
  return s;
}

describe('state files from before charges', () => {
  it('state.json without chargesPaise loads with 0 on every trade and on the counters', async () => {
    await LowdbStore.open(dir).then((s) => s.release());
    const doc = oldState();
    expect(JSON.stringify(doc)).not.toContain('chargesPaise');
    await writeFile(join(dir, 'state.json'), JSON.stringify(doc));
    const store = await LowdbStore.open(dir);
    const st = await store.load();
    expect(st?.counters.chargesPaise).toBe(0);
    expect(st?.trades.map((t) => t.chargesPaise)).toEqual([0]);
    expect(st?.trades[0]?.pnlPaise).toBe(makeState().trades[0]?.pnlPaise);
    // Saved again, the defaults are written out.
    await store.save(st!);
    await store.release();
    const again = await LowdbStore.openReadOnly(dir).load();
    expect(again?.counters.chargesPaise).toBe(0);
  });

  it('an archive without chargesPaise loads with 0', async () => {
    await mkdir(join(dir, 'trades'), { recursive: true, mode: 0o700 });
    const trades = oldState('2026-11-19').trades;
    await writeFile(join(dir, 'trades', '2026-11-19.json'), JSON.stringify({ version: 1, date: '2026-11-19', archivedAt: 1, trades }));
    const store = LowdbStore.openReadOnly(dir);
    const loaded = await store.loadTrades('2026-11-19');
    expect(loaded?.map((t) => t.chargesPaise)).toEqual([0]);
  });

  it('negative or fractional charges are refused naming the field', async () => {
    const bad = { ...makeState(), trades: makeState().trades.map((t) => ({ ...t, chargesPaise: -5 })) };
    expect(validateState(bad)).toMatchObject({ ok: false, problem: expect.stringMatching(/^trades\[0\]\.chargesPaise: /) });
    const frac = makeState();
    frac.counters.chargesPaise = 1.5;
    expect(validateState(frac)).toMatchObject({ ok: false, problem: expect.stringMatching(/^counters\.chargesPaise: /) });
    await LowdbStore.open(dir).then((s) => s.release());
    await writeFile(join(dir, 'state.json'), JSON.stringify(bad));
    const store = await LowdbStore.open(dir);
    await expect(store.load()).rejects.toBeInstanceOf(StateCorruptError);
    await store.release();
  });
});
