// Warm-up before trading: previous sessions' daily bars (atr_10, volume_10, close_10), enough 5m/15m
// history for EMA-200 and the zero-lag MACD, and today's bars from 09:15 up to now, so that a mid-day
// start computes the same day-cumulative features as an engine that ran since the open.
import { addDays, istDate } from '../../domain/time.js';
import type { Bar, Instrument, Timeframe } from '../../domain/market.js';
import { NIFTY, equity } from '../../domain/market.js';
import { WARM_UP_INTRADAY_SESSIONS, type HistorySource } from '../../ports/feed.js';
import type { Logger } from '../../ports/logger.js';
import type { MarketData } from '../../engine/market-data.js';

export interface WarmUpOptions {
  readonly market: MarketData;
  readonly history: HistorySource;
  readonly symbols: readonly string[];
  readonly now: number;
  readonly previousTradingDay: (date: string) => string;
  readonly logger: Logger;
  /** Sessions of intraday history (default WARM_UP_INTRADAY_SESSIONS). */
  readonly intradaySessions?: number;
  /** History requests in flight at once (default OPENALGO_WARM_UP_CONCURRENCY). */
  readonly concurrency?: number;
  /** Waits for a rate-limit slot before each history request (a real OpenAlgo server: ~10 req/s). */
  readonly acquire?: () => Promise<void>;
  /** Called after each instrument's history is in (done of total), e.g. for memory logging. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A real OpenAlgo server: a few requests in flight, paced by `acquire` below its 10 req/s limit. */
export const OPENALGO_WARM_UP_CONCURRENCY = 4;
/** The simulator has no rate limit: enough in flight to keep it and the engine busy together. */
export const SIM_WARM_UP_CONCURRENCY = 16;

export interface WarmUpReport {
  readonly symbols: number;
  readonly bars: number;
  readonly failed: readonly { symbol: string; error: string }[];
}

const DAILY_CALENDAR_DAYS = 60;

export async function warmUp(o: WarmUpOptions): Promise<WarmUpReport> {
  const today = istDate(o.now);
  let from = today;
  for (let i = 0; i < (o.intradaySessions ?? WARM_UP_INTRADAY_SESSIONS); i++) from = o.previousTradingDay(from);
  const dailyFrom = addDays(today, -DAILY_CALENDAR_DAYS);
  const yesterday = o.previousTradingDay(today);
  const instruments: Instrument[] = [NIFTY, ...o.symbols.map(equity)];
  const failed: { symbol: string; error: string }[] = [];
  let bars = 0;

  const one = async (inst: Instrument): Promise<void> => {
    // Daily first: today's vrp needs yesterday's averages before intraday bars replay.
    const plan: Array<[Timeframe, string, string]> = [
      ['D', dailyFrom, yesterday],
      ['15m', from, today],
      ['5m', from, today],
    ];
    for (const [tf, a, b] of plan) {
      let got: Bar[];
      try {
        await o.acquire?.();
        got = await o.history.history(inst, tf, a, b);
      } catch (e) {
        failed.push({ symbol: inst.symbol, error: `${tf} history: ${e instanceof Error ? e.message : String(e)}` });
        return;
      }
      // A daily candle for today would leak the partial day into "previous session" values.
      const usable = tf === 'D' ? got.filter((bar) => istDate(bar.start) < today) : got;
      o.market.warmUp(inst.symbol, tf, usable, o.now);
      bars += usable.length;
    }
  };

  const queue = [...instruments];
  let done = 0;
  const workers = Array.from({ length: Math.min(o.concurrency ?? OPENALGO_WARM_UP_CONCURRENCY, queue.length) }, async () => {
    for (let inst = queue.shift(); inst; inst = queue.shift()) {
      await one(inst);
      o.onProgress?.(++done, instruments.length);
    }
  });
  await Promise.all(workers);
  for (const f of failed) o.logger.warn('warm-up: history unavailable; the symbol trades only once live bars exist', f);
  return { symbols: instruments.length, bars, failed };
}
