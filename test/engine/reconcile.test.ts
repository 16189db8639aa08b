// The pure reconciler (source/engine/reconcile.ts): each rule of docs/crash-safety.md on its own.
import { describe, expect, it } from 'vitest';
import type { Order, OrderStatus, Position } from '../../source/domain/trading.js';
import type { BrokerOrderRow, BrokerPositionRow } from '../../source/ports/broker.js';
import { NEVER_SENT, NOT_PLACED, reconcileOrders, reconcilePositions, reconciledTrade } from '../../source/engine/reconcile.js';

const T0 = 1_000_000;
const READ = T0 + 10_000;

function order(clientId: string, status: OrderStatus, extra: Partial<Order> = {}): Order {
  return {
    clientId, symbol: 'AAA', action: 'BUY', qty: 10, purpose: 'ENTRY', strategy: '11', positionId: clientId,
    status, filledQty: 0, createdAt: T0, updatedAt: T0, ...extra,
  };
}

function row(clientId: string | undefined, status: BrokerOrderRow['status'], extra: Partial<BrokerOrderRow> = {}): BrokerOrderRow {
  return { brokerOrderId: `B-${clientId ?? 'x'}`, ...(clientId ? { clientId } : {}), symbol: 'AAA', action: 'BUY', qty: 10, status, filledQty: status === 'FILLED' ? 10 : 0, ...(status === 'FILLED' ? { avgPrice: 100.05 } : {}), ...extra };
}

function position(id: string, extra: Partial<Position> = {}): Position {
  return {
    id, symbol: 'AAA', side: 'LONG', strategy: '11', timeframe: '5m', qty: 10, entryPrice: 100, entryTime: T0, atr: 1, stop: 98.5,
    best: 100, lastPrice: 101, status: 'OPEN', entryOrderId: id, stopHistory: [], ...extra,
  };
}

const orders = (list: Order[], book: BrokerOrderRow[], inFlight: Array<[string, OrderStatus]> = []) =>
  reconcileOrders({ orders: list, inFlightAtRestart: new Map(inFlight), brokerOrders: book, readAt: READ });

describe('reconcileOrders', () => {
  it('an INTENT from before the restart that the book lacks was never sent: CANCELLED, not re-sent', () => {
    const r = orders([order('A1', 'UNKNOWN')], [], [['A1', 'INTENT']]);
    expect(r.corrections).toEqual([{ kind: 'NOT_SENT', clientId: 'A1', status: 'CANCELLED', reason: NEVER_SENT, before: 'INTENT' }]);
  });

  it('a SENT or UNKNOWN order absent from a readable book is REJECTED as not placed', () => {
    const r = orders([order('A1', 'UNKNOWN'), order('A2', 'UNKNOWN')], [row('Z9', 'FILLED', { symbol: 'BBB' })], [['A1', 'SENT']]);
    expect(r.corrections).toEqual([
      { kind: 'NOT_SENT', clientId: 'A1', status: 'REJECTED', reason: NOT_PLACED, before: 'SENT' },
      { kind: 'NOT_SENT', clientId: 'A2', status: 'REJECTED', reason: NOT_PLACED, before: 'UNKNOWN' },
    ]);
  });

  it('an order in the book is adopted with the broker id and status; a fill carries the broker price', () => {
    const r = orders(
      [order('A1', 'UNKNOWN'), order('A2', 'UNKNOWN'), order('A3', 'ACCEPTED', { brokerOrderId: 'B-A3' }), order('A4', 'UNKNOWN')],
      [row('A1', 'OPEN'), row('A2', 'FILLED', { avgPrice: 101.35, filledQty: 10 }), row('A3', 'FILLED'), row('A4', 'REJECTED')],
      [['A1', 'SENT']],
    );
    expect(r.corrections).toEqual([
      { kind: 'ADOPT', clientId: 'A1', brokerOrderId: 'B-A1', before: 'UNKNOWN' },
      { kind: 'FILL', clientId: 'A2', brokerOrderId: 'B-A2', filledQty: 10, avgPrice: 101.35, before: 'UNKNOWN' },
      { kind: 'FILL', clientId: 'A3', brokerOrderId: 'B-A3', filledQty: 10, avgPrice: 100.05, before: 'ACCEPTED' },
      { kind: 'FAIL', clientId: 'A4', brokerOrderId: 'B-A4', status: 'REJECTED', reason: 'rejected at the broker (found at reconciliation)', before: 'UNKNOWN' },
    ]);
  });

  it('matches by broker order id when the book lost the tag', () => {
    const r = orders([order('A1', 'ACCEPTED', { brokerOrderId: 'B-77' })], [row(undefined, 'FILLED', { brokerOrderId: 'B-77' })]);
    expect(r.corrections).toMatchObject([{ kind: 'FILL', clientId: 'A1', brokerOrderId: 'B-77' }]);
  });

  it('leaves alone: final orders, this process’s in-flight sends, and records changed after the read', () => {
    const r = orders([
      order('F1', 'FILLED'), order('R1', 'REJECTED'),
      order('S1', 'SENT'), order('I1', 'INTENT'), // being sent right now (not in flight at the restart)
      order('U1', 'UNKNOWN', { updatedAt: READ + 1 }),
    ], []);
    expect(r.corrections).toEqual([]);
    expect(r.unresolved).toEqual([]);
  });

  it('never guesses: an untagged row of the same shape, a cut tag, an ACCEPTED order missing from the book, a fill without price', () => {
    const r = orders(
      [order('AT-20261120-0001', 'UNKNOWN'), order('A2', 'UNKNOWN', { symbol: 'BBB' }), order('A3', 'ACCEPTED', { brokerOrderId: 'B-gone' }), order('A4', 'UNKNOWN', { symbol: 'CCC' })],
      [row(undefined, 'FILLED', { brokerOrderId: 'X1' }), row('AT-2026', 'FILLED', { brokerOrderId: 'X2', symbol: 'BBB' }), row('A4', 'FILLED', { symbol: 'CCC', avgPrice: undefined }) as BrokerOrderRow],
    );
    expect(r.corrections.filter((c) => c.clientId !== 'A2')).toEqual([]);
    expect(r.unresolved.map((u) => u.clientId)).toEqual(['AT-20261120-0001', 'A3', 'A4']);
    // A2's shape matches a row whose cut tag is not a prefix of A2's id: A2 is provably absent.
    expect(r.corrections).toMatchObject([{ kind: 'NOT_SENT', clientId: 'A2' }]);
  });
});

const positions = (ps: Position[], bp: BrokerPositionRow[], extra: { orders?: Order[]; book?: BrokerOrderRow[] } = {}) =>
  reconcilePositions({ positions: ps, orders: extra.orders ?? [], brokerOrders: extra.book ?? [], brokerPositions: bp, readAt: READ });

describe('reconcilePositions', () => {
  it('agreeing books need nothing (a short is a negative net quantity)', () => {
    expect(positions([position('P1'), position('P2', { symbol: 'BBB', side: 'SHORT', qty: 5 })], [{ symbol: 'AAA', qty: 10, avgPrice: 100 }, { symbol: 'BBB', qty: -5, avgPrice: 50 }])).toEqual([]);
  });

  it('a broker position the engine does not know is flagged unmanaged, never traded', () => {
    expect(positions([], [{ symbol: 'ZZZ', qty: -40, avgPrice: 812.5 }, { symbol: 'FLAT', qty: 0, avgPrice: 0 }])).toEqual([
      { kind: 'UNMANAGED', symbol: 'ZZZ', qty: -40, avgPrice: 812.5, note: 'not opened by this engine' },
    ]);
  });

  it('an engine position the broker does not have is closed at the broker’s exit price when the book shows one', () => {
    const book = [row('A1', 'FILLED', { brokerOrderId: 'B1' }), row(undefined, 'FILLED', { brokerOrderId: 'H1', action: 'SELL', avgPrice: 103.4 })];
    expect(positions([position('A1', { entryOrderId: 'A1' })], [{ symbol: 'AAA', qty: 0, avgPrice: 0 }], { orders: [order('A1', 'FILLED', { brokerOrderId: 'B1' })], book })).toEqual([
      { kind: 'CLOSE', positionId: 'A1', symbol: 'AAA', exitPrice: 103.4, brokerQty: 0 },
    ]);
    expect(positions([position('A1')], [])).toEqual([{ kind: 'CLOSE', positionId: 'A1', symbol: 'AAA', exitPrice: null, brokerQty: 0 }]);
  });

  it('a quantity mismatch is flagged with the difference, not traded', () => {
    expect(positions([position('A1')], [{ symbol: 'AAA', qty: 25, avgPrice: 100 }])).toEqual([
      { kind: 'UNMANAGED', symbol: 'AAA', qty: 15, avgPrice: 100, note: 'broker holds 25, engine manages 10' },
    ]);
  });

  it('skips symbols in flight: an OPENING/CLOSING position, an unsettled order, or a change after the read', () => {
    expect(positions([position('A1', { status: 'CLOSING' })], [])).toEqual([]);
    expect(positions([position('A1')], [], { orders: [order('X', 'UNKNOWN')] })).toEqual([]);
    expect(positions([position('A1', { entryTime: READ })], [])).toEqual([]);
    expect(positions([], [{ symbol: 'AAA', qty: 10, avgPrice: 100 }], { orders: [order('X', 'FILLED', { updatedAt: READ + 5 })] })).toEqual([]);
  });
});

describe('reconciledTrade', () => {
  it('books the round trip with reason RECONCILED and integer paise', () => {
    const t = reconciledTrade(position('A1', { side: 'SHORT', qty: 7, entryPrice: 812.4 }), 818.05, READ);
    expect(t).toMatchObject({ id: 'A1', exitReason: 'RECONCILED', exitPrice: 818.05, exitTime: READ, pnlPaise: -(81805 - 81240) * 7 });
  });
});
