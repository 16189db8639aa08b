// The engine side of the wire: a PUB socket (state coalesced to maxStateHz, events at once, heartbeats)
// and a ROUTER socket answering requests. Both are CURVE servers; mutating requests also need an HMAC
// (see auth.ts and docs/protocol.md). Any bad request gets an error reply and leaves the engine untouched.
import { randomBytes } from 'node:crypto';
import * as zmq from 'zeromq';
import type { EngineEvent, EngineView } from '../../domain/view.js';
import type { Clock, TimerHandle } from '../../ports/clock.js';
import type { ControlResult, EngineControl } from '../../ports/control.js';
import type { Logger } from '../../ports/logger.js';
import type { Publisher } from '../../ports/publisher.js';
import {
  MAX_WATCH_ROWS,
  MUTATING_TYPES,
  PROTOCOL_VERSION,
  decodeRequest,
  encodePub,
  encodeReply,
  errorReply,
  okReply,
  type PubMessage,
  type Reply,
  type ValidRequest,
  viewForWire,
} from '../../protocol/index.js';
import { DEFAULT_REPLAY_WINDOW_MS, verifyRequest } from './auth.js';
import type { ServerKeys } from './keys.js';
import { ReplyCache } from './reply-cache.js';
import { SendQueue } from './send-queue.js';
import { wallClock } from './wall-clock.js';

export interface BusServerOptions {
  readonly pubEndpoint: string;
  readonly routerEndpoint: string;
  readonly control: EngineControl;
  readonly keys: ServerKeys;
  readonly logger: Logger;
  readonly maxStateHz: number;
  readonly heartbeatMs: number;
  /** Schedules coalescing and heartbeats and stamps `ts`; defaults to wall time. */
  readonly clock?: Clock;
  /** Wall time for the auth replay window (always wall time: it is shared with other processes). */
  readonly wallNow?: () => number;
  readonly replayWindowMs?: number;
  /** Watchlist rows per state/snapshot (held and advanced setups first); default MAX_WATCH_ROWS (200). */
  readonly maxWatchRows?: number;
}

export interface BusServerStats {
  published: { state: number; event: number; hb: number };
  requests: number;
  badRequests: number;
  unauthorized: number;
}

function isAddressInUse(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; message?: string };
  return err.code === 'EADDRINUSE' || /address already in use/i.test(err.message ?? '');
}

async function bindOrExplain(socket: zmq.Socket, endpoint: string, role: string): Promise<void> {
  try {
    await socket.bind(endpoint);
  } catch (e) {
    if (isAddressInUse(e)) {
      throw new Error(
        `bus ${role} endpoint ${endpoint} is already in use: another algo-tui engine is probably running ` +
          `(check with 'algo-tui status'), or set bus.${role === 'PUB' ? 'pubEndpoint' : 'routerEndpoint'} in the config to a free port`,
      );
    }
    throw new Error(`bus ${role} cannot bind ${endpoint}: ${(e as Error).message}`);
  }
}

export class BusServer implements Publisher {
  readonly engineId = randomBytes(8).toString('hex');
  readonly stats: BusServerStats = { published: { state: 0, event: 0, hb: 0 }, requests: 0, badRequests: 0, unauthorized: 0 };
  private seq = 0;
  private pendingView: EngineView | null = null;
  private stateTimer: TimerHandle | null = null;
  private lastStateAt = -Infinity;
  private readonly hbTimer: TimerHandle;
  private readonly pubQueue: SendQueue;
  private readonly routerQueue: SendQueue;
  private readonly cache = new ReplyCache();
  private readonly clock: Clock;
  private readonly loop: Promise<void>;
  private closed = false;
  private readonly endpoints: { readonly pub: string; readonly router: string };

  private constructor(
    private readonly opts: BusServerOptions,
    private readonly pub: zmq.Publisher,
    private readonly router: zmq.Router,
  ) {
    this.clock = opts.clock ?? wallClock();
    this.endpoints = { pub: pub.lastEndpoint ?? opts.pubEndpoint, router: router.lastEndpoint ?? opts.routerEndpoint };
    const onError = (e: unknown) => opts.logger.warn('bus send failed', { error: String(e) });
    this.pubQueue = new SendQueue(pub, onError);
    this.routerQueue = new SendQueue(router, onError);
    this.hbTimer = this.clock.setInterval(() => this.publish({ topic: 'hb' }), opts.heartbeatMs);
    this.loop = this.serve();
  }

  static async start(opts: BusServerOptions): Promise<BusServer> {
    if (!(opts.maxStateHz > 0)) throw new Error(`bus.maxStateHz must be > 0, got ${opts.maxStateHz}`);
    if (!(opts.heartbeatMs > 0)) throw new Error(`bus.heartbeatMs must be > 0, got ${opts.heartbeatMs}`);
    if (opts.maxWatchRows !== undefined && !(Number.isInteger(opts.maxWatchRows) && opts.maxWatchRows >= 0)) {
      throw new Error(`bus maxWatchRows must be an integer ≥ 0, got ${opts.maxWatchRows}`);
    }
    const curve = { curveServer: true, curveSecretKey: opts.keys.serverSecretKey, linger: 0 };
    const pub = new zmq.Publisher({ ...curve, sendHighWaterMark: 10_000 });
    const router = new zmq.Router({ ...curve });
    try {
      await bindOrExplain(pub, opts.pubEndpoint, 'PUB');
      await bindOrExplain(router, opts.routerEndpoint, 'ROUTER');
    } catch (e) {
      pub.close();
      router.close();
      throw e;
    }
    const server = new BusServer(opts, pub, router);
    opts.logger.info('bus listening', { pub: server.pubEndpoint, router: server.routerEndpoint, engineId: server.engineId });
    return server;
  }

  /** The bound endpoints (with the real port when bound to port 0). */
  get pubEndpoint(): string {
    return this.endpoints.pub;
  }
  get routerEndpoint(): string {
    return this.endpoints.router;
  }
  get lastSeq(): number {
    return this.seq;
  }

  state(view: EngineView): void {
    if (this.closed) return;
    this.pendingView = view;
    if (this.stateTimer) return; // already scheduled: latest wins
    const minGap = 1000 / this.opts.maxStateHz;
    const wait = this.lastStateAt + minGap - this.clock.now();
    if (wait <= 0) this.flushState();
    else this.stateTimer = this.clock.setTimeout(() => this.flushState(), wait);
  }

  event(e: EngineEvent): void {
    if (this.closed) return;
    this.publish({ topic: 'event', event: e });
  }

  /** Test hook: consume a sequence number without publishing, as if a message were lost. */
  skipSeqForTest(): void {
    this.seq++;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clock.clear(this.hbTimer);
    if (this.stateTimer) this.clock.clear(this.stateTimer);
    this.pubQueue.close();
    this.routerQueue.close();
    this.pub.close();
    this.router.close();
    await this.loop;
  }

  private flushState(): void {
    this.stateTimer = null;
    const view = this.pendingView;
    if (!view || this.closed) return;
    this.pendingView = null;
    this.lastStateAt = this.clock.now();
    this.publish({ topic: 'state', view: this.wireView(view) });
  }

  private wireView(view: EngineView): EngineView {
    return viewForWire(view, this.opts.maxWatchRows ?? MAX_WATCH_ROWS);
  }

  private publish(body: { topic: 'state'; view: EngineView } | { topic: 'event'; event: EngineEvent } | { topic: 'hb' }): void {
    if (this.closed) return;
    const msg = { ...body, v: PROTOCOL_VERSION, seq: ++this.seq, ts: this.clock.now(), engineId: this.engineId } as PubMessage;
    this.stats.published[body.topic]++;
    this.pubQueue.push(encodePub(msg));
  }

  private async serve(): Promise<void> {
    try {
      for await (const frames of this.router) {
        // DEALER clients send [body]; REQ clients send ['', body]. Reply with the same envelope.
        const [rid, ...rest] = frames;
        if (!rid) continue;
        const delimited = rest.length === 2 && rest[0]!.length === 0;
        const body = delimited ? rest[1]! : rest.length === 1 ? rest[0]! : null;
        const send = (reply: Reply) => this.routerQueue.push(delimited ? [rid, '', encodeReply(reply)] : [rid, encodeReply(reply)]);
        if (!body) {
          this.stats.badRequests++;
          send(errorReply('', 'bad_request', `expected one body frame, got ${rest.length} frames`));
          continue;
        }
        void this.handle(body).then(send);
      }
    } catch (e) {
      if (!this.closed) this.opts.logger.error('bus request loop stopped', { error: String(e) });
    }
  }

  /** Answers one raw request. Never throws; exported behaviour is covered by the bus-server tests. */
  async handle(raw: Buffer | string): Promise<Reply> {
    this.stats.requests++;
    const decoded = decodeRequest(raw);
    if (!decoded.ok) {
      this.stats.badRequests++;
      this.opts.logger.warn('bus: bad request', { code: decoded.error.code, problem: decoded.error.message });
      return errorReply(decoded.id ?? '', decoded.error.code, decoded.error.message);
    }
    const req = decoded.value;
    if (!MUTATING_TYPES.has(req.type)) return this.readOnly(req);

    const check = verifyRequest(this.opts.keys.requestSecret, req, (this.opts.wallNow ?? Date.now)(), this.opts.replayWindowMs ?? DEFAULT_REPLAY_WINDOW_MS);
    if (!check.ok) {
      this.stats.unauthorized++;
      this.opts.logger.warn('bus: unauthorized request refused', { type: req.type, id: req.id, reason: check.reason });
      return errorReply(req.id, 'unauthorized', check.reason);
    }
    const cached = this.cache.get(req.id);
    if (cached) {
      if (cached.type !== req.type) return errorReply(req.id, 'bad_request', `request id ${req.id} was already used for ${cached.type}`);
      return cached.reply;
    }
    const reply = this.execute(req);
    this.cache.set(req.id, req.type, reply);
    return reply;
  }

  private readOnly(req: ValidRequest): Reply {
    if (req.type === 'ping') return okReply(req.id, { pong: true, engineId: this.engineId, seq: this.seq, pid: process.pid });
    try {
      const view = this.opts.control.view();
      // A coalesced state still waiting would be older than this view; send this one in its place.
      if (this.pendingView) this.pendingView = view;
      return okReply(req.id, { seq: this.seq, engineId: this.engineId, view: this.wireView(view), logs: this.opts.control.recentLogs() });
    } catch (e) {
      return errorReply(req.id, 'internal', `snapshot failed: ${(e as Error).message}`);
    }
  }

  private async execute(req: ValidRequest): Promise<Reply> {
    const c = this.opts.control;
    this.opts.logger.info('bus: command', { type: req.type, id: req.id, args: req.args });
    let result: ControlResult;
    try {
      switch (req.type) {
        case 'flatten':
          result = await c.flatten(req.args.symbol);
          break;
        case 'flatten-all':
          result = await c.flattenAll();
          break;
        case 'halt':
          result = await c.halt();
          break;
        case 'pause':
          result = await c.pause();
          break;
        case 'resume':
          result = await c.resume();
          break;
        case 'set-log-level':
          result = c.setLogLevel(req.args.level);
          break;
        default:
          return errorReply(req.id, 'unknown_type', `unknown request type ${req.type}`);
      }
    } catch (e) {
      this.opts.logger.error('bus: command failed', { type: req.type, error: String(e) });
      return errorReply(req.id, 'internal', `${req.type} failed: ${(e as Error).message}`);
    }
    if (!result.ok) return errorReply(req.id, 'refused', result.error);
    return okReply(req.id, result.closed ? { message: result.message, closed: result.closed } : { message: result.message });
  }
}
