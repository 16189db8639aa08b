// `--attach ENDPOINT` for the front-ends (console and dashboard), kept free of React/Ink so the dashboard
// can use it without loading the console's UI.
import { parseTcpEndpoint } from './cli-parse.js';

export interface BusEndpoints {
  readonly pubEndpoint: string;
  readonly routerEndpoint: string;
}

/**
 * The endpoints `--attach ENDPOINT` means: ENDPOINT is the engine's ROUTER; its PUB is on the same host at
 * the configured PUB port (an engine binds both on one interface). Throws with a message naming the flag.
 */
export function attachEndpoints(bus: BusEndpoints, router: string): BusEndpoints {
  const target = parseTcpEndpoint(router);
  if (!target) throw new Error(`--attach: expected an endpoint tcp://HOST:PORT, got ${JSON.stringify(router)}`);
  const pub = parseTcpEndpoint(bus.pubEndpoint);
  if (!pub) throw new Error(`--attach ${router}: the configured bus.pubEndpoint ${JSON.stringify(bus.pubEndpoint)} has no TCP port to reuse`);
  return { routerEndpoint: router, pubEndpoint: `tcp://${target.host}:${pub.port}` };
}
