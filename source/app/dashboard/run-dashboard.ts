// Wiring for `algo-tui dashboard`: find the engine (configured endpoints or --attach), subscribe with the
// same BusClient as the console, fold its snapshots, views and events into the pure chart model, and
// redraw at a bounded rate. Read-only by construction: the client gets no request secret, and the only
// request it ever sends is the bus client's own snapshot.
import { BusClient, probeEngine } from '../../adapters/bus/bus-client.js';
import { busKeyDir, readClientKeys, type ClientKeys } from '../../adapters/bus/keys.js';
import type { AppConfig } from '../../domain/config.js';
import { dashReducer, initialDashState, type DashAction, type DashState } from '../../dashboard/model.js';
import { attachEndpoints } from '../attach.js';
import { DashboardScreen } from './dashboard-screen.js';

/** At most this many redraws per second, and only after something changed. */
export const DASHBOARD_MAX_FPS = 4;

export interface DashboardOptions {
  readonly config: AppConfig;
  /** --attach ENDPOINT: the engine's ROUTER endpoint instead of the configured one. */
  readonly attachEndpoint?: string;
  readonly stderr?: NodeJS.WriteStream;
}

export interface Endpoints {
  readonly pubEndpoint: string;
  readonly routerEndpoint: string;
}

/**
 * `--attach tcp://HOST:PORT` names the engine's ROUTER; its PUB is on the same host at the configured PUB
 * port, as for the console (docs/tui.md). Throws a message naming the flag.
 */
export function dashboardEndpoints(bus: Endpoints, attach: string | undefined): Endpoints {
  if (attach === undefined) return { pubEndpoint: bus.pubEndpoint, routerEndpoint: bus.routerEndpoint };
  return attachEndpoints(bus, attach);
}

/** Runs the dashboard until q / Ctrl-C / a terminating signal; resolves to the exit code. */
export async function runDashboard(opts: DashboardOptions): Promise<number> {
  const err = opts.stderr ?? process.stderr;
  let ends: Endpoints;
  try {
    ends = dashboardEndpoints(opts.config.bus, opts.attachEndpoint);
  } catch (e) {
    err.write(`algo-tui dashboard: ${(e as Error).message}\n`);
    return 2;
  }
  const keyDir = busKeyDir(opts.config.stateDir);
  const found = await readClientKeys(opts.config.stateDir);
  if (!found) {
    err.write(`algo-tui dashboard: no bus keys in ${keyDir}: no engine has run with this state directory. Start one with 'algo-tui engine' (same --state-dir / --config).\n`);
    return 3;
  }
  // Without the request secret the engine refuses every mutating request: this client cannot change state.
  const keys: ClientKeys = { ...found, requestSecret: null };
  if (!(await probeEngine({ routerEndpoint: ends.routerEndpoint }, 1500, keys))) {
    err.write(`algo-tui dashboard: no engine answers on ${ends.routerEndpoint}; the dashboard never starts one. Start it with 'algo-tui engine', then run the dashboard again.\n`);
    return 3;
  }

  const client = new BusClient({
    pubEndpoint: ends.pubEndpoint,
    routerEndpoint: ends.routerEndpoint,
    keys,
    heartbeatTimeoutMs: Math.max(1000, opts.config.bus.heartbeatMs * 3),
    requestTimeoutMs: 3_000,
    requestRetries: 1,
  });

  let state: DashState = initialDashState();
  let dirty = true;
  const dispatch = (a: DashAction): void => {
    const next = dashReducer(state, a);
    if (next !== state) {
      state = next;
      dirty = true;
    }
  };

  let resolveQuit: () => void = () => {};
  const quit = new Promise<void>((r) => (resolveQuit = r));
  const screen = new DashboardScreen(ends.routerEndpoint, {
    onSelect: (delta) => {
      dispatch({ type: 'select', delta });
      draw(); // a key press answers at once, not at the next frame
    },
    onQuit: () => resolveQuit(),
  });
  const draw = (): void => {
    if (!dirty) return;
    dirty = false;
    screen.draw(state);
  };
  const onCrash = (e: unknown): void => {
    screen.destroy();
    err.write(`algo-tui dashboard: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  };
  process.once('uncaughtException', onCrash);
  process.once('unhandledRejection', onCrash);
  const onSignal = (): void => resolveQuit();
  for (const s of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.once(s, onSignal);

  client.onPhase((phase) => dispatch({ type: 'phase', phase }));
  client.onSnapshot((snap) => dispatch({ type: 'snapshot', view: snap.view, logs: snap.logs }));
  client.onState((view) => dispatch({ type: 'state', view }));
  client.onEvent((event) => dispatch({ type: 'event', event }));
  draw();
  client.start();
  const timer = setInterval(draw, Math.round(1000 / DASHBOARD_MAX_FPS));

  await quit;
  clearInterval(timer);
  client.stop();
  screen.destroy();
  for (const s of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.off(s, onSignal);
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  return 0;
}
