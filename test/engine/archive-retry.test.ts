// Review finding 7: at a day rollover the previous day's trades were handed to Store.archiveDay without
// waiting, and the state was saved with trades [] at once; a failed archive lost the day's trades for
// good. They now stay in the saved state (`unarchived`) until an archive succeeds, retried each minute
// and at the next start.
import { describe, expect, it } from 'vitest';
import { at, harness } from './fixtures.js';
import { MemoryStore } from '../helpers/memory-store.js';
import type { Trade } from '../../source/domain/trading.js';

class FlakyArchiveStore extends MemoryStore {
  failArchives = 1;
  override async archiveDay(date: string, trades: readonly Trade[]): Promise<void> {
    if (this.failArchives > 0) {
      this.failArchives -= 1;
      throw new Error('disk full');
    }
    return super.archiveDay(date, trades);
  }
}

async function dayWithOneTrade(store: MemoryStore) {
  const h = harness({ store });
  await h.engine.start();
  h.strategy('11').fire.add('AAA');
  await h.clock.advanceTo(at('09:25:00'));
  h.market.closeBar('AAA', '5m', 100, 2);
  await h.clock.advance(1000);
  await h.engine.flatten('AAA');
  expect(h.engine.snapshot().trades).toHaveLength(1);
  return h;
}

describe('archiving a finished day', () => {
  it('keeps the trades in the saved state until the archive succeeds, then retries', async () => {
    const store = new FlakyArchiveStore();
    const h = await dayWithOneTrade(store);
    const trade = h.engine.snapshot().trades[0] as Trade;
    store.failArchives = 100;
    await h.clock.advanceTo(at('00:00:30', '2025-06-03'));
    expect(store.archives.has('2025-06-02')).toBe(false);
    expect(store.saved?.trades).toEqual([]);
    expect(store.saved?.unarchived).toEqual([{ date: '2025-06-02', trades: [trade] }]);
    store.failArchives = 0;
    await h.clock.advance(60_000); // the next status tick retries
    expect(store.archives.get('2025-06-02')).toEqual([trade]);
    expect(store.saved?.unarchived ?? []).toEqual([]);
  });

  it('a restart retries an archive that failed before the crash', async () => {
    const store = new FlakyArchiveStore();
    const h = await dayWithOneTrade(store);
    store.failArchives = 100;
    await h.clock.advanceTo(at('00:05:00', '2025-06-03'));
    await h.engine.stop({ flatten: false });
    expect(store.saved?.unarchived?.[0]?.trades).toHaveLength(1);
    store.failArchives = 0;
    const h2 = harness({ clock: h.clock, market: h.market, store });
    await h2.engine.start();
    await h.clock.advance(10);
    expect(store.archives.get('2025-06-02')).toHaveLength(1);
    expect(store.saved?.unarchived ?? []).toEqual([]);
  });
});
