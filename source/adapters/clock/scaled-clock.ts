// Simulated time running `speed` times faster than the wall: sim = simStart + (wall − wallStart) × speed.
// Timers are kept in clock time and scheduled on the wall at 1/speed, so an interval of 1 s of sim
// time at speed 60 fires every 16.7 wall ms, and each callback sees now() at (or just after) its due
// instant. Due timers fire in due-time order even when the event loop lags behind.
import type { Clock, TimerHandle } from '../../ports/clock.js';

interface Timer {
  readonly id: number;
  at: number;
  readonly every: number | null;
  readonly fn: () => void;
}

export interface ScaledClockOptions {
  /** Epoch ms of sim time at construction. */
  readonly simStart: number;
  /** Sim milliseconds per wall millisecond (> 0). */
  readonly speed: number;
  /** Wall time source; defaults to Date.now (injectable for tests). */
  readonly wallNow?: () => number;
}

export class ScaledClock implements Clock {
  readonly speed: number;
  private readonly simStart: number;
  private readonly wallStart: number;
  private readonly wallNow: () => number;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();
  private wake: NodeJS.Timeout | null = null;
  private wakeAt = Infinity;
  private firing = false;

  constructor(opts: ScaledClockOptions) {
    if (!(opts.speed > 0) || !Number.isFinite(opts.speed)) throw new Error(`speed must be a positive number, got ${opts.speed}`);
    this.speed = opts.speed;
    this.simStart = opts.simStart;
    this.wallNow = opts.wallNow ?? Date.now;
    this.wallStart = this.wallNow();
  }

  now(): number {
    return Math.floor(this.simStart + (this.wallNow() - this.wallStart) * this.speed);
  }

  /** Wall milliseconds until the given sim instant. */
  wallDelayUntil(simMs: number): number {
    return Math.max(0, (simMs - this.now()) / this.speed);
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, Math.max(0, ms), null);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    if (!(ms > 0)) throw new Error(`interval must be positive, got ${ms}`);
    return this.add(fn, ms, ms);
  }

  clear(handle: TimerHandle): void {
    this.timers.delete(handle.id);
    if (this.timers.size === 0) this.disarm();
  }

  /** Cancels every timer (shutdown). */
  clearAll(): void {
    this.timers.clear();
    this.disarm();
  }

  pending(): number {
    return this.timers.size;
  }

  private add(fn: () => void, ms: number, every: number | null): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { id, at: this.now() + ms, every, fn });
    this.arm();
    return { id };
  }

  private disarm(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
    this.wakeAt = Infinity;
  }

  /** Schedules one wall timer for the earliest due sim timer. */
  private arm(): void {
    if (this.firing) return;
    let next = Infinity;
    for (const t of this.timers.values()) next = Math.min(next, t.at);
    if (next === Infinity) return this.disarm();
    if (this.wake && next >= this.wakeAt) return;
    this.disarm();
    this.wakeAt = next;
    this.wake = setTimeout(() => this.fire(), Math.ceil(this.wallDelayUntil(next)));
  }

  private fire(): void {
    this.wake = null;
    this.wakeAt = Infinity;
    this.firing = true;
    try {
      // Fire everything due now, earliest first (ties in creation order); an interval that fell
      // several periods behind fires once per period so counts stay honest.
      for (let guard = 0; guard < 100_000; guard++) {
        const now = this.now();
        let due: Timer | undefined;
        for (const t of this.timers.values()) {
          if (t.at > now) continue;
          if (!due || t.at < due.at || (t.at === due.at && t.id < due.id)) due = t;
        }
        if (!due) break;
        if (due.every === null) this.timers.delete(due.id);
        else due.at += due.every;
        try {
          due.fn();
        } catch (err) {
          // A throwing callback must not stop the clock for everyone else.
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    } finally {
      this.firing = false;
      this.arm();
    }
  }
}
