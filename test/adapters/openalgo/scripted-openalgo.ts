// A scripted OpenAlgo REST server on 127.0.0.1 (port 0) for replies the simulator does not produce
// (partial fills, semi-auto queueing). Each endpoint answers from a handler; every request is recorded.
// The replies follow OpenAlgo's shapes in reference/openalgo-api.md.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenAlgoBroker, type OpenAlgoBrokerOptions } from '../../../source/adapters/openalgo/broker.js';
import { OpenAlgoRestClient } from '../../../source/adapters/openalgo/rest-client.js';
import { ManualClock } from '../../../source/engine/manual-clock.js';
import type { OrderUpdate } from '../../../source/ports/broker.js';
import type { Logger } from '../../../source/ports/logger.js';

export interface Reply {
  readonly status?: number;
  readonly body: unknown;
}
export type Handler = (body: Record<string, unknown>) => Reply;

export interface ScriptedOpenAlgo {
  readonly url: string;
  readonly handlers: Map<string, Handler>;
  /** Endpoint and body of every request, in order. */
  readonly calls: Array<{ endpoint: string; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

const ok = (body: unknown): Reply => ({ body });

/** Defaults: a logged-in live server with empty books; override per endpoint. */
export async function scriptedOpenAlgo(overrides: Record<string, Handler> = {}): Promise<ScriptedOpenAlgo> {
  const handlers = new Map<string, Handler>(Object.entries({
    ping: () => ok({ status: 'success', data: { message: 'pong', broker: 'zerodha' } }),
    analyzer: () => ok({ status: 'success', data: { analyze_mode: false, mode: 'live', total_logs: 0 } }),
    orderbook: () => ok({ status: 'success', data: { orders: [], statistics: {} } }),
    tradebook: () => ok({ status: 'success', data: [] }),
    positionbook: () => ok({ status: 'success', data: [] }),
    ...overrides,
  }));
  const calls: Array<{ endpoint: string; body: Record<string, unknown> }> = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const endpoint = (req.url ?? '').replace(/^\/api\/v1\//, '');
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      calls.push({ endpoint, body });
      const h = handlers.get(endpoint);
      const reply = h ? h(body) : { status: 404, body: { status: 'error', message: `no handler for ${endpoint}` } };
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    handlers,
    calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ScriptedBroker {
  readonly server: ScriptedOpenAlgo;
  readonly broker: OpenAlgoBroker;
  readonly clock: ManualClock;
  readonly updates: OrderUpdate[];
  readonly logs: string[];
  /** Advances the clock in small steps, letting real HTTP round trips finish in between. */
  pump(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export async function scriptedBroker(overrides: Record<string, Handler> = {}, opts: Partial<OpenAlgoBrokerOptions> = {}): Promise<ScriptedBroker> {
  const server = await scriptedOpenAlgo(overrides);
  const logs: string[] = [];
  const line = (level: string) => (msg: string): void => void logs.push(`${level} ${msg}`);
  const logger: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), isLevelEnabled: () => true };
  const clock = new ManualClock(Date.parse('2025-08-27T05:00:00Z'));
  const client = new OpenAlgoRestClient({ host: server.url, apiKey: 'oa-test-key-0001', timeoutMs: 5000 });
  const broker = new OpenAlgoBroker({ client, clock, logger, ...opts });
  const updates: OrderUpdate[] = [];
  broker.onUpdate((u) => updates.push(u));
  const settle = () => new Promise<void>((r) => setTimeout(r, 5));
  return {
    server, broker, clock, updates, logs,
    pump: async (ms) => {
      for (let t = 0; t < ms; t += 100) {
        await clock.advance(100);
        await settle();
      }
    },
    stop: async () => {
      await broker.close();
      await server.stop();
    },
  };
}

export async function untilSettled<T>(b: ScriptedBroker, p: Promise<T>, maxMs = 10_000): Promise<T> {
  let done = false;
  let value: T | undefined;
  let error: unknown;
  p.then((v) => { done = true; value = v; }, (e: unknown) => { done = true; error = e; });
  for (let t = 0; !done && t < maxMs; t += 100) await b.pump(100);
  if (!done) throw new Error('promise did not settle');
  if (error !== undefined) throw error;
  return value as T;
}
