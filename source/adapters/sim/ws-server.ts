// The simulator's WebSocket feed, speaking OpenAlgo's protocol as the real server behaves
// (reference/openalgo-api.md §1). Ticks follow the sim clock: every wall batch interval the server
// sends the model's trades that happened in sim time since the last batch.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Clock } from '../../ports/clock.js';
import type { MarketModel } from './market-model.js';
import {
  BROKER, errorFrame, instrumentEntries, invalidModeMessage, marketDataFrame, MODE_LABEL, parseMode, selectTicks,
  type InstrumentRef, type WsMode,
} from './ws-protocol.js';

export interface SimWsServerOptions {
  readonly model: MarketModel;
  readonly clock: Clock;
  readonly host?: string;
  readonly port?: number;
  /** Accepted API key; empty or undefined accepts any non-empty key. */
  readonly apiKey?: string;
  /** Wall ms before an unauthenticated connection is closed with 4401 (default 15 000). */
  readonly authGraceMs?: number;
  /** Wall ms before the auth reply (the real server can be slow). Default 0. */
  readonly authReplyDelayMs?: number;
  /** Wall ms between protocol pings (default 20 000); a client that has not answered by the next one is dropped. */
  readonly pingIntervalMs?: number;
  /** Wall ms between tick batches (default 75). */
  readonly batchMs?: number;
}

export interface SimWsServer {
  readonly url: string;
  readonly port: number;
  clientCount(): number;
  /** Sends an order_update (or any) event to clients that sent subscribe_orders. */
  broadcastOrderEvent(event: Record<string, unknown>): void;
  readonly faults: {
    /** While stalled, sockets stay open and acks still flow, but no market_data is sent. */
    stallFeed(stalled: boolean): void;
    /** Terminates every connection abruptly. */
    dropAll(): void;
    /** Sends a frame that is not JSON to every client. */
    sendMalformed(): void;
  };
  stop(): Promise<void>;
}

interface Conn {
  readonly ws: WebSocket;
  authed: boolean;
  alive: boolean;
  orders: boolean;
  /** key `SYMBOL|EXCHANGE|mode` */
  readonly subs: Map<string, { symbol: string; exchange: string; mode: WsMode }>;
  graceTimer: NodeJS.Timeout | null;
}

const EXCHANGE_OF = (model: MarketModel, symbol: string): string | null =>
  model.has(symbol) ? model.exchangeOf(symbol) : null;

export async function startSimWsServer(opts: SimWsServerOptions): Promise<SimWsServer> {
  const { model, clock } = opts;
  const wss = new WebSocketServer({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const conns = new Set<Conn>();
  let stalled = false;
  let lastSim = clock.now();

  const send = (c: Conn, frame: unknown): void => {
    if (c.ws.readyState === c.ws.OPEN) c.ws.send(JSON.stringify(frame));
  };

  function authenticate(c: Conn, msg: Record<string, unknown>): void {
    const raw = msg.api_key ?? msg.apikey;
    const key = typeof raw === 'string' ? raw : '';
    const reply = (): void => {
      if (!key) return send(c, errorFrame('AUTHENTICATION_ERROR', 'API key is required'));
      if (opts.apiKey && key !== opts.apiKey) return send(c, errorFrame('AUTHENTICATION_ERROR', 'Invalid API key'));
      c.authed = true;
      if (c.graceTimer) clearTimeout(c.graceTimer);
      c.graceTimer = null;
      send(c, {
        type: 'auth', status: 'success', message: 'Authentication successful', broker: BROKER, user_id: 'sim',
        supported_features: { ltp: true, quote: true, depth: true },
      });
    };
    if (opts.authReplyDelayMs) setTimeout(reply, opts.authReplyDelayMs);
    else reply();
  }

  function subscribe(c: Conn, msg: Record<string, unknown>): void {
    const mode = parseMode(msg.mode, 2);
    if (mode === null) return send(c, errorFrame('INVALID_MODE', invalidModeMessage(msg.mode)));
    let entries: InstrumentRef[] = instrumentEntries(msg);
    if (entries.length === 0 && typeof msg.symbol === 'string' && msg.symbol && typeof msg.exchange === 'string' && msg.exchange) {
      entries = [{ symbol: msg.symbol, exchange: msg.exchange }];
    }
    if (entries.length === 0) return send(c, errorFrame('INVALID_PARAMETERS', 'At least one symbol must be specified'));
    const depth = typeof msg.depth === 'number' ? msg.depth : 5;
    const subscriptions = entries.map((e) => {
      if (EXCHANGE_OF(model, e.symbol) !== e.exchange) {
        return { symbol: e.symbol, exchange: e.exchange, status: 'error', message: `Symbol ${e.symbol} not found for exchange ${e.exchange}`, broker: BROKER };
      }
      c.subs.set(`${e.symbol}|${e.exchange}|${mode}`, { symbol: e.symbol, exchange: e.exchange, mode });
      // The simulator's book has five levels whatever was asked, as most brokers do.
      return { symbol: e.symbol, exchange: e.exchange, status: 'success', mode: MODE_LABEL[mode], depth: mode === 3 ? 5 : depth, broker: BROKER };
    });
    const ok = subscriptions.every((s) => s.status === 'success');
    send(c, {
      type: 'subscribe', status: ok ? 'success' : 'partial', subscriptions, message: 'Subscription processing complete',
      broker: BROKER, ...('request_id' in msg ? { request_id: msg.request_id } : {}),
    });
  }

  function unsubscribe(c: Conn, msg: Record<string, unknown>): void {
    const arrayForm = instrumentEntries(msg);
    const single = typeof msg.symbol === 'string' && typeof msg.exchange === 'string'
      ? [{ symbol: msg.symbol, exchange: msg.exchange, mode: msg.mode }] : [];
    // Array form reads the mode per entry (a top-level mode is ignored); default Quote.
    const entries = arrayForm.length > 0 ? arrayForm : single;
    if (entries.length === 0) return send(c, errorFrame('INVALID_PARAMETERS', 'At least one symbol must be specified'));
    const successful: unknown[] = [];
    const failed: unknown[] = [];
    for (const e of entries) {
      const mode = parseMode(e.mode, 2);
      if (mode !== null && c.subs.delete(`${e.symbol}|${e.exchange}|${mode}`)) {
        successful.push({ symbol: e.symbol, exchange: e.exchange, status: 'success', broker: BROKER });
      } else {
        failed.push({ symbol: e.symbol, exchange: e.exchange, status: 'error', message: 'Not subscribed', broker: BROKER });
      }
    }
    send(c, {
      type: 'unsubscribe', status: failed.length === 0 ? 'success' : successful.length === 0 ? 'error' : 'partial',
      message: 'Unsubscription processing complete', successful, failed, broker: BROKER,
      ...('request_id' in msg ? { request_id: msg.request_id } : {}),
    });
  }

  function onMessage(c: Conn, raw: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(raw);
    } catch {
      return send(c, errorFrame('INVALID_JSON', 'Invalid JSON message'));
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return send(c, errorFrame('INVALID_JSON', 'Message must be a JSON object'));
    const m = msg as Record<string, unknown>;
    const action = typeof m.action === 'string' ? m.action : typeof m.type === 'string' ? m.type : '';
    const echo = 'request_id' in m ? { request_id: m.request_id } : {};
    switch (action) {
      case 'authenticate':
      case 'auth':
        return authenticate(c, m);
      case 'ping':
        return send(c, {
          type: 'pong', status: 'success', server_timestamp: Date.now(),
          ...('timestamp' in m ? { client_timestamp: m.timestamp } : {}),
          ...('_pingId' in m ? { _pingId: m._pingId } : {}),
        });
      case 'get_supported_brokers':
        return send(c, { type: 'supported_brokers', status: 'success', brokers: [BROKER], count: 1 });
    }
    const needsAuth = ['subscribe', 'unsubscribe', 'unsubscribe_all', 'subscribe_orders', 'unsubscribe_orders', 'get_broker_info'];
    if (!needsAuth.includes(action)) return send(c, errorFrame('INVALID_ACTION', `Invalid action: ${action || '(none)'}`));
    if (!c.authed) return send(c, errorFrame('NOT_AUTHENTICATED', 'You must authenticate first'));
    switch (action) {
      case 'subscribe':
        return subscribe(c, m);
      case 'unsubscribe':
        return unsubscribe(c, m);
      case 'unsubscribe_all': {
        const count = c.subs.size;
        c.subs.clear();
        return send(c, { type: 'unsubscribe', status: 'success', message: `Unsubscribed from all ${count} subscriptions`, successful: [], failed: [], broker: BROKER, ...echo });
      }
      case 'subscribe_orders':
        c.orders = true;
        return send(c, { type: 'subscribe_orders', status: 'success', message: 'Subscribed to order updates', ...echo });
      case 'unsubscribe_orders':
        c.orders = false;
        return send(c, { type: 'unsubscribe_orders', status: 'success', message: 'Unsubscribed from order updates', ...echo });
      default:
        return send(c, { type: 'broker_info', status: 'success', broker: BROKER, adapter_status: 'connected', user_id: 'sim' });
    }
  }

  wss.on('connection', (ws) => {
    const c: Conn = { ws, authed: false, alive: true, orders: false, subs: new Map(), graceTimer: null };
    conns.add(c);
    c.graceTimer = setTimeout(() => {
      if (!c.authed) ws.close(4401, 'auth timeout');
    }, opts.authGraceMs ?? 15_000);
    ws.on('pong', () => (c.alive = true));
    ws.on('message', (data, isBinary) => onMessage(c, isBinary ? '\u0000' : data.toString()));
    ws.on('close', () => {
      if (c.graceTimer) clearTimeout(c.graceTimer);
      conns.delete(c);
    });
    ws.on('error', () => undefined);
  });

  function pump(): void {
    const simNow = Math.min(clock.now(), model.sessionClose);
    if (simNow <= lastSim) return;
    const from = lastSim;
    lastSim = simNow;
    if (stalled || conns.size === 0) return;
    const wanted = new Map<string, WsMode[]>();
    for (const c of conns) for (const s of c.subs.values()) if (c.authed) wanted.set(s.symbol, []);
    const batches = new Map<string, number[]>();
    for (const symbol of wanted.keys()) {
      const instants = model.tradesBetween(symbol, from, simNow);
      if (instants.length > 0) batches.set(symbol, selectTicks(instants, (t) => model.priceAt(symbol, t)));
    }
    for (const c of conns) {
      if (!c.authed) continue;
      for (const s of c.subs.values()) {
        for (const t of batches.get(s.symbol) ?? []) send(c, marketDataFrame(model.quoteAt(s.symbol, t), s.exchange, s.mode));
      }
    }
  }
  const pumpTimer = setInterval(pump, opts.batchMs ?? 75);
  const pingTimer = setInterval(() => {
    for (const c of conns) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }, opts.pingIntervalMs ?? 20_000);

  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    clientCount: () => conns.size,
    broadcastOrderEvent: (event) => {
      for (const c of conns) if (c.authed && c.orders) send(c, event);
    },
    faults: {
      stallFeed: (s) => (stalled = s),
      dropAll: () => {
        for (const c of conns) c.ws.terminate();
      },
      sendMalformed: () => {
        for (const c of conns) if (c.ws.readyState === c.ws.OPEN) c.ws.send('{"type":"market_data", this is not json');
      },
    },
    stop: async () => {
      clearInterval(pumpTimer);
      clearInterval(pingTimer);
      for (const c of conns) {
        if (c.graceTimer) clearTimeout(c.graceTimer);
        c.ws.terminate();
      }
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
