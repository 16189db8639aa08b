// Client-side rate limit for OpenAlgo calls. The server counts requests per route in a moving
// window (Flask-Limiter, 10/s when unconfigured, reference/openalgo-api.md §3.1), so the client keeps
// the same kind of window a little below it: at most `limit` grants in any `windowMs` of clock time.
// Waiters are served first come, first served; timers run on the injected Clock.
import type { Clock, TimerHandle } from '../../ports/clock.js';

export class RateLimiter {
  private grants: number[] = [];
  private readonly queue: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private timer: TimerHandle | null = null;
  private closed = false;
  private granted = 0;

  constructor(
    private readonly clock: Clock,
    readonly limit: number,
    readonly windowMs = 1000,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`rate limit must be a positive integer, got ${limit}`);
    if (!(windowMs > 0)) throw new Error(`rate window must be positive, got ${windowMs}`);
  }

  /** Resolves when a call may go out; rejects if the limiter is closed first. */
  acquire(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('rate limiter closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      this.drain();
    });
  }

  /** Calls waiting for a slot. */
  waiting(): number {
    return this.queue.length;
  }

  /** Slots handed out since construction. */
  total(): number {
    return this.granted;
  }

  close(): void {
    this.closed = true;
    if (this.timer) this.clock.clear(this.timer);
    this.timer = null;
    for (const w of this.queue.splice(0)) w.reject(new Error('rate limiter closed'));
  }

  private drain(): void {
    const now = this.clock.now();
    this.grants = this.grants.filter((t) => t > now - this.windowMs);
    while (this.queue.length > 0 && this.grants.length < this.limit) {
      this.grants.push(now);
      this.granted += 1;
      this.queue.shift()?.resolve();
    }
    if (this.queue.length > 0 && this.timer === null && !this.closed) {
      // The oldest grant in the window leaves it first; that frees the next slot.
      const wait = (this.grants[0] as number) + this.windowMs - now;
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        this.drain();
      }, Math.max(1, wait));
    }
  }
}
