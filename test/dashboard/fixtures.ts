// Small EngineView builders for the dashboard's pure tests: one trading day (2026-11-20, IST).
import { istInstant } from '../../source/domain/time.js';
import type { Trade } from '../../source/domain/trading.js';
import type { EngineView, PositionView } from '../../source/domain/view.js';

export const DAY = '2026-11-20';
export const at = (hhmmss: string): number => istInstant(DAY, hhmmss);

export function position(id: string, over: Partial<PositionView> = {}): PositionView {
  return {
    id, symbol: id.toUpperCase(), side: 'LONG', strategy: '11', timeframe: '5m', qty: 10, entryPrice: 100, entryTime: at('09:30'),
    atr: 1, stop: 98, best: 100, lastPrice: 100, status: 'OPEN', entryOrderId: `${id}-e`, stopHistory: [],
    unrealizedPaise: 0, stopDistance: 2, stopDistanceAtr: 2, ageMs: 0, ...over,
  };
}

export function trade(id: string, over: Partial<Trade> = {}): Trade {
  return {
    id, symbol: id.toUpperCase(), side: 'LONG', strategy: '11', qty: 10, entryPrice: 100, exitPrice: 101,
    entryTime: at('09:30'), exitTime: at('09:45'), exitReason: 'TRAIL_STOP', pnlPaise: 1000, chargesPaise: 0, ...over,
  };
}

export interface ViewOver {
  now?: number;
  ticks?: number;
  positions?: PositionView[];
  trades?: Trade[];
  realizedPaise?: number;
  unrealizedPaise?: number;
  tradesToday?: number;
  chargesPaise?: number;
}

export function view(o: ViewOver = {}): EngineView {
  const positions = o.positions ?? [];
  return {
    mode: 'SIM', engineState: 'ACTIVE', stateReason: null, startedAt: at('09:00'), pid: 1,
    clock: { now: o.now ?? at('10:00'), phase: 'OPEN', tradingDay: true, next: null, speed: 1 },
    feed: { status: 'LIVE', source: 'sim', lastTickAt: null, ticks: o.ticks ?? 0, staleSymbols: 0, rejected: {}, reconnects: 0 },
    broker: { name: 'paper', status: 'ok' },
    positions,
    constraints: {
      openPositions: positions.length, maxOpenPositions: 3, tradesToday: o.tradesToday ?? 0, maxDailyTrades: 5,
      strategies: ['8', '9', '10', '11', '12'].map((id) => ({ id, side: 'LONG' as const, timeframe: '5m', used: 0, max: 1, enabled: true })),
      realizedPaise: o.realizedPaise ?? 0, ...(o.chargesPaise !== undefined ? { chargesPaise: o.chargesPaise } : {}), unrealizedPaise: o.unrealizedPaise ?? 0, lossLimitPaise: 600_000,
      capitalPaise: 20_000_000, capitalInUsePaise: 0, rejectionCounts: {}, lastRejections: [],
    },
    watchlist: [], trades: o.trades ?? [], unmanaged: [], niftyTrend: null, symbols: 10,
  };
}
