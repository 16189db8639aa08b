// The front-end side of the wire (every front-end uses this). Clone pattern: subscribe first, ask for a
// snapshot, drop updates at or below its seq, and resync on a sequence gap, on heartbeat silence and on
// a new engineId. Requests go over a DEALER with a timeout; retries resend the same id, and the server's
// reply cache guarantees a retried command is executed at most once.
import { randomUUID } from 'node:crypto';
import * as zmq from 'zeromq';
import type { EngineEvent, EngineView } from '../../domain/view.js';
import {
  MUTATING_TYPES,
  PROTOCOL_VERSION,
  TOPICS,
  decodePub,
  decodeReply,
  decodeResult,
  encodeRequest,
  errorReply,
  peekPub,
  type EventMessage,
  type HeartbeatMessage,
  type PubHeader,
  type Reply,
  type Request,
  type RequestArgs,
  type RequestType,
  type ResultByType,
  type SnapshotResult,
} from '../../protocol/index.js';
import { signRequest } from './auth.js';
import type { ClientKeys } from './keys.js';

export type BusPhase = 'connecting' | 'syncing' | 'live' | 'lost';

export interface BusClientOptions {
  readonly pubEndpoint: string;
  readonly routerEndpoint: string;
  readonly keys: ClientKeys;
  readonly heartbeatTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** Extra attempts after the first, each with the same request id. Default 2. */
  readonly requestRetries?: number;
  /**
   * Per-attempt timeout for requests that wait for fills (flatten, flatten-all, halt). The engine waits up
   * to its flattenTimeoutMs (default 10 s of engine clock) before answering PENDING, so a shorter timeout
   * would report a slow fill as "no engine". Default SLOW_REQUEST_TIMEOUT_MS; never below requestTimeoutMs.
   */
  readonly slowRequestTimeoutMs?: number;
}

/** Engine default flatten wait (TradingEngineDeps.flattenTimeoutMs) plus room for the broker and the save. */
export const SLOW_REQUEST_TIMEOUT_MS = 20_000;
const SLOW_TYPES: ReadonlySet<RequestType> = new Set<RequestType>(['flatten', 'flatten-all', 'halt']);

/** A state whose body is decoded only when it is the newest one (see onPub). */
interface LazyState extends PubHeader {
  readonly topic: 'state';
  readonly frames: readonly (string | Uint8Array)[];
}
type Inbound = LazyState | EventMessage | HeartbeatMessage;

export interface BusClientStats {
  resyncs: number;
  gaps: number;
  restarts: number;
  badMessages: number;
  dropped: number; // at or below the snapshot's seq
  coalesced: number; // states never decoded because a newer one had arrived
}

type Listener<A extends unknown[]> = (...args: A) => void;
const MAX_BUFFER = 50_000;

export class BusClient {
  readonly stats: BusClientStats = { resyncs: 0, gaps: 0, restarts: 0, badMessages: 0, dropped: 0, coalesced: 0 };
  private _phase: BusPhase = 'connecting';
  private _lastSeq = -1;
  private _engineId: string | null = null;
  private sub: zmq.Subscriber | null = null;
  private dealer: zmq.Dealer | null = null;
  private sendChain: Promise<unknown> = Promise.resolve();
  private readonly pending = new Map<string, (reply: Reply) => void>();
  private buffer: Inbound[] = [];
  private pendingState: LazyState | null = null;
  private stateDecodeScheduled = false;
  /** seq of the newest view handed to onState (snapshot or state); older states are never delivered. */
  private stateSeq = -1;
  private syncing = false;
  private syncAgain = false;
  private lastMessageAt = 0;
  private watchdog: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly phaseL = new Set<Listener<[BusPhase]>>();
  private readonly stateL = new Set<Listener<[EngineView, number]>>();
  private readonly eventL = new Set<Listener<[EngineEvent, number]>>();
  private readonly snapL = new Set<Listener<[SnapshotResult]>>();

  constructor(private readonly opts: BusClientOptions) {}

  get phase(): BusPhase {
    return this._phase;
  }
  /** Sequence of the last applied message (or snapshot); -1 before the first snapshot. */
  get lastSeq(): number {
    return this._lastSeq;
  }
  get engineId(): string | null {
    return this._engineId;
  }

  onPhase(cb: Listener<[BusPhase]>): () => void {
    return on(this.phaseL, cb);
  }
  onState(cb: Listener<[EngineView, number]>): () => void {
    return on(this.stateL, cb);
  }
  onEvent(cb: Listener<[EngineEvent, number]>): () => void {
    return on(this.eventL, cb);
  }
  /** Every applied snapshot (first sync and each resync), with the engine's recent logs. */
  onSnapshot(cb: Listener<[SnapshotResult]>): () => void {
    return on(this.snapL, cb);
  }

  start(): void {
    this.startRequestsOnly();
    this.sub = new zmq.Subscriber({ ...this.curve(), receiveHighWaterMark: 100_000 });
    for (const t of TOPICS) this.sub.subscribe(t);
    this.sub.connect(this.opts.pubEndpoint);
    void this.readPub(this.sub);
    this.lastMessageAt = Date.now();
    const tick = Math.max(10, Math.floor(this.opts.heartbeatTimeoutMs / 4));
    this.watchdog = setInterval(() => this.checkSilence(), tick);
    void this.sync();
  }

  /** Request/reply only, no subscription: for one-shot commands and probes. Idempotent. */
  startRequestsOnly(): void {
    if (this.dealer) return;
    // immediate: a request is only queued on a completed connection, so a command the user gave up on
    // is not delivered minutes later to an engine that has just come back.
    this.dealer = new zmq.Dealer({ ...this.curve(), immediate: true, sendTimeout: this.opts.requestTimeoutMs });
    this.dealer.connect(this.opts.routerEndpoint);
    void this.readReplies(this.dealer);
  }

  private curve(): Partial<zmq.SocketOptions<zmq.Dealer>> {
    const { keys } = this.opts;
    return { curveServerKey: keys.serverPublicKey, curvePublicKey: keys.publicKey, curveSecretKey: keys.secretKey, linger: 0 };
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.sub?.close();
    this.dealer?.close();
    for (const [id, resolve] of this.pending) resolve(errorReply(id, 'unavailable', 'client stopped'));
    this.pending.clear();
  }

  /** Sends a request; resolves with the engine's reply, or a `timeout`/`unavailable` error reply. Never rejects. */
  async request<K extends RequestType>(type: K, ...rest: RequestArgs[K] extends undefined ? [] : [RequestArgs[K]]): Promise<Reply<ResultByType[K]>> {
    const args = rest[0];
    const id = randomUUID();
    if (this.stopped || !this.dealer) return errorReply(id, 'unavailable', 'client is not started');
    const secret = this.opts.keys.requestSecret;
    const auth = MUTATING_TYPES.has(type) && secret ? signRequest(secret, id, type, args, Date.now()) : undefined;
    const req: Request = { v: PROTOCOL_VERSION, id, type, ...(args !== undefined ? { args } : {}), ...(auth ? { auth } : {}) };
    const body = encodeRequest(req);
    const attempts = 1 + (this.opts.requestRetries ?? 2);
    const timeoutMs = this.timeoutFor(type);
    const answer = new Promise<Reply>((resolve) => this.pending.set(id, resolve));
    for (let i = 0; i < attempts && !this.stopped; i++) {
      const sent = await this.send(body);
      const reply = await Promise.race([answer, sleep(sent ? timeoutMs : Math.min(200, timeoutMs))]);
      if (reply) return this.checkResult(type, reply);
    }
    this.pending.delete(id);
    return errorReply(id, this.stopped ? 'unavailable' : 'timeout', `no reply from the engine at ${this.opts.routerEndpoint} after ${attempts} attempts`);
  }

  /** The per-attempt timeout for a request type. */
  timeoutFor(type: RequestType): number {
    const base = this.opts.requestTimeoutMs;
    return SLOW_TYPES.has(type) ? Math.max(base, this.opts.slowRequestTimeoutMs ?? SLOW_REQUEST_TIMEOUT_MS) : base;
  }

  private checkResult<K extends RequestType>(type: K, reply: Reply): Reply<ResultByType[K]> {
    if (!reply.ok) return reply;
    const r = decodeResult(type, reply.result);
    return r.ok ? { ...reply, result: r.value } : errorReply(reply.id, 'internal', `engine sent an invalid result: ${r.error.message}`);
  }

  private send(body: string): Promise<boolean> {
    const dealer = this.dealer!;
    const p = this.sendChain.then(() => dealer.send(body)).then(
      () => true,
      () => false, // no connected engine within the send timeout
    );
    this.sendChain = p;
    return p;
  }

  private async readReplies(dealer: zmq.Dealer): Promise<void> {
    try {
      for await (const frames of dealer) {
        const decoded = decodeReply(frames[frames.length - 1]!);
        if (!decoded.ok) {
          this.stats.badMessages++;
          continue;
        }
        const resolve = this.pending.get(decoded.value.id);
        this.pending.delete(decoded.value.id);
        resolve?.(decoded.value); // a duplicate reply to a retried id finds nothing and is dropped
      }
    } catch {
      /* socket closed */
    }
  }

  private async readPub(sub: zmq.Subscriber): Promise<void> {
    try {
      for await (const frames of sub) {
        this.lastMessageAt = Date.now();
        const head = peekPub(frames);
        if (!head.ok) {
          this.stats.badMessages++;
          continue;
        }
        const { topic, ...header } = head.value;
        const base = { v: PROTOCOL_VERSION, ...header };
        if (topic === 'state') {
          // Sequenced now, decoded later and only if still the newest: events never wait behind it.
          this.onPub({ ...base, topic, frames });
          continue;
        }
        const decoded = topic === 'hb' ? null : decodePub(frames);
        if (decoded && decoded.ok && decoded.value.topic === 'event') this.onPub(decoded.value);
        else {
          if (decoded) this.stats.badMessages++;
          // keep the sequence: a body we cannot use (bad, or a newer kind) is skipped, not mistaken for a gap
          this.onPub({ ...base, topic: 'hb' });
        }
      }
    } catch {
      /* socket closed */
    }
  }

  private onPub(msg: Inbound): void {
    if (this.syncing) {
      if (this.buffer.length >= MAX_BUFFER) {
        this.buffer = [];
        this.syncAgain = true;
      }
      this.buffer.push(msg);
      return;
    }
    if (this._phase === 'lost') {
      // messages flow again but we have not resynced yet: keep them for the snapshot that follows
      this.buffer.push(msg);
      return;
    }
    this.apply(msg);
  }

  private apply(msg: Inbound): void {
    if (msg.engineId !== this._engineId) {
      this.stats.restarts++;
      this.resync(msg);
      return;
    }
    if (msg.seq <= this._lastSeq) {
      this.stats.dropped++;
      return;
    }
    if (msg.seq !== this._lastSeq + 1) {
      this.stats.gaps++;
      this.resync(msg);
      return;
    }
    this._lastSeq = msg.seq;
    if (msg.topic === 'state') this.queueState(msg);
    else if (msg.topic === 'event') for (const cb of this.eventL) cb(msg.event, msg.seq);
  }

  /**
   * Latest wins: a state waits for the next turn of the event loop, after every message already received
   * has been handled, and is decoded only if no newer state replaced it meanwhile.
   */
  private queueState(msg: LazyState): void {
    if (this.pendingState) this.stats.coalesced++;
    this.pendingState = msg;
    if (this.stateDecodeScheduled) return;
    this.stateDecodeScheduled = true;
    setImmediate(() => {
      this.stateDecodeScheduled = false;
      const next = this.pendingState;
      this.pendingState = null;
      if (!next || this.stopped || next.engineId !== this._engineId || next.seq <= this.stateSeq) return;
      const decoded = decodePub(next.frames);
      if (!decoded.ok || decoded.value.topic !== 'state') {
        this.stats.badMessages++;
        return;
      }
      this.emitState(decoded.value.view, next.seq);
    });
  }

  private emitState(view: EngineView, seq: number): void {
    this.stateSeq = seq;
    for (const cb of this.stateL) cb(view, seq);
  }

  private resync(trigger: Inbound): void {
    this.buffer.push(trigger);
    this.setPhase('syncing');
    void this.sync();
  }

  private checkSilence(): void {
    if (this.stopped || this._phase === 'lost' || this._phase === 'connecting') return;
    if (Date.now() - this.lastMessageAt > this.opts.heartbeatTimeoutMs) {
      this.setPhase('lost');
      void this.sync();
    }
  }

  /** Requests snapshots until one applies cleanly; concurrent callers fold into the running loop. */
  private async sync(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    try {
      while (!this.stopped) {
        this.syncAgain = false;
        this.stats.resyncs++;
        const reply = await this.request('snapshot');
        if (this.stopped) return;
        if (!reply.ok) {
          if (this._phase === 'live' || this._phase === 'syncing') this.setPhase('lost');
          await sleep(Math.min(500, this.opts.requestTimeoutMs));
          continue;
        }
        if (this.applySnapshot(reply.result) && !this.syncAgain) return;
      }
    } finally {
      this.syncing = false;
    }
  }

  /** Returns false when the buffered updates show a gap right after the snapshot (sync again). */
  private applySnapshot(snap: SnapshotResult): boolean {
    this._engineId = snap.engineId;
    this._lastSeq = snap.seq;
    this.lastMessageAt = Date.now();
    if (this.pendingState && (this.pendingState.engineId !== snap.engineId || this.pendingState.seq <= snap.seq)) this.pendingState = null;
    this.stateSeq = -1; // a new snapshot (possibly of a restarted engine) always applies
    for (const cb of this.snapL) cb(snap);
    this.emitState(snap.view, snap.seq);
    const buffered = this.buffer.filter((m) => m.engineId === snap.engineId).sort((a, b) => a.seq - b.seq);
    this.buffer = [];
    for (const m of buffered) {
      if (m.seq <= this._lastSeq) {
        this.stats.dropped++;
        continue;
      }
      if (m.seq !== this._lastSeq + 1) {
        this.stats.gaps++;
        return false;
      }
      this.apply(m);
    }
    this.setPhase('live');
    return true;
  }

  private setPhase(p: BusPhase): void {
    if (p === this._phase) return;
    this._phase = p;
    for (const cb of this.phaseL) cb(p);
  }
}

function on<T>(set: Set<T>, cb: T): () => void {
  set.add(cb);
  return () => set.delete(cb);
}

/** A wait that never keeps the process alive by itself (a request that was answered leaves its timer behind). */
function sleep(ms: number): Promise<undefined> {
  return new Promise((r) => setTimeout(() => r(undefined), ms).unref());
}

/**
 * True when an algo-tui engine answers a ping on routerEndpoint within timeoutMs. Without the server's
 * public key (no key files yet) it only checks that something accepts TCP connections on that port, so a
 * caller never starts a second engine on a port that is taken.
 */
export async function probeEngine(
  endpoints: { readonly routerEndpoint: string },
  timeoutMs: number,
  keys?: Pick<ClientKeys, 'serverPublicKey'> & Partial<ClientKeys>,
): Promise<boolean> {
  if (!keys) return tcpOpen(endpoints.routerEndpoint, timeoutMs);
  const own = keys.publicKey && keys.secretKey ? { publicKey: keys.publicKey, secretKey: keys.secretKey } : zmq.curveKeyPair();
  const client = new BusClient({
    pubEndpoint: '', // not used: requests only
    routerEndpoint: endpoints.routerEndpoint,
    keys: { serverPublicKey: keys.serverPublicKey, ...own, requestSecret: null },
    heartbeatTimeoutMs: timeoutMs,
    requestTimeoutMs: timeoutMs,
    requestRetries: 0,
  });
  client.startRequestsOnly();
  try {
    return (await client.request('ping')).ok;
  } finally {
    client.stop();
  }
}

async function tcpOpen(endpoint: string, timeoutMs: number): Promise<boolean> {
  const m = /^tcp:\/\/([^:]+|\[[^\]]+\]):(\d+)$/.exec(endpoint);
  if (!m) return false;
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const sock = connect({ host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}
