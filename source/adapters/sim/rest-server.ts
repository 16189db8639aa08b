// The simulator's REST server (node:http) with OpenAlgo's v1 shapes. Market-data routes are
// registered here; other route modules (orders, with fault injection) plug in through
// `registerRoutes`, using `state` for prices and the sim clock.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerMarketRoutes, type SimMarketState } from './rest-market-routes.js';
import { RestRouter } from './rest-router.js';

export interface SimRestServerOptions {
  readonly state: SimMarketState;
  readonly host?: string;
  readonly port?: number;
  /** Accepted API key; empty accepts any non-empty key. */
  readonly apiKey?: string;
  /** Extra route modules, e.g. the simulated order book: each gets the router and the state. */
  readonly routeModules?: ReadonlyArray<(router: RestRouter, state: SimMarketState) => void>;
}

export interface SimRestServer {
  readonly url: string;
  readonly port: number;
  readonly router: RestRouter;
  /** Adds routes after start (e.g. the orders module). */
  registerRoutes(module: (router: RestRouter, state: SimMarketState) => void): void;
  stop(): Promise<void>;
}

export async function startSimRestServer(opts: SimRestServerOptions): Promise<SimRestServer> {
  const router = new RestRouter(opts.apiKey ?? '');
  registerMarketRoutes(router, opts.state);
  for (const mod of opts.routeModules ?? []) mod(router, opts.state);
  const server = createServer((req, res) => void router.dispatch(req, res));
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    router,
    registerRoutes: (mod) => mod(router, opts.state),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
