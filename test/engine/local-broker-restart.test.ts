// Review finding 6: with a paper or dry-run broker, an order in flight when the process died was marked
// UNKNOWN at the restart and nothing could ever resolve it (only OpenAlgo reconciles), so its position
// stayed OPENING or CLOSING for good, across rollovers. A local broker's orders live in the process, so
// at the restart they provably reached nobody: they are marked not placed and the position moves on.
import { describe, expect, it } from 'vitest';
import { at, harness, testConfig } from './fixtures.js';

describe('restart with a local (paper/dry-run) broker', () => {
  it('an entry in flight at the crash is dropped: position removed, counters released', async () => {
    const h = harness();
    await h.engine.start();
    h.broker.place = () => new Promise(() => {}); // the process dies before the paper broker answers
    h.strategy('11').fire.add('AAA');
    await h.clock.advanceTo(at('09:25:00'));
    h.market.closeBar('AAA', '5m', 100, 2);
    await h.clock.advance(1000);
    expect(h.store.saved?.orders.map((o) => o.status)).toEqual(['SENT']);
    expect(h.store.saved?.positions.map((p) => p.status)).toEqual(['OPENING']);

    const h2 = harness({ clock: h.clock, market: h.market, store: h.store });
    await h2.engine.start();
    const st = h2.engine.snapshot();
    expect(st.orders.map((o) => `${o.status} ${o.reason ?? ''}`)).toEqual([expect.stringMatching(/^REJECTED .*local broker/)]);
    expect(st.positions).toEqual([]);
    expect(st.counters).toMatchObject({ tradesToday: 0, strategyUses: { '11': 0 } });
  });

  it('an exit in flight at the crash leaves the position OPEN and the monitor exits it again', async () => {
    const config = testConfig({ risk: { dailyLossLimitPct: 10 } }); // the stop loss must not halt the engine
    const h = harness({ config });
    await h.engine.start();
    h.strategy('11').fire.add('AAA');
    await h.clock.advanceTo(at('09:25:00'));
    h.market.closeBar('AAA', '5m', 100, 2);
    await h.clock.advance(1000);
    h.broker.place = () => new Promise(() => {});
    h.market.setPrice('AAA', 96); // through the stop (97)
    await h.clock.advance(2000);
    expect(h.store.saved?.positions.map((p) => p.status)).toEqual(['CLOSING']);

    const h2 = harness({ clock: h.clock, market: h.market, store: h.store, config });
    await h2.engine.start();
    await h.clock.advance(2000);
    const st = h2.engine.snapshot();
    expect(st.positions).toEqual([]);
    expect(st.trades.map((t) => `${t.exitReason} ${t.exitPrice}`)).toEqual(['TRAIL_STOP 96']);
    expect(st.orders.map((o) => `${o.purpose} ${o.status}`)).toEqual(['ENTRY FILLED', 'EXIT REJECTED', 'EXIT FILLED']);
  });
});
