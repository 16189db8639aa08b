// Money is exact: prices that reach an order are on the exchange tick (₹0.05) and P&L is computed in
// integer paise, so the sum of trade P&L reconciles with equity to the paisa.

export const TICK_SIZE = 0.05;
const TICK_PAISE = 5;

/** Paise is an integer count of 1/100 rupee. */
export type Paise = number;

export function toPaise(rupees: number): Paise {
  return Math.round(rupees * 100);
}

export function fromPaise(paise: Paise): number {
  return paise / 100;
}

export type TickRounding = 'nearest' | 'up' | 'down';

/** Rounds a price to the ₹0.05 tick, working in paise so that 0.1 + 0.2 style errors never leak. */
export function roundToTick(price: number, mode: TickRounding = 'nearest'): number {
  const p = price * 100 / TICK_PAISE;
  // Guard against representation noise (e.g. 100.05*20 = 2000.9999999) before floor/ceil.
  const near = Math.round(p);
  const q = Math.abs(p - near) < 1e-7 ? near : mode === 'up' ? Math.ceil(p) : mode === 'down' ? Math.floor(p) : near;
  return (q * TICK_PAISE) / 100;
}

export function isOnTick(price: number): boolean {
  return Math.abs(price - roundToTick(price)) < 1e-9;
}

/**
 * Realised P&L in paise of a round trip, from fill values rather than from prices rounded to the paisa:
 * an average over fills in several pieces (₹300.25 for 3 shares = ₹100.0833…) is not a whole number of
 * paise, and rounding each price first would put the P&L off by up to half a paisa per share. The
 * difference of the two values (price × qty) is rounded once; for on-tick prices that is exact.
 */
export function pnlPaise(side: 'LONG' | 'SHORT', entry: number, exit: number, qty: number): Paise {
  const diff = Math.round((exit * 100 - entry * 100) * qty);
  return side === 'LONG' ? diff : -diff;
}

/** Indian digit grouping: ₹2,00,000.00; negative as -₹1,234.50. */
export function formatInr(rupees: number, decimals = 2): string {
  const neg = rupees < 0;
  const fixed = Math.abs(rupees).toFixed(decimals);
  const [int = '0', frac] = fixed.split('.');
  const last3 = int.slice(-3);
  const rest = int.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  const grouped = rest ? `${rest},${last3}` : last3;
  return `${neg ? '-' : ''}₹${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

export function formatPaise(paise: Paise, decimals = 2): string {
  return formatInr(fromPaise(paise), decimals);
}
