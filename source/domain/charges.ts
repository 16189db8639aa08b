// Indian intraday (MIS) equity charges of one round-trip trade, in integer paise with an itemised
// breakdown. Rates, their sources and the rounding are documented in docs/charges.md.
//
// Exactness: every rate is resolved to parts per billion of the value (1e-7 %) and each component is
// computed with BigInt and rounded once, half-up, to the paisa — so ₹1,00,000 × 0.025 % is exactly ₹25,
// never 24.999999… rounded the wrong way.
import type { Paise } from './money.js';
import type { Side } from './trading.js';

/** Configurable charge rates (config `charges`). Percentages are of the value traded. */
export interface ChargeRates {
  /** Flat brokerage per executed order in rupees (the cap of a discount broker's fee). */
  readonly brokeragePerOrder: number;
  /** Brokerage as % of the order value; the lower of this and the flat fee applies. null = flat fee only. */
  readonly brokeragePct: number | null;
  /** Securities Transaction Tax, % of the sell-side value (intraday equity). */
  readonly sttSellPct: number;
  /** Exchange transaction charge, % of the turnover (buy + sell value). */
  readonly exchangeTxnPct: number;
  /** SEBI turnover fee in rupees per crore (₹1,00,00,000) of turnover. */
  readonly sebiFeePerCrore: number;
  /** Stamp duty, % of the buy-side value. */
  readonly stampDutyBuyPct: number;
  /** GST, % of (brokerage + exchange transaction charge + SEBI fee). */
  readonly gstPct: number;
}

/** Defaults: NSE intraday equity, a ₹20-or-0.03 % discount broker (see docs/charges.md for sources). */
export const DEFAULT_CHARGE_RATES: ChargeRates = {
  brokeragePerOrder: 20,
  brokeragePct: 0.03,
  sttSellPct: 0.025,
  exchangeTxnPct: 0.00297,
  sebiFeePerCrore: 10,
  stampDutyBuyPct: 0.003,
  gstPct: 18,
};

/** No charges at all (gross = net). */
export const ZERO_CHARGE_RATES: ChargeRates = {
  brokeragePerOrder: 0,
  brokeragePct: null,
  sttSellPct: 0,
  exchangeTxnPct: 0,
  sebiFeePerCrore: 0,
  stampDutyBuyPct: 0,
  gstPct: 0,
};

export interface ChargeBreakdown {
  readonly brokeragePaise: Paise;
  readonly sttPaise: Paise;
  readonly exchangePaise: Paise;
  readonly sebiPaise: Paise;
  readonly stampPaise: Paise;
  readonly gstPaise: Paise;
  /** The sum of the six components. */
  readonly totalPaise: Paise;
}

export interface RoundTrip {
  readonly side: Side;
  /** Average fill prices in rupees (need not be on the tick: an average over partial fills). */
  readonly entryPrice: number;
  readonly exitPrice: number;
  /** Quantity of this round trip (for a position closed in pieces: this piece's quantity). */
  readonly qty: number;
  /**
   * Quantity of the entry order to charge brokerage on; default `qty`. A position closed in several
   * pieces pays its one entry order's brokerage with the first piece (the whole entry quantity) and 0
   * with the later pieces, so the pieces add up to the orders actually executed.
   */
  readonly entryOrderQty?: number;
}

const PPB = 1_000_000_000n;

/** A percentage as parts per billion of the value (resolution 1e-7 %). */
export function pctToPpb(pct: number): bigint {
  return BigInt(Math.round(pct * 1e7));
}

/** The value of `qty` at `price` rupees, in paise, rounded once (half-up for positive values). */
export function valuePaise(price: number, qty: number): Paise {
  return Math.round(price * 100 * qty);
}

/** value × ppb / 1e9, rounded half-up to the paisa (value ≥ 0, ppb ≥ 0). */
function share(value: Paise, ppb: bigint): Paise {
  if (value <= 0 || ppb === 0n) return 0;
  return Number((BigInt(value) * ppb + PPB / 2n) / PPB);
}

/** Brokerage of one executed order of `value` paise: the flat fee, or the % of the value if lower. */
export function orderBrokeragePaise(rates: ChargeRates, value: Paise): Paise {
  if (value <= 0) return 0;
  const flat = Math.round(rates.brokeragePerOrder * 100);
  if (rates.brokeragePct === null) return flat;
  return Math.min(flat, share(value, pctToPpb(rates.brokeragePct)));
}

/**
 * The charges of one round trip: the entry order on the entry side (BUY for LONG, SELL for SHORT) and the
 * exit order on the other. Each component is rounded half-up to the paisa on the trade's totals; GST is
 * computed on the rounded brokerage + exchange + SEBI components and rounded the same way.
 */
export function roundTripCharges(rates: ChargeRates, t: RoundTrip): ChargeBreakdown {
  const entryValue = valuePaise(t.entryPrice, t.qty);
  const exitValue = valuePaise(t.exitPrice, t.qty);
  const buyValue = t.side === 'LONG' ? entryValue : exitValue;
  const sellValue = t.side === 'LONG' ? exitValue : entryValue;
  const turnover = buyValue + sellValue;
  const entryOrderQty = t.entryOrderQty ?? t.qty;
  const brokeragePaise =
    (entryOrderQty > 0 ? orderBrokeragePaise(rates, valuePaise(t.entryPrice, entryOrderQty)) : 0) + orderBrokeragePaise(rates, exitValue);
  const sttPaise = share(sellValue, pctToPpb(rates.sttSellPct));
  const exchangePaise = share(turnover, pctToPpb(rates.exchangeTxnPct));
  // ₹X per crore = X / 1,00,00,000 of the value = X × 100 parts per billion.
  const sebiPaise = share(turnover, BigInt(Math.round(rates.sebiFeePerCrore * 100)));
  const stampPaise = share(buyValue, pctToPpb(rates.stampDutyBuyPct));
  const gstPaise = share(brokeragePaise + exchangePaise + sebiPaise, pctToPpb(rates.gstPct));
  const totalPaise = brokeragePaise + sttPaise + exchangePaise + sebiPaise + stampPaise + gstPaise;
  return { brokeragePaise, sttPaise, exchangePaise, sebiPaise, stampPaise, gstPaise, totalPaise };
}

/** A trade's charges; 0 for trades recorded before charges existed (older state files, older engines). */
export function chargesOf(t: { readonly chargesPaise?: Paise }): Paise {
  return t.chargesPaise ?? 0;
}

/** Net P&L of a trade: gross (pnlPaise) less its charges. */
export function netPnlPaise(t: { readonly pnlPaise: Paise; readonly chargesPaise?: Paise }): Paise {
  return t.pnlPaise - chargesOf(t);
}

/** The day's P&L as the loss limit sees it: realised net of charges, plus unrealised. */
export function dayNetPaise(c: { readonly realizedPaise: Paise; readonly chargesPaise?: Paise; readonly unrealizedPaise: Paise }): Paise {
  return c.realizedPaise - chargesOf(c) + c.unrealizedPaise;
}
