// Keeps the engine reconciled with a broker whose books outlive the engine (OpenAlgo): once at start
// (entries wait for it, reason UNRECONCILED), again when the broker session recovers or the feed comes
// back, and while orders stay unsettled (UNKNOWN, or ACCEPTED with no update for a while — after a
// restart nothing polls an order the previous process had accepted). Policy: docs/crash-safety.md.
import type { FeedHealth } from '../../domain/view.js';
import type { Broker } from '../../ports/broker.js';
import type { Clock, TimerHandle } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { TradingEngine } from '../../engine/trading-engine.js';

export interface ReconcilerOptions {
  readonly engine: Pick<TradingEngine, 'applyBrokerBooks' | 'peek'>;
  readonly broker: Pick<Broker, 'orders' | 'positions' | 'status'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly feedHealth: () => FeedHealth;
  /** Clock ms between trigger checks and retries after a failed read (default 5 s). */
  readonly checkMs?: number;
  /** Clock ms an order may stay ACCEPTED/UNKNOWN before the books are read again (default 30 s). */
  readonly staleOrderMs?: number;
}

export interface Reconciler {
  /** Resolves after the first successful pass (never rejects; failures are retried). */
  readonly first: Promise<void>;
  /** Runs one pass now; false when the books could not be read. */
  runOnce(why: string): Promise<boolean>;
  stop(): void;
}

const OK_BROKER = new Set(['OK', 'LIVE', 'SANDBOX']);

export function startReconciler(o: ReconcilerOptions): Reconciler {
  const checkMs = o.checkMs ?? 5_000;
  const staleMs = o.staleOrderMs ?? 30_000;
  let running: Promise<boolean> | null = null;
  let done = false;
  let lastPass = -Infinity;
  let brokerOk = OK_BROKER.has(o.broker.status().status);
  // Only a LIVE → lost → LIVE cycle counts as a reconnect (the feed is still connecting at start).
  let feedLive = false;
  let feedSeenLive = false;
  let resolveFirst: () => void = () => {};
  const first = new Promise<void>((r) => (resolveFirst = r));

  const pass = async (why: string): Promise<boolean> => {
    const readAt = o.clock.now();
    try {
      const orders = await o.broker.orders();
      const positions = await o.broker.positions();
      const out = o.engine.applyBrokerBooks({ orders, positions, readAt });
      lastPass = o.clock.now();
      const n = out.orders.length + out.positions.length;
      o.logger[n > 0 ? 'warn' : 'info'](`reconciliation (${why}): ${out.orders.length} order and ${out.positions.length} position correction(s), ${out.unresolved.length} unresolved, ${out.unmanaged.length} unmanaged`);
      if (!done) {
        done = true;
        resolveFirst();
      }
      return true;
    } catch (err) {
      o.logger.warn(`reconciliation (${why}) could not read the broker's books: ${err instanceof Error ? err.message : String(err)}; retrying${done ? '' : ' (entries stay blocked)'}`);
      return false;
    }
  };

  const runOnce = (why: string): Promise<boolean> => {
    if (running) return running;
    running = pass(why).finally(() => (running = null));
    return running;
  };

  const needsPass = (now: number): string | null => {
    if (!done) return 'start (retry)';
    const st = o.engine.peek();
    const unsettled = st.orders.some((x) => x.status === 'UNKNOWN' || (x.status === 'ACCEPTED' && now - x.updatedAt >= staleMs));
    if (unsettled && now - lastPass >= staleMs) return 'unsettled orders';
    return null;
  };

  const timer: TimerHandle = o.clock.setInterval(() => {
    const okNow = OK_BROKER.has(o.broker.status().status);
    const liveNow = o.feedHealth().status === 'LIVE';
    let why = needsPass(o.clock.now());
    if (okNow && !brokerOk) why = 'broker session recovered';
    else if (liveNow && !feedLive && feedSeenLive) why = 'feed reconnected';
    if (liveNow) feedSeenLive = true;
    brokerOk = okNow;
    feedLive = liveNow;
    if (why && !running) void runOnce(why);
  }, checkMs);

  void runOnce('start');
  return { first, runOnce, stop: () => o.clock.clear(timer) };
}
