// Real child processes: SIGKILL during saves, and the directory lock across processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStore } from '../../../source/adapters/store/lowdb-store.js';
import { validateState } from '../../../source/adapters/store/state-schema.js';
import { bundleChild, runChild } from './helpers/bundle.js';
import { bigState } from './helpers/state-fixture.js';

let root: string;
let script: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'algo-store-proc-'));
  script = await bundleChild(join(import.meta.dirname, 'helpers', 'store-child.ts'), root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('LowdbStore across processes', () => {
  it('state.json always parses and is exactly one of the saved versions, however often a saving process is SIGKILLed', async () => {
    const dir = join(root, 'kill');
    let lastSeq = 0;
    let midWrite = 0; // kills that left a half-written temp file behind
    // Kill at varied points until several kills have landed in the middle of a write (a temp file was
    // left behind): those are the rounds that prove the rename is what makes the write atomic.
    let rounds = 0;
    while (rounds < 80 && !(rounds >= 20 && midWrite >= 3)) {
      rounds++;
      const run = runChild(script, ['save-loop', dir]);
      await run.waitFor('saved ');
      await sleep(rounds % 17);
      run.child.kill('SIGKILL');
      const { signal } = await run.exited;
      expect(signal).toBe('SIGKILL');
      if (await readFile(join(dir, '.state.json.tmp')).then(() => true, () => false)) midWrite++;
      const text = await readFile(join(dir, 'state.json'), 'utf8');
      const doc = JSON.parse(text) as unknown;
      const v = validateState(doc);
      if (!v.ok) throw new Error(`round ${rounds}: ${v.problem}`);
      const seq = v.value.nextOrderSeq;
      // Byte-for-byte one of the versions the child saved, and never older than what was on disk before.
      expect(doc).toEqual(JSON.parse(JSON.stringify(bigState(seq))));
      expect(seq).toBeGreaterThanOrEqual(lastSeq);
      lastSeq = seq;
      // The backup, when present, is also a complete earlier version.
      const bak = await readFile(join(dir, 'state.json.bak'), 'utf8').catch(() => null);
      if (bak !== null) expect(validateState(JSON.parse(bak)).ok).toBe(true);
    }
    // Every child completed at least one save, and some kills interrupted a write.
    expect(lastSeq).toBeGreaterThanOrEqual(rounds);
    expect(midWrite).toBeGreaterThan(0);
    // And a normal open + load still works after all that, taking over the dead child's lock at once.
    const store = await LowdbStore.open(dir);
    expect((await store.load())?.nextOrderSeq).toBe(lastSeq);
    await store.release();
  }, 120_000);

  it('a second process cannot open a state directory that a running engine holds', async () => {
    const dir = join(root, 'lock');
    const holder = runChild(script, ['hold', dir]);
    await holder.waitFor('locked');
    const second = runChild(script, ['save-loop', dir]);
    const { code } = await second.exited;
    expect(code).toBe(3);
    expect(second.stdout()).toMatch(new RegExp(`another algo-tui engine is using state directory ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(lock held since \\d{4}-\\d\\d-\\d\\dT.* by pid ${holder.child.pid}`));
    // Nor can this process.
    await expect(LowdbStore.open(dir)).rejects.toThrow(/another algo-tui engine/);
    holder.child.kill('SIGKILL');
    await holder.exited;
    // The holder died without releasing: its lock is taken over immediately (pid is gone).
    const store = await LowdbStore.open(dir);
    await store.release();
  });

  it('a lock released by a clean exit is free', async () => {
    const dir = join(root, 'clean');
    const holder = runChild(script, ['hold', dir]);
    await holder.waitFor('locked');
    holder.child.kill('SIGTERM');
    await holder.exited;
    const store = await LowdbStore.open(dir);
    await store.release();
  });
});
