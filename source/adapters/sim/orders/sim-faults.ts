// Fault injection for the simulated OpenAlgo order endpoints. Tests in the same process drive a
// SimFaults object directly; out-of-process tests (kill tests, the standalone sim) POST the same
// settings to /api/v1/sim/faults. Counted faults ("the next N") are consumed one per order request.

export type Http500Phase = 'before' | 'after';
export type RateLimitScope = 'orders' | 'all';

export const DEFAULT_REJECTION_REASON = 'RMS:Margin Exceeds, Required Margin exceeds available funds (sim)';

export interface SimFaultsSnapshot {
  readonly reject_next: number;
  readonly rejection_reason: string;
  readonly delay_ms: number;
  readonly http500_before: number;
  readonly http500_after: number;
  readonly drop_next: number;
  readonly rate_limit_next: number;
  readonly rate_limit_scope: RateLimitScope;
  readonly session_expired: boolean;
  readonly analyze_mode: boolean;
  readonly feed_stalled: boolean | null;
}

export class SimFaults {
  private rejectN = 0;
  private rejectionReason = DEFAULT_REJECTION_REASON;
  private delay = 0;
  private before500 = 0;
  private after500 = 0;
  private dropN = 0;
  private rate429 = 0;
  private rateScope: RateLimitScope = 'orders';
  private expired = false;
  private analyze: boolean;
  private stallHook: ((stalled: boolean) => void) | null = null;
  private stalled = false;

  constructor(opts: { analyzeMode?: boolean } = {}) {
    this.analyze = opts.analyzeMode ?? false;
  }

  /** The next `n` accepted orders get an order id, then show `rejected` with `reason`. */
  rejectNext(n: number, reason: string = DEFAULT_REJECTION_REASON): this {
    this.rejectN = count(n);
    this.rejectionReason = reason;
    return this;
  }

  /** Every reply waits `ms` wall milliseconds; order replies wait after the order was created. */
  delayReplies(ms: number): this {
    this.delay = count(ms);
    return this;
  }

  /** HTTP 500 to the next `n` order requests, before acceptance (no order) or after it (order filled). */
  fail500Next(n: number, phase: Http500Phase): this {
    if (phase === 'before') this.before500 = count(n);
    else this.after500 = count(n);
    return this;
  }

  /** The next `n` order requests are accepted (the order is in the book), then the socket is destroyed. */
  dropNext(n: number): this {
    this.dropN = count(n);
    return this;
  }

  /** HTTP 429 to the next `n` requests (order requests only, or every request). */
  rateLimitNext(n: number, scope: RateLimitScope = 'orders'): this {
    this.rate429 = count(n);
    this.rateScope = scope;
    return this;
  }

  /** While expired every API call answers 403 "Invalid openalgo apikey" (sim/* control routes excepted). */
  expireSession(expired = true): this {
    this.expired = expired;
    return this;
  }

  setAnalyzeMode(on: boolean): this {
    this.analyze = on;
    return this;
  }

  /** Connects the feed-stall fault to the sim's WS server (`sim.ws.faults.stallFeed`). */
  attachFeedStall(hook: (stalled: boolean) => void): this {
    this.stallHook = hook;
    hook(this.stalled);
    return this;
  }

  /** Stops market data on the WS feed (sockets stay open); throws if no WS hook is attached. */
  stallFeed(stalled = true): this {
    if (!this.stallHook) throw new Error('no WS feed attached: call attachFeedStall(sim.ws.faults.stallFeed) first');
    this.stalled = stalled;
    this.stallHook(stalled);
    return this;
  }

  clear(): this {
    this.rejectN = this.delay = this.before500 = this.after500 = this.dropN = this.rate429 = 0;
    this.rejectionReason = DEFAULT_REJECTION_REASON;
    this.expired = false;
    if (this.stallHook && this.stalled) this.stallHook(false);
    this.stalled = false;
    return this;
  }

  get sessionExpired(): boolean {
    return this.expired;
  }

  get analyzeMode(): boolean {
    return this.analyze;
  }

  get delayMs(): number {
    return this.delay;
  }

  // Consumers: each returns whether the fault fires for this request and counts it down.
  takeReject(): string | null {
    if (this.rejectN <= 0) return null;
    this.rejectN -= 1;
    return this.rejectionReason;
  }

  take500(phase: Http500Phase): boolean {
    if (phase === 'before' && this.before500 > 0) return (this.before500 -= 1), true;
    if (phase === 'after' && this.after500 > 0) return (this.after500 -= 1), true;
    return false;
  }

  takeDrop(): boolean {
    if (this.dropN <= 0) return false;
    this.dropN -= 1;
    return true;
  }

  take429(isOrder: boolean): boolean {
    if (this.rate429 <= 0 || (this.rateScope === 'orders' && !isOrder)) return false;
    this.rate429 -= 1;
    return true;
  }

  snapshot(): SimFaultsSnapshot {
    return {
      reject_next: this.rejectN, rejection_reason: this.rejectionReason, delay_ms: this.delay,
      http500_before: this.before500, http500_after: this.after500, drop_next: this.dropN,
      rate_limit_next: this.rate429, rate_limit_scope: this.rateScope, session_expired: this.expired,
      analyze_mode: this.analyze, feed_stalled: this.stallHook ? this.stalled : null,
    };
  }

  /** Applies the body of POST /api/v1/sim/faults (fields as in the snapshot, plus `clear`). */
  apply(b: Record<string, unknown>): void {
    if (b.clear === true) this.clear();
    if (b.reject_next !== undefined) this.rejectNext(Number(b.reject_next), typeof b.rejection_reason === 'string' ? b.rejection_reason : DEFAULT_REJECTION_REASON);
    if (b.delay_ms !== undefined) this.delayReplies(Number(b.delay_ms));
    if (b.http500_before !== undefined) this.fail500Next(Number(b.http500_before), 'before');
    if (b.http500_after !== undefined) this.fail500Next(Number(b.http500_after), 'after');
    if (b.drop_next !== undefined) this.dropNext(Number(b.drop_next));
    if (b.rate_limit_next !== undefined) this.rateLimitNext(Number(b.rate_limit_next), b.rate_limit_scope === 'all' ? 'all' : 'orders');
    if (typeof b.session_expired === 'boolean') this.expireSession(b.session_expired);
    if (typeof b.analyze_mode === 'boolean') this.setAnalyzeMode(b.analyze_mode);
    if (typeof b.stall_feed === 'boolean') this.stallFeed(b.stall_feed);
  }
}

function count(n: number): number {
  if (!Number.isFinite(n) || n < 0) throw new Error(`fault count must be a non-negative number, got ${n}`);
  return Math.floor(n);
}
