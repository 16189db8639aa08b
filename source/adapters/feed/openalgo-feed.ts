// OpenAlgo WebSocket market-data client (reference/openalgo-api.md §1). Authenticates, subscribes in
// batches, merges partial ticks, and survives everything the real server does: slow auth acks,
// dropped connections (which lose every subscription), 4401 auth closes, and the silent-stale feed
// where the socket stays open but no ticks arrive. Every timer runs on the injected Clock.
import WebSocket from 'ws';
import type { Instrument, Tick } from '../../domain/market.js';
import type { FeedHealth, FeedStatus } from '../../domain/view.js';
import type { Clock, TimerHandle } from '../../ports/clock.js';
import type { Feed } from '../../ports/feed.js';
import type { Logger } from '../../ports/logger.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_SKEW_MS, parseFrame, type FrameResult, type ParseContext } from './frame-parser.js';
import { RejectLog } from './reject-log.js';
import { SymbolState } from './symbol-state.js';

export const AUTH_FAILED_MESSAGE = 'authentication failed: check OPENALGO_API_KEY';

export interface OpenAlgoFeedOptions {
  readonly url: string;
  readonly apiKey: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly isMarketOpen: (ms: number) => boolean;
  readonly staleAfterMs: number;
  /** 1 = LTP, 2 = Quote (default), 3 = Depth. */
  readonly mode?: 1 | 2 | 3;
  readonly authTimeoutMs?: number;
  readonly subscribeBatchSize?: number;
  readonly backoff?: Partial<BackoffOptions>;
  readonly pingIntervalMs?: number;
  readonly watchdogIntervalMs?: number;
  readonly maxFrameBytes?: number;
  readonly maxSkewMs?: number;
  /** [0, 1) source for backoff jitter; injectable so tests are deterministic. */
  readonly random?: () => number;
  /** Shown as FeedHealth.source, e.g. 'sim' when the server is the simulator (default 'openalgo'). */
  readonly sourceLabel?: string;
}

type Phase = 'idle' | 'connecting' | 'authed' | 'waiting' | 'stopped';
type MutableContext = { -readonly [K in keyof ParseContext]: ParseContext[K] };

export class OpenAlgoFeed implements Feed {
  private readonly subs = new Map<string, SymbolState>();
  private readonly listeners: Array<(t: Tick) => void> = [];
  private readonly rejects: RejectLog;
  private readonly ctx: MutableContext;
  private readonly backoff: BackoffOptions;
  private readonly mode: 1 | 2 | 3;
  private ws: WebSocket | null = null;
  private gen = 0;
  private phase: Phase = 'idle';
  private attempt = 0;
  private reconnects = 0;
  private ticks = 0;
  private lastTickAt: number | null = null;
  private staleSymbols = 0;
  private openSince = -Infinity;
  private marketWasOpen = false;
  private startedAt = 0;
  private message: string | undefined;
  private pendingAcks = new Map<string, string[]>();
  private timers: { auth?: TimerHandle; ping?: TimerHandle; reconnect?: TimerHandle; watchdog?: TimerHandle } = {};
  private pingSeq = 0;
  private listenerErrors = 0;
  private startSettled: (() => void) | null = null;

  constructor(private readonly opts: OpenAlgoFeedOptions) {
    this.mode = opts.mode ?? 2;
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.rejects = new RejectLog(opts.clock, opts.logger, 'openalgo feed');
    this.ctx = {
      now: 0,
      maxFrameBytes: opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
      maxSkewMs: opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS,
      symbols: this.subs,
    };
  }

  /** Subscribes to `instruments` and connects; resolves once the first attempt is authenticated or has failed. */
  start(instruments: readonly Instrument[]): Promise<void> {
    if (this.phase !== 'idle') return Promise.reject(new Error('OpenAlgoFeed.start called twice'));
    for (const i of instruments) {
      const s = new SymbolState({ symbol: i.symbol.toUpperCase(), exchange: i.exchange });
      this.subs.set(s.key, s);
    }
    this.startedAt = this.opts.clock.now();
    const interval = this.opts.watchdogIntervalMs ?? Math.max(100, Math.min(1000, Math.floor(this.opts.staleAfterMs / 4)));
    this.timers.watchdog = this.opts.clock.setInterval(() => this.checkStaleness(), interval);
    const settled = new Promise<void>((resolve) => (this.startSettled = resolve));
    this.connect();
    return settled;
  }

  async stop(): Promise<void> {
    this.phase = 'stopped';
    this.message = 'stopped';
    if (this.timers.watchdog) this.opts.clock.clear(this.timers.watchdog);
    if (this.timers.reconnect) this.opts.clock.clear(this.timers.reconnect);
    const ws = this.ws;
    this.teardown();
    this.settleStart();
    if (ws) await closeSocket(ws);
  }

  onTick(listener: (tick: Tick) => void): void {
    this.listeners.push(listener);
  }

  health(): FeedHealth {
    const h: FeedHealth = {
      status: this.status(),
      source: this.opts.sourceLabel ?? 'openalgo',
      lastTickAt: this.lastTickAt,
      ticks: this.ticks,
      staleSymbols: this.staleSymbols,
      rejected: this.rejects.snapshot(),
      reconnects: this.reconnects,
    };
    return this.message === undefined ? h : { ...h, message: this.message };
  }

  private status(): FeedStatus {
    if (this.phase === 'connecting' || this.phase === 'idle') return 'CONNECTING';
    if (this.phase !== 'authed') return 'DOWN';
    const now = this.opts.clock.now();
    if (!this.opts.isMarketOpen(now) || this.subs.size === 0) return 'LIVE';
    const since = Math.max(this.lastTickAt ?? -Infinity, this.openSince, this.startedAt);
    return now - since >= this.opts.staleAfterMs ? 'STALE' : 'LIVE';
  }

  private connect(): void {
    const gen = ++this.gen;
    this.phase = 'connecting';
    // maxPayload well above our own limit so an oversized frame is counted, not a protocol close.
    const ws = new WebSocket(this.opts.url, { perMessageDeflate: false, maxPayload: Math.max(this.ctx.maxFrameBytes * 16, 1 << 20) });
    this.ws = ws;
    const authTimeoutMs = this.opts.authTimeoutMs ?? 30_000;
    this.timers.auth = this.opts.clock.setTimeout(() => {
      if (gen === this.gen && this.phase === 'connecting') {
        this.dropAndReconnect(`no authentication ack within ${Math.round(authTimeoutMs / 1000)} s`, false);
      }
    }, authTimeoutMs);
    ws.on('open', () => {
      if (gen === this.gen) ws.send(JSON.stringify({ action: 'authenticate', api_key: this.opts.apiKey }));
    });
    ws.on('message', (data: WebSocket.RawData) => {
      if (gen === this.gen) this.onFrame(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data));
    });
    ws.on('error', (err: Error) => {
      if (gen !== this.gen) return;
      this.message = `connection error: ${err.message}`;
      this.opts.logger.warn('openalgo feed: socket error', { error: err.message });
    });
    ws.on('close', (code: number, reason: Buffer) => {
      if (gen !== this.gen) return;
      const auth = code === 4401;
      this.opts.logger.warn('openalgo feed: connection closed', { code, reason: reason.toString() });
      this.teardown();
      this.scheduleReconnect(auth ? AUTH_FAILED_MESSAGE : `connection closed (${code})`, auth);
    });
  }

  private onFrame(raw: Buffer): void {
    const now = this.opts.clock.now();
    this.ctx.now = now;
    const r = parseFrame(raw, this.ctx);
    if (r.kind === 'tick') {
      const state = this.subs.get(r.key);
      if (state === undefined) return;
      const tick = state.merge(r.partial, now);
      this.ticks++;
      this.lastTickAt = now;
      this.attempt = 0; // data is flowing: the next failure starts the backoff from the bottom
      this.emit(tick);
      return;
    }
    this.onControl(r, now);
  }

  private onControl(r: Exclude<FrameResult, { kind: 'tick' }>, now: number): void {
    switch (r.kind) {
      case 'reject':
        this.rejects.record(r.reason, r.detail, r.key);
        return;
      case 'auth':
        if (r.ok) this.onAuthenticated(now, r.broker);
        else this.dropAndReconnect(AUTH_FAILED_MESSAGE, true);
        return;
      case 'ack':
        this.onAck(r);
        return;
      case 'error':
        this.onServerError(r.code, r.message);
        return;
      default:
        return; // pong, order updates, broker info: nothing to do
    }
  }

  private onAuthenticated(now: number, broker: string | null): void {
    if (this.timers.auth) this.opts.clock.clear(this.timers.auth);
    this.phase = 'authed';
    this.message = undefined;
    this.opts.logger.info('openalgo feed: authenticated', { broker, symbols: this.subs.size });
    // OpenAlgo keeps no subscriptions across connections: replay every one of them, in batches.
    const keys = [...this.subs.keys()];
    const size = Math.max(1, this.opts.subscribeBatchSize ?? 500);
    this.pendingAcks.clear();
    for (let i = 0; i < keys.length; i += size) {
      const batch = keys.slice(i, i + size);
      const requestId = `sub-${this.gen}-${i / size + 1}`;
      const symbols = batch.map((k) => {
        const s = this.subs.get(k) as SymbolState;
        s.subscribedAt = now;
        s.failed = false;
        return { symbol: s.instrument.symbol, exchange: s.instrument.exchange };
      });
      this.pendingAcks.set(requestId, batch);
      this.send({ action: 'subscribe', symbols, mode: this.mode, request_id: requestId });
    }
    const gen = this.gen;
    this.timers.ping = this.opts.clock.setInterval(() => {
      if (gen === this.gen) this.send({ action: 'ping', timestamp: this.opts.clock.now(), _pingId: `p${++this.pingSeq}` });
    }, this.opts.pingIntervalMs ?? 15_000);
    this.settleStart();
  }

  private onAck(r: Extract<FrameResult, { kind: 'ack' }>): void {
    if (r.action !== 'subscribe' || r.requestId === null) return;
    const batch = this.pendingAcks.get(r.requestId);
    if (batch === undefined) return;
    this.pendingAcks.delete(r.requestId);
    const failures = r.status === 'error' && r.failures.length === 0 ? batch.map((key) => ({ key, message: r.message || 'subscribe failed' })) : r.failures;
    for (const f of failures) {
      const s = this.subs.get(f.key);
      if (s) s.failed = true;
      this.rejects.record('subscribe_failed', f.message, f.key);
    }
    if (failures.length > 0) {
      this.opts.logger.warn('openalgo feed: subscriptions refused', { requestId: r.requestId, status: r.status, failed: failures.length, of: batch.length });
    }
  }

  private onServerError(code: string, message: string): void {
    this.opts.logger.warn('openalgo feed: server error', { code, message });
    if (code === 'AUTHENTICATION_ERROR') return this.dropAndReconnect(AUTH_FAILED_MESSAGE, true);
    // Before auth, a broker failure means no ticks will ever come on this connection.
    if (this.phase === 'connecting' && code.startsWith('BROKER')) return this.dropAndReconnect(`${code}: ${message}`, false);
    if (code === 'NOT_AUTHENTICATED') return this.dropAndReconnect(`${code}: ${message}`, false);
  }

  private checkStaleness(): void {
    const now = this.opts.clock.now();
    if (!this.opts.isMarketOpen(now)) {
      this.marketWasOpen = false;
      this.staleSymbols = 0;
      return;
    }
    if (!this.marketWasOpen) {
      this.marketWasOpen = true;
      this.openSince = now; // silence while the market was shut does not count
    }
    if (this.phase !== 'authed') return;
    let stale = 0;
    let active = 0;
    for (const s of this.subs.values()) {
      if (s.failed) continue;
      active++;
      if (s.isStale(now, this.opts.staleAfterMs, this.openSince)) stale++;
    }
    this.staleSymbols = stale;
    if (active > 0 && stale === active) {
      // The known OpenAlgo failure: socket open, subscriptions accepted, nothing arriving.
      this.opts.logger.warn('openalgo feed: every symbol silent, reconnecting', { symbols: active, staleAfterMs: this.opts.staleAfterMs });
      this.dropAndReconnect(`no ticks for ${Math.round(this.opts.staleAfterMs / 1000)} s on any symbol`, false);
    }
  }

  private dropAndReconnect(reason: string, authFailure: boolean): void {
    const ws = this.ws;
    this.teardown();
    if (ws) ws.terminate();
    this.scheduleReconnect(reason, authFailure);
  }

  private scheduleReconnect(reason: string, authFailure: boolean): void {
    if (this.phase === 'stopped') return;
    this.phase = 'waiting';
    this.message = authFailure ? AUTH_FAILED_MESSAGE : reason;
    // A wrong key will not fix itself: wait the longest delay rather than spin.
    const delay = authFailure ? this.backoff.maxMs : backoffDelay(this.attempt++, this.backoff, this.opts.random ?? Math.random);
    if (authFailure) this.opts.logger.error(`openalgo feed: ${AUTH_FAILED_MESSAGE}`, { retryInMs: delay });
    this.timers.reconnect = this.opts.clock.setTimeout(() => {
      if (this.phase !== 'waiting') return;
      this.reconnects++;
      this.connect();
    }, delay);
    this.settleStart();
  }

  /** Forgets the current socket: its late events are ignored (generation bump) and its timers cleared. */
  private teardown(): void {
    this.gen++;
    this.ws = null;
    this.pendingAcks.clear();
    this.staleSymbols = 0;
    for (const name of ['auth', 'ping'] as const) {
      const t = this.timers[name];
      if (t) this.opts.clock.clear(t);
      delete this.timers[name];
    }
  }

  private send(msg: unknown): void {
    const ws = this.ws;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  }

  private emit(tick: Tick): void {
    for (const l of this.listeners) {
      try {
        l(tick);
      } catch (err) {
        // A consumer bug must not take the feed down; log the first and then every 1000th.
        if (this.listenerErrors++ % 1000 === 0) this.opts.logger.error('openalgo feed: tick listener threw', { error: String(err), count: this.listenerErrors });
      }
    }
  }

  private settleStart(): void {
    const s = this.startSettled;
    this.startSettled = null;
    s?.();
  }
}

function closeSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  if (ws.readyState === WebSocket.CONNECTING) {
    ws.terminate();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    // Wall-time guard: a peer that never answers the close handshake must not hang shutdown.
    const guard = setTimeout(() => ws.terminate(), 2000);
    ws.once('close', () => {
      clearTimeout(guard);
      resolve();
    });
    ws.close(1000, 'stop');
  });
}
