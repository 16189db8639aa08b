// Real sockets on 127.0.0.1 port 0, real key files in a temp state dir.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusClient, type BusClientOptions } from '../../../source/adapters/bus/bus-client.js';
import { BusServer, type BusServerOptions } from '../../../source/adapters/bus/bus-server.js';
import { busKeyDir, ensureKeys, loadClientKeys, type ClientKeys, type ServerKeys } from '../../../source/adapters/bus/keys.js';
import { silentLogger } from '../../../source/ports/logger.js';
import { FakeEngine } from './fake-engine.js';

export interface Harness {
  stateDir: string;
  serverKeys: ServerKeys;
  clientKeys: ClientKeys;
  engine: FakeEngine;
  server: BusServer;
  clients: BusClient[];
  startServer(over?: Partial<BusServerOptions>): Promise<BusServer>;
  client(over?: Partial<BusClientOptions>): BusClient;
  close(): Promise<void>;
}

export async function harness(over: Partial<BusServerOptions> = {}): Promise<Harness> {
  const stateDir = await mkdtemp(join(tmpdir(), 'algo-bus-'));
  const serverKeys = await ensureKeys(stateDir);
  const clientKeys = await loadClientKeys(busKeyDir(stateDir));
  const engine = new FakeEngine();
  const h: Harness = {
    stateDir,
    serverKeys,
    clientKeys,
    engine,
    server: undefined as unknown as BusServer,
    clients: [],
    async startServer(o = {}) {
      h.server = await BusServer.start({
        pubEndpoint: 'tcp://127.0.0.1:0',
        routerEndpoint: 'tcp://127.0.0.1:0',
        control: engine,
        keys: serverKeys,
        logger: silentLogger,
        maxStateHz: 10,
        heartbeatMs: 100,
        ...over,
        ...o,
      });
      return h.server;
    },
    client(o = {}) {
      const c = new BusClient({
        pubEndpoint: h.server.pubEndpoint,
        routerEndpoint: h.server.routerEndpoint,
        keys: clientKeys,
        heartbeatTimeoutMs: 600,
        requestTimeoutMs: 500,
        ...o,
      });
      h.clients.push(c);
      return c;
    },
    async close() {
      for (const c of h.clients) c.stop();
      await h.server?.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
  await h.startServer();
  return h;
}

/** Polls until cond() is true; fails the test with `what` after 10 s (a bound, not a timing assertion). */
export async function until(cond: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
