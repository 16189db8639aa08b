// P&L of a round trip in integer paise, from fill values rather than from prices rounded to the paisa.
// An average over fills in several pieces (₹300.25 for 3 shares = ₹100.0833…) is not a whole number of
// paise; rounding each price first would put the P&L off by up to half a paisa per share. Here the
// difference of the two values (price × qty) is rounded once. For on-tick prices it equals
// domain/money.ts pnlPaise exactly.
import type { Paise } from '../domain/money.js';
import type { Side } from '../domain/trading.js';

export function tradePnlPaise(side: Side, entry: number, exit: number, qty: number): Paise {
  const diff = Math.round((exit * 100 - entry * 100) * qty);
  return side === 'LONG' ? diff : -diff;
}
