// The real TradingEngine (ManualClock, FakeMarket, scripted strategies, PaperBroker, MemoryStore: the same
// parts engine tests use) behind a real BusServer on 127.0.0.1 port 0 with real key files. The engine
// publishes through a forwarder so a test can restart the bus (new engineId) under the same engine.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zmq from 'zeromq';
import { PaperBroker } from '../../../source/adapters/broker/paper-broker.js';
import { BusClient, type BusClientOptions } from '../../../source/adapters/bus/bus-client.js';
import { BusServer } from '../../../source/adapters/bus/bus-server.js';
import { busKeyDir, ensureKeys, loadClientKeys, type ClientKeys, type ServerKeys } from '../../../source/adapters/bus/keys.js';
import type { EngineEvent, EngineView, FeedHealth } from '../../../source/domain/view.js';
import { ManualClock } from '../../../source/engine/manual-clock.js';
import { TradingEngine } from '../../../source/engine/trading-engine.js';
import { silentLogger } from '../../../source/ports/logger.js';
import type { Publisher } from '../../../source/ports/publisher.js';
import { decodeReply, type Reply } from '../../../source/protocol/index.js';
import { FakeMarket, RecordingPublisher, ScriptedStrategy, at, testCalendar, testConfig } from '../../engine/fixtures.js';
import { MemoryStore } from '../../helpers/memory-store.js';

class Forward implements Publisher {
  readonly record = new RecordingPublisher();
  target: Publisher | null = null;
  state(view: EngineView): void {
    this.record.state(view);
    this.target?.state(view);
  }
  event(e: EngineEvent): void {
    this.record.event(e);
    this.target?.event(e);
  }
}

export async function engineRig() {
  const stateDir = await mkdtemp(join(tmpdir(), 'algo-bus-engine-'));
  const serverKeys: ServerKeys = await ensureKeys(stateDir);
  const clientKeys: ClientKeys = await loadClientKeys(busKeyDir(stateDir));
  const clock = new ManualClock(at('09:19:00'));
  const symbols = ['AAA', 'BBB', 'CCC', 'DDD'];
  const market = new FakeMarket(symbols, clock);
  const config = testConfig();
  const strategies = [new ScriptedStrategy('11', 'LONG', '5m'), new ScriptedStrategy('10', 'SHORT', '5m')];
  const publisher = new Forward();
  const feed: FeedHealth = { status: 'LIVE', source: 'test', lastTickAt: null, ticks: 0, staleSymbols: 0, rejected: {}, reconnects: 0 };
  const broker = new PaperBroker({ priceOf: (s) => market.lastPrice(s), now: () => clock.now(), slippageBps: 0 });
  const engine = new TradingEngine({
    clock, calendar: testCalendar(), config, market, strategies, broker, store: new MemoryStore(), publisher,
    logger: silentLogger, mode: 'PAPER', feedHealth: () => feed,
  });
  const clients: BusClient[] = [];
  const dealers: zmq.Dealer[] = [];

  const rig = {
    clock, market, engine, publisher, clientKeys, serverKeys,
    server: undefined as unknown as BusServer,
    /** (Re)starts the bus in front of the engine; same endpoints after the first start. */
    async startBus(endpoints?: { pubEndpoint: string; routerEndpoint: string }): Promise<BusServer> {
      const server = await BusServer.start({
        pubEndpoint: endpoints?.pubEndpoint ?? 'tcp://127.0.0.1:0',
        routerEndpoint: endpoints?.routerEndpoint ?? 'tcp://127.0.0.1:0',
        control: engine, keys: serverKeys, logger: silentLogger, maxStateHz: 50, heartbeatMs: 100,
      });
      rig.server = server;
      publisher.target = server;
      return server;
    },
    async stopBus(): Promise<void> {
      publisher.target = null;
      await rig.server.close();
    },
    client(over: Partial<BusClientOptions> = {}): BusClient {
      const c = new BusClient({
        pubEndpoint: rig.server.pubEndpoint, routerEndpoint: rig.server.routerEndpoint, keys: clientKeys,
        heartbeatTimeoutMs: 600, requestTimeoutMs: 2000, ...over,
      });
      clients.push(c);
      return c;
    },
    /** A raw DEALER that sends exactly the bytes a test wants and returns the decoded reply. */
    dealer() {
      const pair = zmq.curveKeyPair();
      const d = new zmq.Dealer({ curveServerKey: serverKeys.serverPublicKey, curvePublicKey: pair.publicKey, curveSecretKey: pair.secretKey, linger: 0 });
      d.connect(rig.server.routerEndpoint);
      dealers.push(d);
      return {
        send: (body: string) => d.send(body),
        async receive(): Promise<Reply> {
          const [frame] = await d.receive();
          const r = decodeReply(frame!);
          if (!r.ok) throw new Error(r.error.message);
          return r.value;
        },
      };
    },
    /**
     * Opens a position on the next 5m bar close: strategy 11 (LONG) or 10 (SHORT) fires on `symbol`. Each
     * strategy is used once a day (maxStrategyUsesPerDay 1), so a test opens at most one of each.
     */
    async open(symbol: string, price = 100, side: 'LONG' | 'SHORT' = 'LONG'): Promise<void> {
      strategies[side === 'LONG' ? 0 : 1]!.fire.add(symbol);
      const bar = 5 * 60_000;
      await clock.advanceTo(Math.max(at('09:25:00'), Math.ceil(clock.now() / bar) * bar));
      market.closeBar(symbol, '5m', price, 2);
      await clock.advance(1000);
    },
    async close(): Promise<void> {
      for (const c of clients) c.stop();
      for (const d of dealers) d.close();
      await engine.stop({ flatten: false });
      if (publisher.target) await rig.server.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
  await rig.startBus();
  await engine.start();
  return rig;
}

export type EngineRig = Awaited<ReturnType<typeof engineRig>>;
