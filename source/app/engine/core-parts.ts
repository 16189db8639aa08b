// Pieces of the engine core's wiring shared by the live engine (start-engine.ts) and the in-process core
// (app/backtest/wire-core.ts), so both build MarketData and the strategies the same way.
import type { AppConfig } from '../../domain/config.js';
import { istDate } from '../../domain/time.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { SessionCalendar } from '../../calendar/index.js';
import { loadStrategyFiles } from '../../adapters/strategy-loader.js';
import { MarketData } from '../../engine/market-data.js';
import { BUILTIN_STRATEGIES, createStrategies } from '../../strategies/registry.js';
import type { Strategy } from '../../strategies/strategy.js';

export interface MarketDataParts {
  readonly symbols: readonly string[];
  readonly calendar: SessionCalendar;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: AppConfig;
}

/** MarketData with the calendar's session times and the configured stop ATR period. */
export function newMarketData(o: MarketDataParts): MarketData {
  const { calendar, clock } = o;
  return new MarketData({
    symbols: o.symbols,
    sessionOpenMs: (ms) => calendar.sessionTimes(istDate(ms))?.open ?? null,
    sessionCloseMs: (ms) => calendar.sessionTimes(istDate(ms))?.close ?? null,
    logger: o.logger,
    now: () => clock.now(),
    stopAtrPeriod: o.config.exits.atrPeriod,
  });
}

/** The registry's strategies plus config.strategyFiles, created with config.strategies. */
export async function loadConfiguredStrategies(config: AppConfig): Promise<Strategy[]> {
  const defs = [...BUILTIN_STRATEGIES, ...(await loadStrategyFiles(config.strategyFiles))];
  return createStrategies(defs, config.strategies);
}
