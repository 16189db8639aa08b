// Where market data and time come from: the embedded simulator when no broker is configured, or an
// OpenAlgo server. An OpenAlgo-compatible server that answers the sim's clock extension (a standalone
// `algo-tui sim`) is followed on its clock, so an engine attached to it lives in simulated time.
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../domain/config.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { ScaledClock } from '../../adapters/clock/scaled-clock.js';
import { WallClock } from '../../adapters/clock/wall-clock.js';
import { OpenAlgoRestClient } from '../../adapters/openalgo/rest-client.js';
import { resolveSimStart, startSimMarket, type SimMarket } from '../../adapters/sim/sim-market.js';
import type { RestRouter } from '../../adapters/sim/rest-router.js';
import type { SimMarketState } from '../../adapters/sim/rest-market-routes.js';

export interface MarketSource {
  readonly kind: 'embedded-sim' | 'external-sim' | 'openalgo' | 'replay';
  readonly clock: Clock;
  readonly wsUrl: string;
  readonly restUrl: string;
  readonly apiKey: string;
  readonly sim: SimMarket | null;
  /** Human description for the start-up log. */
  readonly describe: string;
  stop(): Promise<void>;
}

export interface MarketSourceOptions {
  readonly config: AppConfig;
  readonly symbols: readonly string[];
  readonly isTradingDay: (date: string) => boolean;
  readonly logger: Logger;
  /** True when the user chose a speed explicitly (flag or config file). */
  readonly speedExplicit: boolean;
  readonly routeModules?: ReadonlyArray<(router: RestRouter, state: SimMarketState) => void>;
}

/** Outside a live session the simulator replays a past day; 10× shows a session unfold in ~40 minutes. */
export const REPLAY_SPEED = 10;

export async function openMarketSource(o: MarketSourceOptions): Promise<MarketSource> {
  const { config } = o;
  if (config.openalgo.host === '') return startEmbeddedSim(o);

  if (config.openalgo.wsUrl === '') {
    throw new Error('OPENALGO_HOST is set but OPENALGO_WS_URL is not: set both (e.g. ws://127.0.0.1:8765) or neither to use the simulator');
  }
  const client = new OpenAlgoRestClient({ host: config.openalgo.host, apiKey: config.openalgo.apiKey, timeoutMs: 5_000 });
  const simClock = await probeSimClock(client);
  if (simClock) {
    return {
      kind: 'external-sim',
      clock: new ScaledClock({ simStart: simClock.now, speed: simClock.speed }),
      wsUrl: config.openalgo.wsUrl,
      restUrl: config.openalgo.host,
      apiKey: config.openalgo.apiKey,
      sim: null,
      describe: `simulator at ${config.openalgo.host} (sim date ${simClock.date}, ×${simClock.speed})`,
      stop: async () => {},
    };
  }
  return {
    kind: 'openalgo',
    clock: new WallClock(),
    wsUrl: config.openalgo.wsUrl,
    restUrl: config.openalgo.host,
    apiKey: config.openalgo.apiKey,
    sim: null,
    describe: `OpenAlgo at ${config.openalgo.host}, feed ${config.openalgo.wsUrl}`,
    stop: async () => {},
  };
}

async function startEmbeddedSim(o: MarketSourceOptions): Promise<MarketSource> {
  const { config } = o;
  // The embedded sim is private to this process: a random key, loopback, ephemeral ports.
  const apiKey = randomBytes(16).toString('hex');
  const wallNow = Date.now();
  const picked = resolveSimStart({ date: config.sim.date, start: config.sim.start, isTradingDay: o.isTradingDay }, wallNow);
  const mirrorsLive = Math.abs(picked.start - wallNow) < 5_000;
  const speed = o.speedExplicit || mirrorsLive ? config.sim.speed : REPLAY_SPEED;
  const sim = await startSimMarket({
    seed: config.sim.seed,
    symbols: o.symbols,
    date: picked.date,
    start: config.sim.start,
    speed,
    host: '127.0.0.1',
    wsPort: 0,
    restPort: 0,
    apiKey,
    isTradingDay: o.isTradingDay,
    wallNow,
    ...(o.routeModules ? { routeModules: o.routeModules } : {}),
  });
  return {
    kind: 'embedded-sim',
    clock: sim.clock,
    wsUrl: sim.wsUrl,
    restUrl: sim.restUrl,
    apiKey,
    sim,
    describe: `built-in simulated market (seed ${config.sim.seed}, ${sim.date}, ×${speed}${mirrorsLive ? ', following the live session' : ''})`,
    stop: () => sim.stop(),
  };
}

interface SimClockReply {
  now: number;
  speed: number;
  date: string;
}

async function probeSimClock(client: OpenAlgoRestClient): Promise<SimClockReply | null> {
  try {
    const r = await client.post<{ data?: Partial<SimClockReply> }>('sim/clock', {}, { timeoutMs: 2_000 });
    const d = r.data;
    if (d && typeof d.now === 'number' && typeof d.speed === 'number' && typeof d.date === 'string') {
      return { now: d.now, speed: d.speed, date: d.date };
    }
  } catch {
    // A real OpenAlgo has no sim/clock endpoint: that is the normal case.
  }
  return null;
}

/** The market of `engine --replay`: recorded bars on the replay's manual clock (replay-source.ts), no servers. */
export function replayMarketSource(clock: Clock, describe: string): MarketSource {
  return { kind: 'replay', clock, wsUrl: '', restUrl: '', apiKey: '', sim: null, describe, stop: async () => {} };
}
