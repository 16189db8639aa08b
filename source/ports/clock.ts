// The one source of time. Live uses wall time; the simulator, replay and tests use a controllable
// clock so that a whole trading day runs in seconds and every run is deterministic.

export type TimerHandle = { readonly id: number };

export interface Clock {
  /** Epoch milliseconds in the clock's timeline (which may be simulated). */
  now(): number;
  /** Runs fn once after `ms` of clock time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Runs fn every `ms` of clock time, first after `ms`. */
  setInterval(fn: () => void, ms: number): TimerHandle;
  clear(handle: TimerHandle): void;
  /** Clock-time milliseconds per wall millisecond (1 on wall time). */
  readonly speed: number;
}
