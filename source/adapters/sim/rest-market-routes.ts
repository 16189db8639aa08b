// The market-data REST endpoints of the simulator (reference/openalgo-api.md §3.15–3.18, 3.21) plus
// the sim extension POST /api/v1/sim/clock. Order endpoints register the same way from their own file.
import type { Clock } from '../../ports/clock.js';
import type { MarketModel } from './market-model.js';
import { fail, ok, type FieldSpec, type RestRouter, type RouteResult } from './rest-router.js';

export const VALID_EXCHANGES = ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'BCD', 'MCX', 'NCDEX', 'NCO', 'CRYPTO', 'NSE_INDEX', 'BSE_INDEX', 'MCX_INDEX', 'GLOBAL_INDEX'] as const;
export const SCHEMA_INTERVALS = ['1s', '5s', '10s', '15s', '30s', '45s', '1m', '2m', '3m', '5m', '10m', '15m', '20m', '30m', '1h', '2h', '3h', '4h', 'D', 'W', 'M', 'Q', 'Y'] as const;
const SUPPORTED = ['1m', '5m', '15m', 'D'] as const;

/** What route modules need: the model, the sim clock and the latest prices. */
export interface SimMarketState {
  readonly model: MarketModel;
  readonly clock: Clock;
  /** Last traded price at the clock's current instant (null for an unknown symbol). */
  lastPrice(symbol: string): number | null;
}

const apikey: FieldSpec = { type: 'string', required: true };
const exchange: FieldSpec = { type: 'string', required: true, oneOf: VALID_EXCHANGES };

export function symbolNotFound(symbol: string, exch: string): string {
  return `Symbol '${symbol}' not found for exchange '${exch}'. Please verify the symbol name and ensure master contracts are downloaded.`;
}

function known(state: SimMarketState, symbol: string, exch: string): boolean {
  return state.model.has(symbol) && state.model.exchangeOf(symbol) === exch;
}

function quote(state: SimMarketState, symbol: string): Record<string, number> {
  const q = state.model.quoteAt(symbol, state.clock.now());
  const spread = q.exchange === 'NSE_INDEX' ? 0 : 0.05;
  return {
    open: q.open, high: q.high, low: q.low, ltp: q.ltp,
    ask: Math.round((q.ltp + spread) * 100) / 100, bid: Math.round((q.ltp - spread) * 100) / 100,
    prev_close: q.prevClose, volume: q.volume, oi: 0,
  };
}

export function registerMarketRoutes(router: RestRouter, state: SimMarketState): void {
  router.register({ path: 'ping', fields: { apikey }, handle: () => ok({ data: { message: 'pong', broker: 'sim' } }) });

  router.register({
    path: 'analyzer',
    fields: { apikey },
    handle: () => ok({ data: { analyze_mode: false, mode: 'live', total_logs: 0 } }),
  });

  router.register({
    path: 'intervals',
    fields: { apikey },
    handle: () => ok({ data: { seconds: [], minutes: ['1m', '5m', '15m'], hours: [], days: ['D'], weeks: [], months: [] } }),
  });

  router.register({
    path: 'quotes',
    fields: { apikey, symbol: { type: 'string', required: true }, exchange },
    handle: (b) => {
      const symbol = b.symbol as string;
      if (!known(state, symbol, b.exchange as string)) return fail(400, symbolNotFound(symbol, b.exchange as string));
      return ok({ data: quote(state, symbol) });
    },
  });

  router.register({
    path: 'multiquotes',
    fields: { apikey, symbols: { type: 'array', required: true } },
    handle: (b) => {
      const list = b.symbols as unknown[];
      if (list.length === 0) return fail(400, { symbols: ['Shorter than minimum length 1.'] });
      const errors: Record<string, Record<string, string[]>> = {};
      list.forEach((e, i) => {
        const r = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
        const fe: Record<string, string[]> = {};
        if (typeof r.symbol !== 'string') fe.symbol = ['Missing data for required field.'];
        if (typeof r.exchange !== 'string') fe.exchange = ['Missing data for required field.'];
        else if (!(VALID_EXCHANGES as readonly string[]).includes(r.exchange)) fe.exchange = [`Must be one of: ${VALID_EXCHANGES.join(', ')}.`];
        if (Object.keys(fe).length) errors[String(i)] = fe;
      });
      if (Object.keys(errors).length) return fail(400, { symbols: errors });
      const results = (list as Array<{ symbol: string; exchange: string }>).map(({ symbol, exchange: ex }) =>
        known(state, symbol, ex) ? { symbol, exchange: ex, data: quote(state, symbol) } : { symbol, exchange: ex, error: symbolNotFound(symbol, ex) });
      return ok({ results });
    },
  });

  router.register({
    path: 'history',
    fields: {
      apikey, symbol: { type: 'string', required: true }, exchange,
      interval: { type: 'string', required: true, oneOf: SCHEMA_INTERVALS },
      start_date: { type: 'date', required: true }, end_date: { type: 'date', required: true },
      source: { type: 'string', oneOf: ['api', 'db'] },
    },
    handle: (b): RouteResult => {
      const symbol = b.symbol as string;
      const interval = b.interval as string;
      if (!known(state, symbol, b.exchange as string)) return fail(400, symbolNotFound(symbol, b.exchange as string));
      if (!(SUPPORTED as readonly string[]).includes(interval)) {
        return fail(400, `Invalid interval '${interval}'. Supported intervals: ${SUPPORTED.join(', ')}`);
      }
      const bars = state.model.history(symbol, interval as (typeof SUPPORTED)[number], b.start_date as string, b.end_date as string, state.clock.now());
      const data = bars.map((bar) => ({
        // Intraday: the candle start; daily: 00:00 UTC of the trading date (§3.16).
        timestamp: interval === 'D' ? Date.parse(`${isoDateOf(bar.start)}T00:00:00Z`) / 1000 : bar.start / 1000,
        open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, oi: 0,
      }));
      return ok({ data });
    },
  });

  router.register({
    path: 'sim/clock',
    fields: { apikey },
    handle: () => ok({
      data: {
        now: state.clock.now(), speed: state.clock.speed, date: state.model.date,
        session_open: state.model.sessionOpen, session_close: state.model.sessionClose, seed: state.model.seed,
      },
    }),
  });
}

/** IST calendar date of an instant (daily bars start at 09:15 IST of their date). */
function isoDateOf(ms: number): string {
  return new Date(ms + 5.5 * 3_600_000).toISOString().slice(0, 10);
}
