// Review finding 2: in OpenAlgo's semi-auto mode an order is queued for a person to approve (200, no
// order id). The engine kept it UNKNOWN, then the reconciler's unsettled-orders pass found it absent from
// the order book and declared it "not placed", so the monitor sent the exit again: once the person
// approved both, the position was sold twice (a reversal). A queued order is now never declared not
// placed, and while the broker reports semi-auto (status BLOCKED) no entry is taken.
import { describe, expect, it } from 'vitest';
import { at, FakeMarket, RecordingPublisher, ScriptedStrategy, testCalendar, testConfig } from './fixtures.js';
import { MemoryStore } from '../helpers/memory-store.js';
import { TradingEngine } from '../../source/engine/trading-engine.js';
import { ManualClock } from '../../source/engine/manual-clock.js';
import { PaperBroker } from '../../source/adapters/broker/paper-broker.js';
import { reconcileOrders } from '../../source/engine/reconcile.js';
import { silentLogger } from '../../source/ports/logger.js';
import type { Broker, BrokerStatus, OrderAck, OrderRequest } from '../../source/ports/broker.js';
import type { Order } from '../../source/domain/trading.js';

const QUEUED = 'no order id: Order queued for approval in Action Center';
const BLOCKED: BrokerStatus = { name: 'openalgo', status: 'BLOCKED', message: 'OpenAlgo is in semi-auto (Action Center) mode' };

/** A paper broker that, like OpenAlgo in semi-auto mode, queues every SELL (and then reports BLOCKED). */
function semiAutoForSells(clock: ManualClock, market: FakeMarket) {
  const paper = new PaperBroker({ priceOf: (x) => market.lastPrice(x), now: () => clock.now() });
  const sent: string[] = [];
  let blocked = false;
  const broker: Broker = {
    name: 'openalgo',
    place: async (req: OrderRequest): Promise<OrderAck> => {
      sent.push(`${req.clientId} ${req.action}`);
      if (req.action === 'BUY') return paper.place(req);
      blocked = true;
      return { clientId: req.clientId, status: 'UNKNOWN', queued: true, message: QUEUED };
    },
    onUpdate: (l) => paper.onUpdate(l),
    orders: () => paper.orders(),
    positions: () => paper.positions(),
    status: () => (blocked ? BLOCKED : { name: 'openalgo', status: 'LIVE' }),
    close: () => paper.close(),
  };
  return { broker, sent };
}

describe('semi-auto (Action Center) orders', () => {
  it('reconcileOrders never declares a queued order not placed', () => {
    const o: Order = { clientId: 'A1', symbol: 'AAA', action: 'SELL', qty: 10, purpose: 'EXIT', strategy: '11', positionId: 'P', status: 'UNKNOWN', filledQty: 0, queued: true, reason: QUEUED, createdAt: 0, updatedAt: 0 };
    const r = reconcileOrders({ orders: [o], inFlightAtRestart: new Map(), brokerOrders: [], readAt: 10 });
    expect(r.corrections).toEqual([]);
    expect(r.unresolved).toEqual([{ clientId: 'A1', why: expect.stringContaining('Action Center') }]);
  });

  it('a queued exit is never re-sent after reconciliation, and no entry is taken while BLOCKED', async () => {
    const clock = new ManualClock(at('09:19:00'));
    const market = new FakeMarket(['AAA', 'BBB'], clock);
    const s = new ScriptedStrategy('11', 'LONG', '5m');
    const { broker, sent } = semiAutoForSells(clock, market);
    const publisher = new RecordingPublisher();
    const engine = new TradingEngine({ clock, calendar: testCalendar(), config: testConfig(), market, strategies: [s], broker, store: new MemoryStore(), publisher, logger: silentLogger, mode: 'LIVE', feedHealth: () => ({ status: 'LIVE', source: 't', lastTickAt: null, ticks: 0, staleSymbols: 0, rejected: {}, reconnects: 0 }) });
    await engine.start();
    s.fire.add('AAA');
    await clock.advanceTo(at('09:25:00'));
    market.closeBar('AAA', '5m', 100, 2);
    await clock.advance(1000);
    market.setPrice('AAA', 95); // through the stop: the exit is queued
    await clock.advance(2000);
    const qty = engine.snapshot().positions[0]?.qty as number;
    await clock.advance(30_000);
    // The reconciler's unsettled-orders pass: the queued order is not in the broker's order book.
    engine.applyBrokerBooks({ orders: [], positions: [{ symbol: 'AAA', qty, avgPrice: 100 }], readAt: clock.now() });
    await clock.advance(10_000);
    expect(sent.filter((x) => x.endsWith('SELL'))).toHaveLength(1);
    const st = engine.snapshot();
    expect(st.orders.map((o) => `${o.purpose} ${o.status} ${o.queued === true}`)).toEqual(['ENTRY FILLED false', 'EXIT UNKNOWN true']);
    expect(st.positions.map((p) => p.status)).toEqual(['CLOSING']);
    // A new signal while the broker is BLOCKED is refused before any order is made.
    s.fire.add('BBB');
    await clock.advanceTo(at('09:45:00'));
    market.closeBar('BBB', '5m', 100, 2);
    await clock.advance(1000);
    expect(sent.filter((x) => x.endsWith('BUY'))).toHaveLength(1);
    expect(publisher.of('rejection').map((e) => `${e.rejection.symbol} ${e.rejection.reason}`)).toContain('BBB BROKER_BLOCKED');
  });
});
