// Review finding 9: client ids were `AT-YYYYMMDD-NNNN` from the persisted nextOrderSeq, so a fresh state
// (or state.json.bak restored) on the same day repeated ids an earlier run had already sent, and a tag
// lookup could adopt that old order's fill for the new one. Ids now carry a per-run component: the IST
// time (HHMMSS) of this run's first order of the date, so runs never share ids and ids sort by time.
import { describe, expect, it } from 'vitest';
import { at, harness } from './fixtures.js';
import { MemoryStore } from '../helpers/memory-store.js';

async function enterAndExit(h: ReturnType<typeof harness>, symbol: string, barAt: string) {
  h.strategy('11').fire.add(symbol);
  await h.clock.advanceTo(at(barAt));
  h.market.closeBar(symbol, '5m', 100, 2);
  await h.clock.advance(1000);
  await h.engine.flatten(symbol);
}

describe('client ids', () => {
  it('carry the run: a fresh state later the same day never repeats an id, and ids sort by time', async () => {
    const h = harness();
    await h.engine.start();
    await enterAndExit(h, 'AAA', '09:25:00');
    const first = h.engine.snapshot().orders.map((o) => o.clientId);
    expect(first).toEqual(['AT-20250602-092501-0001', 'AT-20250602-092501-0002']);
    await h.engine.stop({ flatten: false });

    // A second run on an empty store (state lost, or an older backup restored): the sequence restarts.
    const h2 = harness({ clock: h.clock, market: h.market, store: new MemoryStore() });
    await h2.engine.start();
    await enterAndExit(h2, 'BBB', '09:30:00');
    const second = h2.engine.snapshot().orders.map((o) => o.clientId);
    expect(second).toEqual(['AT-20250602-093001-0001', 'AT-20250602-093001-0002']);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    const all = [...first, ...second];
    expect([...all].sort()).toEqual(all);
  });

  it('a run that lives into the next date takes a new component for that date', async () => {
    const h = harness();
    await h.engine.start();
    await enterAndExit(h, 'AAA', '09:25:00');
    await h.clock.advanceTo(at('09:19:00', '2025-06-03'));
    h.strategy('11').fire.add('CCC');
    await h.clock.advanceTo(at('09:40:00', '2025-06-03'));
    h.market.closeBar('CCC', '5m', 100, 2);
    await h.clock.advance(1000);
    expect(h.engine.snapshot().orders.map((o) => o.clientId)).toEqual(['AT-20250603-094001-0003']);
  });
});
