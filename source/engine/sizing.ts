// Position sizing from seed 003: qty = floor(capital × allocation% × leverage ÷ price), in integer paise
// so that round numbers (₹2,00,000 × 30 % × 5 ÷ ₹100 = 3000) never come out as 2999.
import { toPaise } from '../domain/money.js';

export interface SizingParams {
  readonly capital: number; // rupees
  readonly allocationPct: number;
  readonly leverage: number;
}

export function sizeQuantity(p: SizingParams, price: number): number {
  if (!(price > 0) || !Number.isFinite(price)) return 0;
  const notionalPaise = (toPaise(p.capital) * p.allocationPct * p.leverage) / 100;
  const qty = Math.floor(notionalPaise / toPaise(price) + 1e-9);
  return qty > 0 ? qty : 0;
}

/** Margin blocked by a position: notional ÷ leverage, in paise (rounded up: never under-count margin). */
export function marginPaise(price: number, qty: number, leverage: number): number {
  return Math.ceil((toPaise(price) * qty) / leverage);
}
