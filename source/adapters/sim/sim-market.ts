// The built-in simulated market as one unit: model + scaled clock + OpenAlgo-compatible WebSocket
// and REST servers. Used standalone (`algo-tui sim`, fixed ports) or embedded in the engine (port 0).
import { istDate, istInstant, istMsOfDay, parseClockTime, type IsoDate } from '../../domain/time.js';
import { ScaledClock } from '../clock/scaled-clock.js';
import { createMarketModel, type MarketModel } from './market-model.js';
import type { SimMarketState } from './rest-market-routes.js';
import type { RestRouter } from './rest-router.js';
import { startSimRestServer, type SimRestServer } from './rest-server.js';
import { latestTradingDay, previousTradingDays, weekdayRule, type TradingDayRule } from './trading-days.js';
import { startSimWsServer, type SimWsServer, type SimWsServerOptions } from './ws-server.js';

export interface StartSimMarketOptions {
  readonly seed: number;
  readonly symbols: readonly string[];
  /** YYYY-MM-DD; default: today (IST) while a session is running, else the most recent completed session. */
  readonly date?: IsoDate | null;
  /** HH:MM[:SS] IST; default: now when running today's live session, else 09:15. */
  readonly start?: string | null;
  readonly speed: number;
  readonly host?: string;
  readonly wsPort?: number;
  readonly restPort?: number;
  readonly apiKey?: string;
  /** The NSE calendar's rule (source/calendar SessionCalendar.isTradingDay); default Mon–Fri. */
  readonly isTradingDay?: TradingDayRule;
  /** Wall time for choosing the defaults (tests). */
  readonly wallNow?: number;
  /** WebSocket tuning for tests: auth grace, reply delay, ping interval, batch interval. */
  readonly ws?: Pick<SimWsServerOptions, 'authGraceMs' | 'authReplyDelayMs' | 'pingIntervalMs' | 'batchMs'>;
  readonly routeModules?: ReadonlyArray<(router: RestRouter, state: SimMarketState) => void>;
}

export interface SimMarket {
  readonly wsUrl: string;
  readonly restUrl: string;
  readonly clock: ScaledClock;
  readonly model: MarketModel;
  readonly date: IsoDate;
  /** Sim instant the clock started at. */
  readonly start: number;
  readonly state: SimMarketState;
  readonly ws: SimWsServer;
  readonly rest: SimRestServer;
  stop(): Promise<void>;
}

const OPEN_MS = parseClockTime('09:15');
const CLOSE_MS = parseClockTime('15:30');

/** The sim date and start instant the defaults pick (exported for the command's banner and tests). */
export function resolveSimStart(
  opts: Pick<StartSimMarketOptions, 'date' | 'start' | 'isTradingDay'>,
  wallNow: number,
): { date: IsoDate; start: number } {
  const rule = opts.isTradingDay ?? weekdayRule;
  const today = istDate(wallNow);
  const tod = istMsOfDay(wallNow);
  const todayTrades = rule(today);
  const inSession = todayTrades && tod >= OPEN_MS && tod < CLOSE_MS;
  let date = opts.date ?? null;
  if (date === null) {
    date = todayTrades && tod >= OPEN_MS ? today : (previousTradingDays(today, 1, rule)[0] as IsoDate);
  } else if (!rule(date)) {
    throw new Error(`sim date ${date} is not a trading day (the most recent one is ${latestTradingDay(date, rule)})`);
  }
  const start = opts.start ? istInstant(date, opts.start) : date === today && inSession ? wallNow : istInstant(date, '09:15');
  return { date, start };
}

export async function startSimMarket(opts: StartSimMarketOptions): Promise<SimMarket> {
  const { date, start } = resolveSimStart(opts, opts.wallNow ?? Date.now());
  const model = createMarketModel({ seed: opts.seed, symbols: opts.symbols, date, isTradingDay: opts.isTradingDay ?? weekdayRule });
  // Generate the days now, before any socket accepts a request that would wait for it.
  model.quoteAt(model.symbols[0] as string, start);
  const clock = new ScaledClock({ simStart: start, speed: opts.speed });
  const state: SimMarketState = {
    model,
    clock,
    lastPrice: (symbol) => (model.has(symbol) ? model.priceAt(symbol, clock.now()) : null),
  };
  const host = opts.host ?? '127.0.0.1';
  const ws = await startSimWsServer({ model, clock, host, port: opts.wsPort ?? 0, apiKey: opts.apiKey ?? '', ...opts.ws });
  let rest: SimRestServer;
  try {
    rest = await startSimRestServer({ state, host, port: opts.restPort ?? 0, apiKey: opts.apiKey ?? '', routeModules: opts.routeModules ?? [] });
  } catch (err) {
    await ws.stop();
    throw err;
  }
  return {
    wsUrl: ws.url,
    restUrl: rest.url,
    clock,
    model,
    date,
    start,
    state,
    ws,
    rest,
    stop: async () => {
      clock.clearAll();
      await Promise.all([ws.stop(), rest.stop()]);
    },
  };
}
