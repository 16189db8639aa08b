// The simulated broker account behind the order endpoints: every accepted order (with its strategy
// tag, so kill tests can look for duplicates), fills at the sim's current price on the ₹0.05 tick,
// one trade row per fill, and net positions per symbol/exchange/product with realised P&L in paise.
import { roundToTick, toPaise } from '../../../domain/money.js';
import { istCompactDate } from '../../../domain/time.js';

export type SimOrderStatus = 'open' | 'trigger pending' | 'complete' | 'rejected' | 'cancelled';
export type SimPriceType = 'MARKET' | 'LIMIT' | 'SL' | 'SL-M';

export interface SimOrder {
  readonly orderid: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly exchange: string;
  readonly action: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly pricetype: SimPriceType;
  readonly product: string;
  readonly price: number;
  readonly triggerPrice: number;
  /** Which endpoint created it: closeposition orders carry the tag 'Squareoff'. */
  readonly source: 'placeorder' | 'placesmartorder' | 'closeposition';
  readonly createdAt: number;
  status: SimOrderStatus;
  filledQty: number;
  averagePrice: number;
  rejectionReason: string;
  updatedAt: number;
}

export interface SimTrade {
  readonly orderid: string;
  readonly symbol: string;
  readonly exchange: string;
  readonly product: string;
  readonly action: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly price: number;
  readonly at: number;
}

export interface SimPosition {
  readonly symbol: string;
  readonly exchange: string;
  readonly product: string;
  qty: number;
  avg: number;
  realisedPaise: number;
}

export type NewSimOrder = Omit<SimOrder, 'orderid' | 'createdAt' | 'status' | 'filledQty' | 'averagePrice' | 'rejectionReason' | 'updatedAt'>;

export interface SimOrderBookOptions {
  readonly now: () => number;
  readonly lastPrice: (symbol: string) => number | null;
  /** Starting cash in rupees (default ₹10,00,000). */
  readonly startingCash?: number;
}

/** MIS margin: 20% of the position value (5× intraday leverage). */
const MIS_MARGIN = 0.2;

export class SimOrderBook {
  private readonly list: SimOrder[] = [];
  private readonly fills: SimTrade[] = [];
  private readonly pos = new Map<string, SimPosition>();
  private seq = 0;

  constructor(private readonly opts: SimOrderBookOptions) {}

  /** Records an order and, unless it is rejected, fills it if its price condition holds now. */
  add(n: NewSimOrder, rejectionReason: string | null): SimOrder {
    const now = this.opts.now();
    this.seq += 1;
    const order: SimOrder = {
      ...n,
      // Sandbox-style id: YYMMDD of the sim date + 8 digits.
      orderid: `${istCompactDate(now).slice(2)}${String(this.seq).padStart(8, '0')}`,
      createdAt: now,
      status: n.pricetype === 'SL' || n.pricetype === 'SL-M' ? 'trigger pending' : 'open',
      filledQty: 0,
      averagePrice: 0,
      rejectionReason: '',
      updatedAt: now,
    };
    this.list.push(order);
    if (rejectionReason !== null) {
      order.status = 'rejected';
      order.rejectionReason = rejectionReason;
    } else this.tryFill(order);
    return order;
  }

  /** Fills resting LIMIT/SL orders whose condition the current price meets (called on every request). */
  sweep(): void {
    for (const o of this.list) if (o.status === 'open' || o.status === 'trigger pending') this.tryFill(o);
  }

  get(orderid: string): SimOrder | undefined {
    return this.list.find((o) => o.orderid === orderid);
  }

  cancel(orderid: string): { ok: true } | { ok: false; message: string } {
    const o = this.get(orderid);
    if (!o) return { ok: false, message: `Order ${orderid} not found` };
    if (o.status !== 'open' && o.status !== 'trigger pending') return { ok: false, message: `Order ${orderid} cannot be cancelled: it is ${o.status}` };
    o.status = 'cancelled';
    o.updatedAt = this.opts.now();
    return { ok: true };
  }

  /** Every order ever accepted, oldest first (copies). */
  orders(): SimOrder[] {
    return this.list.map((o) => ({ ...o }));
  }

  /** Orders whose strategy tag equals `tag`. */
  byStrategy(tag: string): SimOrder[] {
    return this.orders().filter((o) => o.strategy === tag);
  }

  trades(): SimTrade[] {
    return this.fills.map((t) => ({ ...t }));
  }

  positions(): SimPosition[] {
    return [...this.pos.values()].map((p) => ({ ...p }));
  }

  netQty(symbol: string, exchange: string, product: string): number {
    return this.pos.get(key(symbol, exchange, product))?.qty ?? 0;
  }

  unrealisedPaise(p: SimPosition): number {
    const ltp = this.opts.lastPrice(p.symbol);
    if (ltp === null || p.qty === 0) return 0;
    return Math.round((ltp - p.avg) * p.qty * 100);
  }

  funds(): { cash: number; realised: number; unrealised: number; utilised: number } {
    let realised = 0;
    let unrealised = 0;
    let utilisedPaise = 0;
    for (const p of this.pos.values()) {
      realised += p.realisedPaise;
      unrealised += this.unrealisedPaise(p);
      utilisedPaise += Math.round(Math.abs(p.qty) * p.avg * 100 * MIS_MARGIN);
    }
    const start = toPaise(this.opts.startingCash ?? 1_000_000);
    return { cash: (start + realised - utilisedPaise) / 100, realised: realised / 100, unrealised: unrealised / 100, utilised: utilisedPaise / 100 };
  }

  private tryFill(o: SimOrder): void {
    const last = this.opts.lastPrice(o.symbol);
    if (last === null || !(last > 0)) return;
    const ltp = roundToTick(last);
    const buy = o.action === 'BUY';
    if (o.status === 'trigger pending') {
      const triggered = buy ? ltp >= o.triggerPrice : ltp <= o.triggerPrice;
      if (!triggered) return;
      o.status = 'open';
    }
    const limit = o.pricetype === 'LIMIT' || o.pricetype === 'SL';
    if (limit && (buy ? ltp > o.price : ltp < o.price)) return;
    const now = this.opts.now();
    o.status = 'complete';
    o.filledQty = o.quantity;
    o.averagePrice = ltp;
    o.updatedAt = now;
    this.fills.push({ orderid: o.orderid, symbol: o.symbol, exchange: o.exchange, product: o.product, action: o.action, quantity: o.quantity, price: ltp, at: now });
    this.apply(o.symbol, o.exchange, o.product, buy ? o.quantity : -o.quantity, ltp);
  }

  private apply(symbol: string, exchange: string, product: string, signed: number, price: number): void {
    const k = key(symbol, exchange, product);
    const p = this.pos.get(k) ?? { symbol, exchange, product, qty: 0, avg: 0, realisedPaise: 0 };
    const next = p.qty + signed;
    if (p.qty === 0 || Math.sign(p.qty) === Math.sign(signed)) {
      p.avg = (p.avg * Math.abs(p.qty) + price * Math.abs(signed)) / Math.abs(next);
    } else {
      const closed = Math.min(Math.abs(signed), Math.abs(p.qty));
      p.realisedPaise += Math.round((price - p.avg) * closed * Math.sign(p.qty) * 100);
      if (next !== 0 && Math.sign(next) !== Math.sign(p.qty)) p.avg = price; // flipped: the rest is new
    }
    p.qty = next;
    if (p.qty === 0) p.avg = 0;
    this.pos.set(k, p);
  }
}

function key(symbol: string, exchange: string, product: string): string {
  return `${symbol}|${exchange}|${product}`;
}
