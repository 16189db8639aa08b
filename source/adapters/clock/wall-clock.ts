// The Clock port on real time: live trading runs on this.
import type { Clock, TimerHandle } from '../../ports/clock.js';

export class WallClock implements Clock {
  readonly speed = 1;
  private seq = 0;
  private readonly timers = new Map<number, NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, Math.max(0, ms)));
    return { id };
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    if (!(ms > 0)) throw new Error(`interval must be positive, got ${ms}`);
    const id = ++this.seq;
    this.timers.set(id, setInterval(fn, ms));
    return { id };
  }

  clear(handle: TimerHandle): void {
    const t = this.timers.get(handle.id);
    if (t === undefined) return;
    clearTimeout(t);
    clearInterval(t);
    this.timers.delete(handle.id);
  }

  /** Cancels every timer (shutdown). */
  clearAll(): void {
    for (const id of [...this.timers.keys()]) this.clear({ id });
  }
}
