// The OpenAlgo feed against the project's own simulated market (a second, independent implementation
// of OpenAlgo's WebSocket protocol), on the sim's scaled clock.
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAlgoFeed } from '../../../source/adapters/feed/openalgo-feed.js';
import { startSimMarket, type SimMarket } from '../../../source/adapters/sim/sim-market.js';
import { equity, NIFTY, type Tick } from '../../../source/domain/market.js';
import { istMsOfDay, parseClockTime } from '../../../source/domain/time.js';
import { silentLogger } from '../../../source/ports/logger.js';

const OPEN = parseClockTime('09:15');
const CLOSE = parseClockTime('15:30');
const isMarketOpen = (ms: number): boolean => istMsOfDay(ms) >= OPEN && istMsOfDay(ms) < CLOSE;
const cleanup: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function until(cond: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function setup(): Promise<{ sim: SimMarket; feed: OpenAlgoFeed; ticks: Tick[] }> {
  const sim = await startSimMarket({
    seed: 7,
    symbols: ['RELIANCE', 'SBIN', 'INFY'],
    date: '2025-08-27',
    start: '10:00',
    speed: 60,
    host: '127.0.0.1',
    wsPort: 0,
    restPort: 0,
    apiKey: 'sim-key',
    ws: { batchMs: 20 },
  });
  cleanup.push(() => sim.stop());
  const feed = new OpenAlgoFeed({
    url: sim.wsUrl,
    apiKey: 'sim-key',
    clock: sim.clock,
    logger: silentLogger,
    isMarketOpen,
    staleAfterMs: 30_000,
  });
  cleanup.push(() => feed.stop());
  const ticks: Tick[] = [];
  feed.onTick((t) => ticks.push(t));
  await feed.start([equity('RELIANCE'), equity('SBIN'), equity('INFY'), NIFTY]);
  return { sim, feed, ticks };
}

describe('OpenAlgoFeed against the simulated market', () => {
  it('streams valid ticks for every subscribed instrument with nothing rejected', async () => {
    const { feed, ticks } = await setup();
    await until(() => new Set(ticks.map((t) => t.key)).size === 4, 'ticks for all four instruments');
    expect(feed.health()).toMatchObject({ status: 'LIVE', rejected: {} });
    for (const t of ticks) expect(t.ltp).toBeGreaterThan(0);
    const perKey = new Map<string, number>();
    for (const t of ticks) {
      expect(t.ts).toBeGreaterThanOrEqual(perKey.get(t.key) ?? -Infinity);
      perKey.set(t.key, t.ts);
    }
  });

  it('recovers from a dropped connection and from a silent stall by reconnecting and resubscribing', async () => {
    const { sim, feed, ticks } = await setup();
    await until(() => ticks.length > 0, 'first ticks');
    sim.ws.faults.dropAll();
    await until(() => feed.health().reconnects >= 1 && feed.health().status === 'LIVE', 'reconnected');
    const afterDrop = ticks.length;
    await until(() => ticks.length > afterDrop + 4, 'ticks after the drop');

    sim.ws.faults.stallFeed(true);
    const reconnectsBefore = feed.health().reconnects;
    await until(() => feed.health().reconnects > reconnectsBefore, 'stale-feed reconnect');
    sim.ws.faults.stallFeed(false);
    const afterStall = ticks.length;
    await until(() => ticks.length > afterStall + 4 && feed.health().status === 'LIVE', 'ticks after the stall');
  });
});
