// Child process for store tests.
//   save-loop DIR  : opens the store, loads, then saves versions seq+1, seq+2, … as fast as it can.
//   hold DIR       : opens (locks) the store and waits to be killed.
import { LowdbStore } from '../../../../source/adapters/store/lowdb-store.js';
import { bigState } from './state-fixture.js';

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (!dir) throw new Error('usage: store-child MODE DIR');
  try {
    const store = await LowdbStore.open(dir);
    if (mode === 'hold') {
      process.stdout.write('locked\n');
      setInterval(() => {}, 1000);
      return;
    }
    const prev = await store.load();
    let seq = prev ? prev.nextOrderSeq : 0;
    process.stdout.write('ready\n');
    for (;;) {
      seq++;
      await store.save(bigState(seq));
      process.stdout.write(`saved ${seq}\n`);
    }
  } catch (e) {
    process.stdout.write(`error: ${(e as Error).message}\n`);
    process.exit(3);
  }
}

void main();
