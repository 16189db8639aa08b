// A realistic PersistedState for store and report tests.
import type { PersistedState } from '../../../../source/ports/store.js';
import type { Trade } from '../../../../source/domain/trading.js';
import { istInstant } from '../../../../source/domain/time.js';
import { pnlPaise } from '../../../../source/domain/money.js';
import { DEFAULT_CHARGE_RATES, roundTripCharges } from '../../../../source/domain/charges.js';

export function makeTrade(date: string, over: Partial<Trade> & Pick<Trade, 'id'>): Trade {
  const side = over.side ?? 'LONG';
  const entryPrice = over.entryPrice ?? 812.4;
  const exitPrice = over.exitPrice ?? 818.05;
  const qty = over.qty ?? 180;
  return {
    symbol: 'SBIN',
    side,
    strategy: '11',
    qty,
    entryPrice,
    exitPrice,
    entryTime: istInstant(date, '09:25'),
    exitTime: istInstant(date, '10:40'),
    exitReason: 'TRAIL_STOP',
    pnlPaise: pnlPaise(side, entryPrice, exitPrice, qty),
    chargesPaise: roundTripCharges(DEFAULT_CHARGE_RATES, { side, entryPrice, exitPrice, qty }).totalPaise,
    ...over,
  };
}

export function makeState(date = '2026-11-20', seq = 1): PersistedState {
  const t = makeTrade(date, { id: `${date}:SBIN:11` });
  return {
    version: 1,
    date,
    engineState: 'ACTIVE',
    stateReason: null,
    haltedOn: null,
    counters: { date, tradesToday: 2, strategyUses: { '11': 1, '8': 1 }, realizedPaise: t.pnlPaise, chargesPaise: t.chargesPaise },
    positions: [
      {
        id: `${date}:RELIANCE:8`,
        symbol: 'RELIANCE',
        side: 'SHORT',
        strategy: '8',
        timeframe: '15m',
        qty: 40,
        entryPrice: 1450.5,
        entryTime: istInstant(date, '11:00'),
        atr: 6.2,
        stop: 1459.8,
        best: 1448,
        lastPrice: 1449.1,
        status: 'OPEN',
        entryOrderId: `A-${seq}`,
        stopHistory: [{ ts: istInstant(date, '11:00'), stop: 1459.8, atr: 6.2, reason: 'INITIAL', best: 1450.5 }],
      },
    ],
    orders: [
      {
        clientId: `A-${seq}`,
        symbol: 'RELIANCE',
        action: 'SELL',
        qty: 40,
        purpose: 'ENTRY',
        strategy: '8',
        positionId: `${date}:RELIANCE:8`,
        status: 'FILLED',
        brokerOrderId: 'B-77',
        filledQty: 40,
        avgPrice: 1450.5,
        createdAt: istInstant(date, '11:00'),
        updatedAt: istInstant(date, '11:00'),
      },
    ],
    trades: [t],
    consumedSignals: [`${date}:SBIN:11`, `${date}:RELIANCE:8`],
    nextOrderSeq: seq,
    updatedAt: istInstant(date, '11:00') + seq,
  };
}

/** About 100 kB, so that a kill often lands in the middle of a write. */
export function bigState(seq: number): PersistedState {
  const s = makeState('2026-11-20', seq);
  s.consumedSignals = Array.from({ length: 3000 }, (_, i) => `2026-11-20:SYM${i}:${seq}`);
  return s;
}
