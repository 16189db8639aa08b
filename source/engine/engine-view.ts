// Builds the EngineView the bus publishes and the TUI mirrors: a pure read of the engine's state.
import type { TimeframeFeatures, Trend } from '../domain/features.js';
import { pnlPaise, toPaise, type Paise } from '../domain/money.js';
import type { Mode, Position, RejectReason, Rejection } from '../domain/trading.js';
import type { EngineView, FeedHealth, PositionView, StrategyUse, UnmanagedPosition, WatchRow } from '../domain/view.js';
import type { AppConfig } from '../domain/config.js';
import type { BrokerStatus } from '../ports/broker.js';
import type { PersistedState } from '../ports/store.js';
import type { Strategy } from '../strategies/strategy.js';
import type { MarketDataView } from './market-data-view.js';
import type { SetupProgress } from './scanner.js';
import type { SessionClock } from './session-clock.js';
import { marginPaise } from './sizing.js';

export function unrealizedPaise(p: Position): Paise {
  return p.status === 'OPENING' ? 0 : pnlPaise(p.side, p.entryPrice, p.lastPrice, p.qty);
}

export function totalUnrealizedPaise(positions: readonly Position[]): Paise {
  let sum = 0;
  for (const p of positions) sum += unrealizedPaise(p);
  return sum;
}

export function marginInUsePaise(positions: readonly Position[], leverage: number): Paise {
  let sum = 0;
  for (const p of positions) sum += marginPaise(p.entryPrice, p.qty, leverage);
  return sum;
}

export function lossLimitPaise(cfg: AppConfig): Paise {
  return Math.round((toPaise(cfg.risk.capital) * cfg.risk.dailyLossLimitPct) / 100);
}

export function positionView(p: Position, now: number): PositionView {
  const stopDistance = Math.round((p.side === 'LONG' ? p.lastPrice - p.stop : p.stop - p.lastPrice) * 100) / 100;
  return {
    ...p,
    stopHistory: [...p.stopHistory],
    unrealizedPaise: unrealizedPaise(p),
    stopDistance,
    stopDistanceAtr: p.atr > 0 ? Math.round((stopDistance / p.atr) * 100) / 100 : null,
    ageMs: Math.max(0, now - p.entryTime),
  };
}

/** Close vs the 5m EMA stack: +1 when close > EMA50 > EMA100 > EMA200, -1 for the mirror, else 0. */
export function emaTrend(f: TimeframeFeatures | null): Trend | null {
  if (!f || f.ema50 === null || f.ema100 === null || f.ema200 === null) return null;
  const c = f.bar.close;
  if (c > f.ema50 && f.ema50 > f.ema100 && f.ema100 > f.ema200) return 1;
  if (c < f.ema50 && f.ema50 < f.ema100 && f.ema100 < f.ema200) return -1;
  return 0;
}

export interface ViewInputs {
  readonly now: number;
  readonly speed: number;
  readonly mode: Mode;
  readonly pid: number;
  readonly startedAt: number;
  readonly config: AppConfig;
  readonly calendar: SessionClock;
  readonly market: MarketDataView;
  readonly strategies: readonly Strategy[];
  readonly state: PersistedState;
  readonly feed: FeedHealth;
  readonly broker: BrokerStatus;
  readonly rejectionCounts: Readonly<Partial<Record<RejectReason, number>>>;
  readonly lastRejections: readonly Rejection[];
  readonly unmanaged: readonly UnmanagedPosition[];
  bestSetup(symbol: string): SetupProgress | null;
}

export function buildView(v: ViewInputs): EngineView {
  const st = v.state;
  const risk = v.config.risk;
  const held = new Set(st.positions.map((p) => p.symbol));
  const strategies: StrategyUse[] = v.strategies.map((s) => ({
    id: s.id,
    side: s.side,
    timeframe: s.timeframe,
    used: st.counters.strategyUses[s.id] ?? 0,
    max: risk.maxStrategyUsesPerDay,
    enabled: v.config.strategies[s.id]?.enabled !== false,
  }));
  const watchlist: WatchRow[] = v.market.symbols().map((symbol) => {
    const last = v.market.lastPrice(symbol);
    const prev = v.market.prevClose(symbol);
    return {
      symbol,
      last,
      changePct: last !== null && prev !== null && prev > 0 ? Math.round(((last - prev) / prev) * 10_000) / 100 : null,
      trend: emaTrend(v.market.features(symbol, '5m')),
      setup: v.bestSetup(symbol),
      held: held.has(symbol),
    };
  });
  const tradingDay = v.calendar.isTradingDay(v.calendar.tradingDate(v.now));
  return {
    mode: v.mode,
    engineState: st.engineState,
    stateReason: st.stateReason,
    startedAt: v.startedAt,
    pid: v.pid,
    clock: { now: v.now, phase: v.calendar.phaseAt(v.now), tradingDay, next: v.calendar.nextBoundary(v.now), speed: v.speed },
    feed: v.feed,
    broker: v.broker,
    positions: st.positions.map((p) => positionView(p, v.now)),
    constraints: {
      openPositions: st.positions.length,
      maxOpenPositions: risk.maxOpenPositions,
      tradesToday: st.counters.tradesToday,
      maxDailyTrades: risk.maxDailyTrades,
      strategies,
      realizedPaise: st.counters.realizedPaise,
      chargesPaise: st.counters.chargesPaise,
      unrealizedPaise: totalUnrealizedPaise(st.positions),
      lossLimitPaise: lossLimitPaise(v.config),
      capitalPaise: toPaise(risk.capital),
      capitalInUsePaise: marginInUsePaise(st.positions, risk.leverage),
      rejectionCounts: { ...v.rejectionCounts },
      lastRejections: [...v.lastRejections],
    },
    watchlist,
    trades: [...st.trades],
    unmanaged: [...v.unmanaged],
    niftyTrend: v.market.niftyTrend(),
    symbols: v.market.symbols().length,
  };
}
