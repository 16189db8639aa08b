import { describe, expect, it } from 'vitest';
import { at, harness, testConfig } from './fixtures.js';

// A 5m bar starting 09:20 closes at 09:25; signals from it live until 09:30.
async function openLong(h: ReturnType<typeof harness>, symbol = 'AAA', price = 100, atr = 2) {
  h.strategy('11').fire.add(symbol);
  await h.clock.advanceTo(at('09:25:00'));
  h.market.closeBar(symbol, '5m', price, atr);
  await h.clock.advance(1000);
}

describe('TradingEngine entries', () => {
  it('enters on a signal with sized qty and an ATR stop, persisting the intent before the broker sees it', async () => {
    const h = harness();
    const place = h.broker.place.bind(h.broker);
    const seenAtPlace: string[] = [];
    h.broker.place = async (req) => {
      seenAtPlace.push(h.store.saved?.orders.find((o) => o.clientId === req.clientId)?.status ?? 'MISSING');
      return place(req);
    };
    await h.engine.start();
    await openLong(h);
    expect(seenAtPlace).toEqual(['INTENT']);
    const st = h.engine.snapshot();
    expect(st.positions).toHaveLength(1);
    const p = st.positions[0]!;
    expect(p).toMatchObject({ symbol: 'AAA', side: 'LONG', qty: 3000, entryPrice: 100, stop: 97, status: 'OPEN', strategy: '11' });
    expect(p.id).toBe('AT-20250602-092501-0001');
    expect(p.stopHistory.map((s) => s.reason)).toEqual(['INITIAL']);
    expect(st.counters.tradesToday).toBe(1);
    expect(st.counters.strategyUses['11']).toBe(1);
    expect(st.consumedSignals).toEqual(['2025-06-02:AAA:11']);
    expect(h.store.saved?.positions[0]?.status).toBe('OPEN');
    expect(h.publisher.of('signal')).toHaveLength(1);
    expect(h.publisher.of('position').map((e) => e.change)).toEqual(['opened']);
  });

  it('fires once per symbol and strategy per day (first qualifying bar only)', async () => {
    const h = harness();
    await h.engine.start();
    await openLong(h);
    await h.engine.flatten('AAA');
    await h.clock.advanceTo(at('09:30:00'));
    h.market.closeBar('AAA', '5m', 101, 2);
    await h.clock.advance(2000);
    expect(h.publisher.of('signal')).toHaveLength(1);
    expect(h.engine.snapshot().positions).toHaveLength(0);
  });

  it('tries long before short in one symbol, the second blocked once the symbol is held', async () => {
    const h = harness();
    await h.engine.start();
    h.strategy('10').fire.add('AAA');
    await openLong(h);
    const st = h.engine.snapshot();
    expect(st.positions.map((p) => `${p.side}:${p.strategy}`)).toEqual(['LONG:11']);
    expect(h.publisher.of('rejection').map((e) => `${e.rejection.strategy}:${e.rejection.reason}`)).toEqual(['10:SYMBOL_HELD']);
  });

  it('prefers strategy 12 over 11 on the same symbol', async () => {
    const h = harness();
    await h.engine.start();
    h.strategy('12').fire.add('AAA');
    h.strategy('11').fire.add('AAA');
    await h.clock.advanceTo(at('09:30:00'));
    h.market.closeBar('AAA', '5m', 100, 2);
    h.market.closeBar('AAA', '15m', 100, 3);
    await h.clock.advance(1000);
    expect(h.engine.snapshot().positions.map((p) => p.strategy)).toEqual(['12']);
  });

  it('ignores history bars for entries but they use up the first-of-day rule', async () => {
    const h = harness();
    await h.engine.start();
    h.strategy('11').fire.add('AAA');
    await h.clock.advanceTo(at('09:25:00'));
    h.market.closeBar('AAA', '5m', 100, 2, true);
    await h.clock.advance(3000);
    expect(h.engine.snapshot().positions).toHaveLength(0);
    expect(h.publisher.of('signal')).toHaveLength(0);
  });
});

describe('risk constraints through the engine', () => {
  it('max open positions: the 4th signal is rejected once per signal, retried, and enters when a slot frees before expiry', async () => {
    const h = harness();
    await h.engine.start();
    for (const s of ['AAA', 'BBB', 'CCC', 'DDD']) h.strategy('11').fire.add(s);
    await h.clock.advanceTo(at('09:25:00'));
    for (const s of ['AAA', 'BBB', 'CCC', 'DDD']) h.market.closeBar(s, '5m', 100, 2);
    // Different strategies are needed for more than one entry: allow 5 uses for this test.
    expect(h.engine.snapshot().positions).toHaveLength(0);
    await h.clock.advance(5000);
    const st = h.engine.snapshot();
    expect(st.positions).toHaveLength(1); // one use per strategy per day
    const reasons = h.publisher.of('rejection').map((e) => e.rejection.reason);
    expect(reasons.filter((r) => r === 'STRATEGY_USED')).toHaveLength(3); // counted once per signal over 5 scans
    expect(h.engine.view().constraints.rejectionCounts.STRATEGY_USED).toBe(3);
  });

  it('MAX_OPEN_POSITIONS then entry on retry after a flatten', async () => {
    const h = harness({ config: testConfig({ risk: { maxStrategyUsesPerDay: 5, allocationPct: 10 } }) });
    await h.engine.start();
    for (const s of ['AAA', 'BBB', 'CCC', 'DDD']) h.strategy('11').fire.add(s);
    await h.clock.advanceTo(at('09:25:00'));
    for (const s of ['AAA', 'BBB', 'CCC', 'DDD']) h.market.closeBar(s, '5m', 100, 2);
    await h.clock.advance(3000);
    expect(h.engine.snapshot().positions.map((p) => p.symbol)).toEqual(['AAA', 'BBB', 'CCC']);
    expect(h.publisher.of('rejection').map((e) => e.rejection.reason)).toEqual(['MAX_OPEN_POSITIONS']);
    const r = await h.engine.flatten('BBB');
    expect(r).toMatchObject({ ok: true, closed: [{ symbol: 'BBB', outcome: 'FILLED', price: 100 }] });
    await h.clock.advance(1000);
    expect(h.engine.snapshot().positions.map((p) => p.symbol)).toEqual(['AAA', 'CCC', 'DDD']);
  });

  it('a signal expires at the close of the next bar', async () => {
    const h = harness({ config: testConfig({ risk: { maxStrategyUsesPerDay: 5, allocationPct: 10, maxOpenPositions: 1 } }) });
    await h.engine.start();
    h.strategy('11').fire.add('AAA');
    h.strategy('11').fire.add('BBB');
    await h.clock.advanceTo(at('09:25:00'));
    h.market.closeBar('AAA', '5m', 100, 2);
    h.market.closeBar('BBB', '5m', 100, 2);
    await h.clock.advanceTo(at('09:30:00'));
    await h.engine.flatten('AAA');
    await h.clock.advance(5000);
    expect(h.engine.snapshot().positions).toHaveLength(0);
  });

  it('max trades per day', async () => {
    const h = harness({ config: testConfig({ risk: { maxStrategyUsesPerDay: 9, maxDailyTrades: 2, allocationPct: 10 } }) });
    await h.engine.start();
    for (const s of ['AAA', 'BBB', 'CCC']) h.strategy('11').fire.add(s);
    await h.clock.advanceTo(at('09:25:00'));
    for (const s of ['AAA', 'BBB', 'CCC']) h.market.closeBar(s, '5m', 100, 2);
    await h.clock.advance(1000);
    expect(h.publisher.of('rejection').map((e) => e.rejection.reason)).toEqual(['MAX_DAILY_TRADES']);
  });

  it('insufficient capital and zero quantity', async () => {
    const h = harness({ config: testConfig({ risk: { maxStrategyUsesPerDay: 9, allocationPct: 40 } }) });
    await h.engine.start();
    for (const s of ['AAA', 'BBB', 'CCC', 'DDD']) h.strategy('11').fire.add(s);
    await h.clock.advanceTo(at('09:25:00'));
    for (const s of ['AAA', 'BBB', 'CCC']) h.market.closeBar(s, '5m', 100, 2);
    h.market.closeBar('DDD', '5m', 500_000, 2);
    await h.clock.advance(1000);
    expect(h.publisher.of('rejection').map((e) => `${e.rejection.symbol}:${e.rejection.reason}`)).toEqual(['CCC:INSUFFICIENT_CAPITAL', 'DDD:ZERO_QUANTITY']);
  });

  it('feed stale, paused/resumed, and no entry at or after 15:20', async () => {
    const h = harness({ start: at('09:15:00') });
    await h.engine.start();
    h.strategy('11').fire.add('AAA');
    h.strategy('10').fire.add('BBB');
    h.strategy('9').fire.add('CCC');
    h.strategy('11').fire.add('EEE');
    await h.clock.advanceTo(at('09:20:00'));
    h.market.closeBar('AAA', '5m', 100, 2); // bar 09:15–09:20 closes at 09:20: inside the window
    await h.clock.advance(1000);
    h.feed.health = { ...h.feed.health, status: 'STALE' };
    h.market.closeBar('BBB', '5m', 100, 2);
    await h.clock.advance(3000);
    expect(h.publisher.of('rejection').map((e) => `${e.rejection.symbol}:${e.rejection.reason}`)).toEqual(['BBB:FEED_STALE']);
    expect(h.engine.snapshot().positions.map((p) => p.symbol)).toEqual(['AAA']);
    h.feed.health = { ...h.feed.health, status: 'LIVE' };
    h.market.fresh = false; // BBB's last tick is now 4 s old: still fresh (limit 30 s)
    await h.clock.advance(1000);
    expect(h.engine.snapshot().positions.map((p) => p.symbol)).toEqual(['AAA', 'BBB']);
    h.market.fresh = true;
    await h.engine.pause();
    h.market.closeBar('CCC', '5m', 100, 2);
    await h.clock.advance(1000);
    expect(h.publisher.of('rejection').at(-1)?.rejection.reason).toBe('ENGINE_PAUSED');
    await h.engine.resume();
    await h.clock.advance(1000);
    expect(h.engine.snapshot().positions.map((p) => p.symbol).sort()).toEqual(['AAA', 'BBB', 'CCC']);
    // After 15:20 nothing enters.
    await h.clock.advanceTo(at('15:20:00'));
    h.strategy('12').fire.add('DDD');
    h.market.closeBar('DDD', '5m', 100, 2);
    h.market.closeBar('DDD', '15m', 100, 2);
    await h.clock.advance(1000);
    expect(h.publisher.of('rejection').at(-1)?.rejection).toMatchObject({ symbol: 'DDD', reason: 'AFTER_CLOSE_TIME' });
    expect(h.engine.snapshot().positions).toHaveLength(0);
  });
});
