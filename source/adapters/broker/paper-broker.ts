// Paper fills: every order fills locally at the last price, moved against the trader by `slippageBps`
// and rounded to the ₹0.05 tick (up for buys, down for sells). The lifecycle mirrors a real broker:
// place() answers ACCEPTED, then ACCEPTED and FILLED updates arrive asynchronously (a microtask later).
import { roundToTick } from '../../domain/money.js';
import type { Broker, BrokerOrderRow, BrokerPositionRow, BrokerStatus, OrderAck, OrderRequest, OrderUpdate } from '../../ports/broker.js';

export interface PaperBrokerOptions {
  /** Last traded price of a symbol; null when unknown (the order's refPrice is used instead). */
  priceOf(symbol: string): number | null;
  /** Timestamp source for updates (the engine clock). */
  now(): number;
  slippageBps?: number;
  /** Return a message to reject the order (for tests and fault drills); null to accept. */
  reject?: (req: OrderRequest) => string | null;
  name?: string;
  statusLabel?: BrokerStatus['status'];
  statusMessage?: string;
  /** Prefix of broker order ids. */
  idPrefix?: string;
}

interface Book {
  qty: number;
  avg: number;
}

export class PaperBroker implements Broker {
  readonly name: string;
  private readonly listeners: Array<(u: OrderUpdate) => void> = [];
  private readonly rows: BrokerOrderRow[] = [];
  private readonly book = new Map<string, Book>();
  private seq = 0;
  private closed = false;

  constructor(private readonly opts: PaperBrokerOptions) {
    this.name = opts.name ?? 'paper';
  }

  async place(req: OrderRequest): Promise<OrderAck> {
    const problem = this.validate(req) ?? this.opts.reject?.(req) ?? null;
    if (problem !== null) {
      const brokerOrderId = this.nextId();
      this.rows.push({ brokerOrderId, clientId: req.clientId, symbol: req.symbol, action: req.action, qty: req.qty, status: 'REJECTED', filledQty: 0 });
      return { clientId: req.clientId, status: 'REJECTED', brokerOrderId, message: problem };
    }
    const brokerOrderId = this.nextId();
    const row: BrokerOrderRow = { brokerOrderId, clientId: req.clientId, symbol: req.symbol, action: req.action, qty: req.qty, status: 'OPEN', filledQty: 0 };
    this.rows.push(row);
    queueMicrotask(() => {
      this.emit({ clientId: req.clientId, brokerOrderId, status: 'ACCEPTED', filledQty: 0, ts: this.opts.now() });
      queueMicrotask(() => this.fill(req, brokerOrderId));
    });
    return { clientId: req.clientId, status: 'ACCEPTED', brokerOrderId };
  }

  onUpdate(listener: (u: OrderUpdate) => void): void {
    this.listeners.push(listener);
  }

  async orders(): Promise<BrokerOrderRow[]> {
    return this.rows.map((r) => ({ ...r }));
  }

  async positions(): Promise<BrokerPositionRow[]> {
    return [...this.book].map(([symbol, b]) => ({ symbol, qty: b.qty, avgPrice: b.avg }));
  }

  status(): BrokerStatus {
    return {
      name: this.name,
      status: this.closed ? 'DOWN' : (this.opts.statusLabel ?? 'OK'),
      ...(this.opts.statusMessage ? { message: this.opts.statusMessage } : {}),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** The price a market order of `action` would fill at now (last price ± slippage, on the tick). */
  fillPrice(symbol: string, action: OrderRequest['action'], refPrice: number): number | null {
    const last = this.opts.priceOf(symbol) ?? (refPrice > 0 ? refPrice : null);
    if (last === null || !(last > 0)) return null;
    const slip = (this.opts.slippageBps ?? 0) / 10_000;
    return action === 'BUY' ? roundToTick(last * (1 + slip), 'up') : roundToTick(last * (1 - slip), 'down');
  }

  private validate(req: OrderRequest): string | null {
    if (this.closed) return 'broker is closed';
    if (!Number.isInteger(req.qty) || req.qty <= 0) return `quantity must be a positive integer, got ${req.qty}`;
    if (!req.symbol) return 'symbol is empty';
    if (this.fillPrice(req.symbol, req.action, req.refPrice) === null) return `no price for ${req.symbol}`;
    return null;
  }

  private fill(req: OrderRequest, brokerOrderId: string): void {
    const price = this.fillPrice(req.symbol, req.action, req.refPrice) as number;
    const i = this.rows.findIndex((r) => r.brokerOrderId === brokerOrderId);
    this.rows[i] = { ...(this.rows[i] as BrokerOrderRow), status: 'FILLED', filledQty: req.qty, avgPrice: price };
    this.applyToBook(req.symbol, req.action === 'BUY' ? req.qty : -req.qty, price);
    this.emit({ clientId: req.clientId, brokerOrderId, status: 'FILLED', filledQty: req.qty, avgPrice: price, ts: this.opts.now() });
  }

  private applyToBook(symbol: string, signed: number, price: number): void {
    const b = this.book.get(symbol) ?? { qty: 0, avg: 0 };
    const next = b.qty + signed;
    if (b.qty === 0 || Math.sign(b.qty) === Math.sign(signed)) {
      b.avg = (b.avg * Math.abs(b.qty) + price * Math.abs(signed)) / Math.abs(next);
    } else if (Math.sign(next) !== Math.sign(b.qty) && next !== 0) {
      b.avg = price; // flipped through zero: the remainder is a new position at this price
    }
    b.qty = next;
    if (b.qty === 0) b.avg = 0;
    this.book.set(symbol, b);
  }

  private emit(u: OrderUpdate): void {
    for (const l of this.listeners) l(u);
  }

  private nextId(): string {
    this.seq += 1;
    return `${this.opts.idPrefix ?? 'PB'}-${String(this.seq).padStart(6, '0')}`;
  }
}
