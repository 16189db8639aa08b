// The pre-trade risk gate: a pure function over a snapshot of the engine, checks in DESIGN.md §4 order.
// The first failing check wins; each has a RejectReason for counters and a sentence for the trader.
import type { MarketPhase } from '../domain/market.js';
import { formatPaise, type Paise } from '../domain/money.js';
import type { EngineState, RejectReason } from '../domain/trading.js';
import type { FeedStatus } from '../domain/view.js';
import { istTime } from '../domain/time.js';

export interface GateLimits {
  readonly maxOpenPositions: number;
  readonly maxDailyTrades: number;
  readonly maxStrategyUsesPerDay: number;
  readonly feedStaleMs: number;
}

export interface GateInput {
  readonly now: number;
  readonly phase: MarketPhase;
  /** Today's trading window; null on a non-trading day. */
  readonly window: { readonly start: number; readonly end: number } | null;
  readonly engineState: EngineState;
  readonly feedStatus: FeedStatus;
  readonly lastTickAt: number | null;
  /** Positions in any status (OPENING, OPEN, CLOSING): an in-flight entry already takes a slot. */
  readonly openPositions: number;
  readonly tradesToday: number;
  readonly strategyUses: number;
  readonly symbolHeld: boolean;
  /** Realized + unrealized P&L of the day. */
  readonly dayPnlPaise: Paise;
  /** Positive threshold: the day's loss at which entries stop and the engine halts. */
  readonly lossLimitPaise: Paise;
  readonly price: number | null;
  readonly qty: number;
  readonly marginInUsePaise: Paise;
  readonly newMarginPaise: Paise;
  readonly capitalPaise: Paise;
  readonly limits: GateLimits;
}

export type GateResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: RejectReason; readonly message: string; readonly haltEngine?: true };

const no = (reason: RejectReason, message: string): GateResult => ({ ok: false, reason, message });

export function checkEntry(g: GateInput): GateResult {
  if (g.phase !== 'OPEN' || g.window === null) return no('MARKET_CLOSED', `market is ${g.window === null ? 'closed today' : g.phase}`);
  if (g.now >= g.window.end) return no('AFTER_CLOSE_TIME', `no entries at or after ${istTime(g.window.end)} IST`);
  if (g.now < g.window.start) return no('OUTSIDE_WINDOW', `entries open at ${istTime(g.window.start)} IST`);
  if (g.engineState === 'HALTED') return no('ENGINE_HALTED', 'engine is halted until the next session');
  if (g.engineState === 'PAUSED') return no('ENGINE_PAUSED', 'engine is paused: new entries are off');
  if (g.feedStatus === 'DOWN' || g.feedStatus === 'STALE') return no('FEED_STALE', `feed is ${g.feedStatus}`);
  if (g.lastTickAt === null || g.now - g.lastTickAt > g.limits.feedStaleMs) {
    const age = g.lastTickAt === null ? 'no tick yet' : `last tick ${Math.round((g.now - g.lastTickAt) / 1000)}s ago`;
    return no('FEED_STALE', `price is stale (${age})`);
  }
  if (g.openPositions >= g.limits.maxOpenPositions) {
    return no('MAX_OPEN_POSITIONS', `${g.openPositions}/${g.limits.maxOpenPositions} positions open`);
  }
  if (g.tradesToday >= g.limits.maxDailyTrades) return no('MAX_DAILY_TRADES', `${g.tradesToday}/${g.limits.maxDailyTrades} trades today`);
  if (g.strategyUses >= g.limits.maxStrategyUsesPerDay) {
    return no('STRATEGY_USED', `strategy already used ${g.strategyUses}/${g.limits.maxStrategyUsesPerDay} today`);
  }
  if (g.symbolHeld) return no('SYMBOL_HELD', 'a position in this symbol is already open');
  if (g.dayPnlPaise <= -g.lossLimitPaise) {
    return {
      ok: false,
      reason: 'DAILY_LOSS_LIMIT',
      message: `day P&L ${formatPaise(g.dayPnlPaise)} hit the loss limit -${formatPaise(g.lossLimitPaise)}`,
      haltEngine: true,
    };
  }
  if (g.price === null || !(g.price > 0)) return no('NO_PRICE', 'no last price for the symbol');
  if (g.qty <= 0) return no('ZERO_QUANTITY', `allocation buys 0 shares at ₹${g.price}`);
  if (g.marginInUsePaise + g.newMarginPaise > g.capitalPaise) {
    return no(
      'INSUFFICIENT_CAPITAL',
      `margin ${formatPaise(g.marginInUsePaise)} in use + ${formatPaise(g.newMarginPaise)} exceeds capital ${formatPaise(g.capitalPaise)}`,
    );
  }
  return { ok: true };
}
