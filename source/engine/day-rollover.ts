// A new trading date starts a new risk day: counters, consumed signals and the day's trades reset, a halt
// set on an earlier day is lifted (HALTED lasts until the next session), a user's PAUSE is kept.
// Open positions and unfinished orders are carried over untouched: they still need managing.
import type { DayCounters, Trade } from '../domain/trading.js';
import type { PersistedState } from '../ports/store.js';
import { isFinal } from './order-manager.js';

export function freshCounters(date: string): DayCounters {
  return { date, tradesToday: 0, strategyUses: {}, realizedPaise: 0, chargesPaise: 0 };
}

export function freshState(date: string, now: number): PersistedState {
  return {
    version: 1,
    date,
    engineState: 'ACTIVE',
    stateReason: null,
    haltedOn: null,
    counters: freshCounters(date),
    positions: [],
    orders: [],
    trades: [],
    consumedSignals: [],
    nextOrderSeq: 1,
    updatedAt: now,
  };
}

export interface Rollover {
  readonly previousDate: string;
  readonly trades: readonly Trade[];
  readonly clearedHalt: boolean;
}

/** Moves `st` to `date` in place; returns what the previous day left (its trades go to the archive). */
export function rollOver(st: PersistedState, date: string, now: number): Rollover {
  const previousDate = st.date;
  const trades = st.trades;
  const clearedHalt = st.engineState === 'HALTED' && st.haltedOn !== date;
  st.date = date;
  st.counters = freshCounters(date);
  // The finished day's trades stay in the state until their archive succeeds (the engine retries).
  if (trades.length > 0) st.unarchived = [...(st.unarchived ?? []), { date: previousDate, trades }];
  st.trades = [];
  st.consumedSignals = [];
  st.orders = st.orders.filter((o) => !isFinal(o));
  if (clearedHalt) {
    st.engineState = 'ACTIVE';
    st.stateReason = null;
    st.haltedOn = null;
  }
  st.updatedAt = now;
  return { previousDate, trades, clearedHalt };
}
