import type { OrderAction } from '../domain/trading.js';

export interface OrderRequest {
  /** Stored before sending; the broker-side idempotency handle (sent as part of the strategy tag / remembered). */
  readonly clientId: string;
  readonly symbol: string;
  readonly exchange: 'NSE';
  readonly action: OrderAction;
  readonly qty: number;
  readonly pricetype: 'MARKET';
  readonly product: 'MIS';
  /** Last traded price when the order was decided; paper brokers fill near it. */
  readonly refPrice: number;
}

export type AckStatus = 'ACCEPTED' | 'REJECTED' | 'UNKNOWN';

export interface OrderAck {
  readonly clientId: string;
  readonly status: AckStatus;
  readonly brokerOrderId?: string;
  readonly message?: string;
  /**
   * The broker queued the order for a person to approve (OpenAlgo semi-auto mode, status UNKNOWN): it may
   * still be placed at any time, so it must never be declared "not placed" and re-sent.
   */
  readonly queued?: boolean;
}

export interface OrderUpdate {
  readonly clientId: string;
  readonly brokerOrderId: string;
  readonly status: 'ACCEPTED' | 'FILLED' | 'REJECTED' | 'CANCELLED';
  readonly filledQty: number;
  readonly avgPrice?: number;
  readonly message?: string;
  readonly ts: number;
}

export interface BrokerOrderRow {
  readonly brokerOrderId: string;
  readonly clientId?: string;
  readonly symbol: string;
  readonly action: OrderAction;
  readonly qty: number;
  readonly status: 'OPEN' | 'FILLED' | 'REJECTED' | 'CANCELLED';
  readonly filledQty: number;
  readonly avgPrice?: number;
}

export interface BrokerPositionRow {
  readonly symbol: string;
  readonly qty: number; // signed net quantity
  readonly avgPrice: number;
}

export interface BrokerStatus {
  readonly name: string; // 'paper' | 'dry-run' | 'openalgo'
  /** BLOCKED: reachable, but orders would not execute automatically (OpenAlgo semi-auto): no entries. */
  readonly status: 'OK' | 'SANDBOX' | 'LIVE' | 'NOT_LOGGED_IN' | 'DOWN' | 'BLOCKED';
  readonly message?: string;
}

/** Where orders go. Paper and dry-run fill locally; openalgo talks to a real OpenAlgo server. */
export interface Broker {
  readonly name: string;
  place(req: OrderRequest): Promise<OrderAck>;
  onUpdate(listener: (u: OrderUpdate) => void): void;
  orders(): Promise<BrokerOrderRow[]>;
  positions(): Promise<BrokerPositionRow[]>;
  status(): BrokerStatus;
  close(): Promise<void>;
}
