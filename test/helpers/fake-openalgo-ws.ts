// A small scripted OpenAlgo-like WebSocket server on 127.0.0.1:0, speaking the protocol of
// reference/openalgo-api.md §1 (authenticate, batched subscribe with acks, JSON ping/pong, error
// frames without `type`). Tests push market-data frames by hand and drop connections at will.
import { WebSocketServer, WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';

export type AuthBehaviour = 'success' | 'error' | 'silent';

export interface FakeOpenAlgoOptions {
  apiKey?: string;
  /** Real milliseconds before the auth ack (OpenAlgo can take many seconds). */
  authDelayMs?: number;
  auth?: AuthBehaviour;
  /** 'EXCHANGE:SYMBOL' keys the fake refuses in subscribe acks. */
  failSymbols?: readonly string[];
}

export interface Received {
  readonly conn: number;
  readonly msg: Record<string, unknown>;
}

export class FakeOpenAlgoWs {
  readonly received: Received[] = [];
  /** Open, authenticated sockets. */
  readonly authed = new Set<WebSocket>();
  connections = 0;
  opts: FakeOpenAlgoOptions;

  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string,
    opts: FakeOpenAlgoOptions,
  ) {
    this.opts = opts;
    wss.on('connection', (ws) => this.onConnection(ws));
  }

  static async start(opts: FakeOpenAlgoOptions = {}): Promise<FakeOpenAlgoWs> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    const { port } = wss.address() as AddressInfo;
    return new FakeOpenAlgoWs(wss, `ws://127.0.0.1:${port}`, opts);
  }

  /** Messages of one action, optionally on one connection (1-based). */
  actions(action: string, conn?: number): Record<string, unknown>[] {
    return this.received.filter((r) => r.msg.action === action && (conn === undefined || r.conn === conn)).map((r) => r.msg);
  }

  /** Symbols subscribed on a connection, as 'EXCHANGE:SYMBOL'. */
  subscribedOn(conn: number): string[] {
    return this.actions('subscribe', conn).flatMap((m) =>
      (m.symbols as Array<{ symbol: string; exchange: string }>).map((s) => `${s.exchange}:${s.symbol}`),
    );
  }

  /** Sends a frame (object or raw text) to every authenticated client. */
  send(frame: unknown): void {
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
    for (const ws of this.authed) ws.send(text);
  }

  tick(symbol: string, exchange: string, data: Record<string, unknown>, mode = 2): void {
    this.send({ type: 'market_data', symbol, exchange, mode, broker: 'fake', data });
  }

  /** Closes every client connection with `code`. */
  dropAll(code = 1011, reason = 'server restart'): void {
    for (const ws of this.wss.clients) ws.close(code, reason);
    this.authed.clear();
  }

  async waitFor(cond: () => boolean, what: string, limitMs = 10_000): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async stop(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket): void {
    const conn = ++this.connections;
    ws.on('close', () => this.authed.delete(ws));
    ws.on('message', (raw) => {
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(raw.toString()) as Record<string, unknown>;
      } catch {
        ws.send(JSON.stringify({ status: 'error', code: 'INVALID_JSON', message: 'Invalid JSON' }));
        return;
      }
      this.received.push({ conn, msg });
      this.handle(ws, msg);
    });
  }

  private handle(ws: WebSocket, msg: Record<string, unknown>): void {
    const action = msg.action ?? msg.type;
    if (action === 'authenticate') {
      const behaviour = this.opts.auth ?? 'success';
      if (behaviour === 'silent') return;
      const ok = behaviour === 'success' && msg.api_key === (this.opts.apiKey ?? 'test-key');
      setTimeout(() => {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (ok) {
          this.authed.add(ws);
          ws.send(JSON.stringify({ type: 'auth', status: 'success', message: 'Authentication successful', broker: 'fake', user_id: 't' }));
        } else {
          ws.send(JSON.stringify({ status: 'error', code: 'AUTHENTICATION_ERROR', message: 'Invalid API key' }));
        }
      }, this.opts.authDelayMs ?? 0);
    } else if (action === 'subscribe') {
      if (!this.authed.has(ws)) {
        ws.send(JSON.stringify({ status: 'error', code: 'NOT_AUTHENTICATED', message: 'You must authenticate first' }));
        return;
      }
      const fail = new Set(this.opts.failSymbols ?? []);
      const subs = (msg.symbols as Array<{ symbol: string; exchange: string }>).map((s) =>
        fail.has(`${s.exchange}:${s.symbol}`)
          ? { ...s, status: 'error', message: `Symbol ${s.symbol} not found for exchange ${s.exchange}`, broker: 'fake' }
          : { ...s, status: 'success', mode: 'Quote', depth: 5, broker: 'fake' },
      );
      const partial = subs.some((s) => s.status !== 'success');
      ws.send(
        JSON.stringify({
          type: 'subscribe',
          status: partial ? 'partial' : 'success',
          subscriptions: subs,
          message: 'Subscription processing complete',
          broker: 'fake',
          request_id: msg.request_id,
        }),
      );
    } else if (action === 'ping') {
      ws.send(JSON.stringify({ type: 'pong', status: 'success', server_timestamp: Date.now(), client_timestamp: msg.timestamp, _pingId: msg._pingId }));
    }
  }
}
