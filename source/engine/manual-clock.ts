// A clock that moves only when told to: tests and simulated days run on it deterministically.
import type { Clock, TimerHandle } from '../ports/clock.js';

interface Timer {
  id: number;
  at: number;
  every: number | null;
  fn: () => void;
}

export interface ManualClockOptions {
  /**
   * A counter that moves whenever asynchronous work may have been queued (a promise created or settled),
   * e.g. from node:v8 promiseHooks. When it has not moved across a timer body, that body queued nothing,
   * so the flush after it (microtask turns and a macrotask turn, ~3 µs) is skipped: the next timer runs
   * exactly as it would have. When it moved, the usual full flush runs. Without it, every timer flushes.
   */
  readonly activity?: () => number;
  /**
   * What `speed` reports (clock ms per wall ms) when something outside paces this clock against the wall,
   * as a watched replay does; the clock itself still moves only when told. Default 1.
   */
  readonly speed?: number;
}

export class ManualClock implements Clock {
  readonly speed: number;
  private t: number;
  private seq = 0;
  private timers = new Map<number, Timer>();
  private readonly activity: (() => number) | undefined;

  constructor(startMs: number, options: ManualClockOptions = {}) {
    this.t = startMs;
    this.activity = options.activity;
    this.speed = options.speed ?? 1;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, null);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    if (!(ms > 0)) throw new Error(`interval must be positive, got ${ms}`);
    return this.add(fn, ms, ms);
  }

  clear(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  /** Number of timers still scheduled. */
  pending(): number {
    return this.timers.size;
  }

  /**
   * Moves time forward by `ms`, firing every due timer in time order (ties in creation order),
   * with the clock set to each timer's due instant while it runs. Awaits microtasks between timers so
   * that async work started by one timer (a paper fill, a store write) settles before the next (with an
   * `activity` counter, only after timers that queued any).
   */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.t + ms);
  }

  async advanceTo(target: number): Promise<void> {
    if (target < this.t) throw new Error('a clock never goes backwards');
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.t = next.at;
      if (next.every === null) this.timers.delete(next.id);
      else next.at += next.every;
      const probe = this.activity;
      if (probe === undefined) {
        next.fn();
        await flushMicrotasks();
        continue;
      }
      const before = probe();
      next.fn();
      if (probe() !== before) await flushMicrotasks();
    }
    this.t = target;
    await flushMicrotasks();
  }

  /**
   * Jumps toward `target` like a clock sleeping through idle time (a backtest's nights): interval timers
   * due on the way do not run and are moved to their first due instant at or after the point reached,
   * keeping their phase; a one-shot timer due on the way stops the jump at its instant (it fires on the
   * next advance). Only for stretches where the skipped interval bodies would change nothing.
   * Returns the time reached.
   */
  skipIdle(target: number): number {
    if (target < this.t) throw new Error('a clock never goes backwards');
    let stop = target;
    for (const tm of this.timers.values()) if (tm.every === null && tm.at < stop) stop = Math.max(this.t, tm.at);
    for (const tm of this.timers.values()) {
      if (tm.every !== null && tm.at < stop) tm.at += Math.ceil((stop - tm.at) / tm.every) * tm.every;
    }
    this.t = stop;
    return stop;
  }

  /** Sets the time without firing timers (for tests of restart-like jumps); timers left behind fire on the next advance. */
  set(ms: number): void {
    this.t = ms;
  }

  private nextDue(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const tm of this.timers.values()) {
      if (tm.at > limit) continue;
      if (!best || tm.at < best.at || (tm.at === best.at && tm.id < best.id)) best = tm;
    }
    return best;
  }

  private add(fn: () => void, ms: number, every: number | null): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { id, at: this.t + Math.max(0, ms), every, fn });
    return { id };
  }
}

async function flushMicrotasks(): Promise<void> {
  // A few turns of the microtask queue let promise chains of several awaits finish.
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}
