import { describe, expect, it } from 'vitest';
import { at, harness, testConfig } from './fixtures.js';
import { TradingEngine } from '../../source/engine/trading-engine.js';
import { silentLogger } from '../../source/ports/logger.js';
import { testCalendar } from './fixtures.js';

async function openLong(h: ReturnType<typeof harness>, symbol = 'AAA', price = 100, atr = 2) {
  h.strategy('11').fire.add(symbol);
  await h.clock.advanceTo(at('09:25:00'));
  h.market.closeBar(symbol, '5m', price, atr);
  await h.clock.advance(1000);
}

describe('exits', () => {
  it('trails the best price by 1.5 ATR, never loosens, and exits TRAIL_STOP with paise-exact P&L', async () => {
    const h = harness();
    await h.engine.start();
    await openLong(h);
    h.market.setPrice('AAA', 104);
    await h.clock.advance(2000);
    expect(h.engine.snapshot().positions[0]?.stop).toBe(101); // 104 − 3
    h.market.setPrice('AAA', 102.5); // falls back: stop must stay
    await h.clock.advance(2000);
    expect(h.engine.snapshot().positions[0]?.stop).toBe(101);
    // A smaller ATR on the next 5m close tightens the stop; a bigger one never loosens it.
    await h.clock.advanceTo(at('09:30:00'));
    h.market.closeBar('AAA', '5m', 103, 1);
    expect(h.engine.snapshot().positions[0]?.stop).toBe(102.5); // 104 − 1.5
    await h.clock.advanceTo(at('09:35:00'));
    h.market.closeBar('AAA', '5m', 103, 4);
    expect(h.engine.snapshot().positions[0]?.stop).toBe(102.5);
    h.market.setPrice('AAA', 102.45);
    await h.clock.advance(2000);
    const st = h.engine.snapshot();
    expect(st.positions).toHaveLength(0);
    expect(st.trades).toHaveLength(1);
    expect(st.trades[0]).toMatchObject({ exitReason: 'TRAIL_STOP', exitPrice: 102.45, qty: 3000, pnlPaise: 245 * 3000 });
    expect(st.counters.realizedPaise).toBe(245 * 3000);
    const stops = h.publisher.of('position').filter((e) => e.change === 'stop').map((e) => e.position.stop);
    for (let i = 1; i < stops.length; i++) expect(stops[i]).toBeGreaterThan(stops[i - 1] as number);
  });

  it('short stops round up to the tick and trail down', async () => {
    const h = harness();
    await h.engine.start();
    h.strategy('10').fire.add('BBB');
    await h.clock.advanceTo(at('09:25:00'));
    h.market.closeBar('BBB', '5m', 100, 1.23); // 100 + 1.845 → 101.85
    await h.clock.advance(1000);
    expect(h.engine.snapshot().positions[0]).toMatchObject({ side: 'SHORT', stop: 101.85 });
    h.market.setPrice('BBB', 98);
    await h.clock.advance(2000);
    expect(h.engine.snapshot().positions[0]?.stop).toBe(99.85);
  });

  it('closes every position at 15:20:00 (EOD) on the exact timer, not later than 15:20:02', async () => {
    const h = harness({ config: testConfig({ schedule: { monitorMs: 2000 } }) });
    await h.engine.start();
    await openLong(h);
    await h.clock.advanceTo(at('15:19:59.999'.slice(0, 8)));
    expect(h.engine.snapshot().positions).toHaveLength(1);
    // Shift the monitor phase so the 2 s loop would not land on 15:20:00 exactly.
    await h.clock.advanceTo(at('15:20:02'));
    const t = h.engine.snapshot().trades[0];
    expect(t?.exitReason).toBe('EOD');
    expect(t?.exitTime).toBeGreaterThanOrEqual(at('15:20:00'));
    expect(t?.exitTime).toBeLessThanOrEqual(at('15:20:02'));
    const exitOrder = h.publisher.of('order').find((e) => e.order.purpose === 'EXIT' && e.order.status === 'SENT');
    expect(exitOrder?.order.updatedAt).toBe(at('15:20:00'));
  });

  it('restart: a new engine on the same store keeps the position, its stop and the counters, and keeps trailing', async () => {
    const h = harness();
    await h.engine.start();
    await openLong(h);
    h.market.setPrice('AAA', 105);
    await h.clock.advance(2000);
    await h.engine.stop({ flatten: false });
    const before = h.engine.snapshot();
    expect(before.positions[0]?.stop).toBe(102);
    const h2 = harness({ clock: h.clock, market: h.market, store: h.store });
    await h2.engine.start();
    let st = h2.engine.snapshot();
    expect(st.positions[0]).toMatchObject({ id: before.positions[0]?.id, stop: 102, best: 105, qty: 3000 });
    expect(st.positions[0]?.stopHistory.at(-1)?.reason).toBe('RESTORED');
    expect(st.counters).toEqual(before.counters);
    expect(st.consumedSignals).toEqual(['2025-06-02:AAA:11']);
    h.market.setPrice('AAA', 107);
    await h.clock.advance(2000);
    st = h2.engine.snapshot();
    expect(st.positions[0]?.stop).toBe(104);
    // The same signal does not re-fire after the restart.
    await h.clock.advanceTo(at('09:35:00'));
    h.market.closeBar('AAA', '5m', 107, 2);
    await h.clock.advance(1000);
    expect(h2.publisher.of('signal')).toHaveLength(0);
    // A fresh order id continues the sequence, under this run's component (the time of its first order).
    await h2.engine.flatten('AAA');
    expect(h2.engine.snapshot().trades[0]?.id).toBe('AT-20250602-092501-0001');
    expect(h.store.saved?.orders.map((o) => o.clientId)).toEqual(['AT-20250602-092501-0001', 'AT-20250602-093501-0002']);
  });

  it('an order with an unknown outcome is never re-sent and stays UNKNOWN after a restart', async () => {
    const h = harness();
    let calls = 0;
    h.broker.place = async () => {
      calls += 1;
      throw new Error('timeout');
    };
    await h.engine.start();
    await openLong(h);
    await h.clock.advance(10_000);
    expect(calls).toBe(1);
    const st = h.engine.snapshot();
    expect(st.orders[0]?.status).toBe('UNKNOWN');
    expect(st.positions[0]?.status).toBe('OPENING'); // still blocks the symbol and a slot
    // Reconcile hook: the broker's book says it filled.
    h.engine.reconcile([{ brokerOrderId: 'X1', clientId: 'AT-20250602-092501-0001', symbol: 'AAA', action: 'BUY', qty: 3000, status: 'FILLED', filledQty: 3000, avgPrice: 100.05 }], []);
    expect(h.engine.snapshot().positions[0]).toMatchObject({ status: 'OPEN', entryPrice: 100.05, stop: 97.05 });
  });

  it('day rollover without restart resets counters, consumed signals and a halt', async () => {
    const h = harness();
    await h.engine.start();
    await openLong(h);
    await h.engine.halt();
    expect(h.engine.snapshot().engineState).toBe('HALTED');
    expect((await h.engine.resume()).ok).toBe(false);
    await h.clock.advanceTo(at('09:19:00', '2025-06-03'));
    const st = h.engine.snapshot();
    expect(st).toMatchObject({ date: '2025-06-03', engineState: 'ACTIVE', trades: [], consumedSignals: [] });
    expect(st.counters).toEqual({ date: '2025-06-03', tradesToday: 0, strategyUses: {}, realizedPaise: 0, chargesPaise: 0 });
    expect(h.store.archives.get('2025-06-02')).toHaveLength(1);
    h.strategy('11').fire.add('AAA');
    await h.clock.advanceTo(at('09:25:00', '2025-06-03'));
    h.market.closeBar('AAA', '5m', 100, 2);
    await h.clock.advance(1000);
    expect(h.engine.snapshot().positions).toHaveLength(1);
  });

  it('a restart on a new date rolls over the saved state', async () => {
    const h = harness();
    await h.engine.start();
    await openLong(h);
    await h.engine.flatten('AAA');
    await h.engine.halt();
    await h.engine.stop({ flatten: false });
    h.clock.set(at('09:00:00', '2025-06-03'));
    const h2 = harness({ clock: h.clock, market: h.market, store: h.store });
    await h2.engine.start();
    expect(h2.engine.snapshot()).toMatchObject({ date: '2025-06-03', engineState: 'ACTIVE', trades: [] });
  });

  it('halts itself at the daily loss limit: flattens, then rejects entries with ENGINE_HALTED', async () => {
    const h = harness({ config: testConfig({ risk: { maxStrategyUsesPerDay: 5 } }) });
    await h.engine.start();
    await openLong(h, 'AAA', 100, 5); // 3000 @ 100, stop 92.5; limit 3 % of ₹2,00,000 = ₹6,000
    h.market.setPrice('AAA', 97.95); // −₹6,150
    await h.clock.advance(2000);
    const st = h.engine.snapshot();
    expect(st.engineState).toBe('HALTED');
    expect(st.stateReason).toMatch(/daily loss limit/);
    expect(st.positions).toHaveLength(0);
    expect(st.trades[0]).toMatchObject({ exitReason: 'HALT', pnlPaise: -615_000 });
    h.strategy('11').fire.add('BBB');
    await h.clock.advanceTo(at('09:30:00'));
    h.market.closeBar('BBB', '5m', 100, 2);
    await h.clock.advance(1000);
    expect(h.publisher.of('rejection').at(-1)?.rejection.reason).toBe('ENGINE_HALTED');
  });

  it('flatten one and all report FILLED / REJECTED per symbol', async () => {
    const h = harness({
      config: testConfig({ risk: { maxStrategyUsesPerDay: 5, allocationPct: 10 } }),
      reject: (req) => (req.symbol === 'CCC' && req.action === 'SELL' ? 'RMS: blocked' : null),
    });
    await h.engine.start();
    for (const s of ['AAA', 'BBB', 'CCC']) h.strategy('11').fire.add(s);
    await h.clock.advanceTo(at('09:25:00'));
    for (const s of ['AAA', 'BBB', 'CCC']) h.market.closeBar(s, '5m', 100, 2);
    await h.clock.advance(1000);
    expect(await h.engine.flatten('NOPE')).toMatchObject({ ok: false });
    expect(await h.engine.flatten('AAA')).toMatchObject({ ok: true, closed: [{ symbol: 'AAA', outcome: 'FILLED' }] });
    const all = await h.engine.flattenAll();
    expect(all).toMatchObject({ ok: true, closed: [{ symbol: 'BBB', outcome: 'FILLED' }, { symbol: 'CCC', outcome: 'REJECTED', message: 'RMS: blocked' }] });
    const st = h.engine.snapshot();
    expect(st.positions.map((p) => `${p.symbol}:${p.status}`)).toEqual(['CCC:OPEN']);
    expect(st.trades.map((t) => t.exitReason)).toEqual(['MANUAL', 'FLATTEN_ALL']);
  });

  it('stop({flatten:true}) closes everything with SHUTDOWN and persists', async () => {
    const h = harness();
    await h.engine.start();
    await openLong(h);
    const r = await h.engine.stop({ flatten: true });
    expect(r).toMatchObject({ ok: true, closed: [{ outcome: 'FILLED' }] });
    expect(h.store.saved?.trades[0]?.exitReason).toBe('SHUTDOWN');
    expect(h.store.saved?.positions).toEqual([]);
  });

  it('view: positions with unrealized paise and stop distance, constraints, watchlist', async () => {
    const h = harness();
    await h.engine.start();
    await openLong(h);
    h.market.setPrice('AAA', 100.5);
    await h.clock.advance(2000);
    const v = h.engine.view();
    expect(v.positions[0]).toMatchObject({ unrealizedPaise: 150_000, stopDistance: 3, stopDistanceAtr: 1.5 });
    expect(v.constraints).toMatchObject({ openPositions: 1, tradesToday: 1, capitalInUsePaise: 6_000_000, lossLimitPaise: 600_000 });
    expect(v.watchlist.find((w) => w.symbol === 'AAA')).toMatchObject({ held: true, trend: 1, setup: { strategy: '11', met: 3, total: 3 } });
    expect(v.clock.phase).toBe('OPEN');
  });
});

describe('engine construction', () => {
  it('disabled strategies are not evaluated', async () => {
    const h = harness();
    const cfg = { ...testConfig(), strategies: { '11': { enabled: false, params: {} } } };
    const e = new TradingEngine({ ...{ clock: h.clock, calendar: testCalendar(), config: cfg, market: h.market, strategies: h.strategies, broker: h.broker, store: h.store, publisher: h.publisher, logger: silentLogger, mode: 'PAPER', feedHealth: () => h.feed.health } });
    await e.start();
    h.strategy('11').fire.add('AAA');
    await h.clock.advanceTo(at('09:25:00'));
    h.market.closeBar('AAA', '5m', 100, 2);
    await h.clock.advance(1000);
    expect(h.strategy('11').evaluations).toBe(0);
    expect(h.strategy('10').evaluations).toBe(1);
  });
});
