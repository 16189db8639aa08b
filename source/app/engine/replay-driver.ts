// Moves a manual clock through recorded days — the one day loop of both `engine --replay` and the
// backtest (app/backtest/run-backtest.ts): each day from LEAD before the open to TAIL after the close, the night slept
// through with ManualClock.skipIdle (interval timers keep their phase, their skipped runs would change
// nothing). The clock runs every timer until its promise chains settle (ManualClock.advanceTo), and
// the replay's store answers writes at once (replay-store.ts), so the engine sees the same sequence of
// ticks, timers and fills as in the backtest. Full speed advances as fast as the engine goes, in
// one-minute slices so a stop request is seen promptly; with a speed the slices are paced on the wall.
import type { IsoDate } from '../../domain/time.js';
import type { ManualClock } from '../../engine/manual-clock.js';

/** Clock time before the open at which each day starts playing (and a run's clock starts). */
export const REPLAY_LEAD_MS = 60_000;
/** Clock time played after the close: the daily bars finish at 15:30 and the last fills settle. */
export const REPLAY_TAIL_MS = 60_000;

export interface ReplayDriverOptions {
  readonly clock: ManualClock;
  readonly days: readonly IsoDate[];
  readonly session: (date: IsoDate) => { open: number; close: number };
  /** Resolves once a date's bars are read and scheduled (BarReplayFeed.ready). */
  readonly ready: (date: IsoDate) => Promise<void>;
  /** Resolves when queued state writes have landed. */
  readonly settle: () => Promise<void>;
  /** Clock ms per wall ms; undefined: as fast as the engine goes. */
  readonly speed?: number;
  readonly onDay?: (date: IsoDate, done: number, total: number) => void;
  /** Wall time and sleeping, injectable for tests of the pacing. */
  readonly wall?: { now(): number; sleep(ms: number): Promise<void> };
}

export interface ReplayDriver {
  /** Resolves when the last day has played (true) or the driver was stopped (false). */
  readonly done: Promise<boolean>;
  /** Stops after the current slice; resolves when the clock no longer moves. */
  stop(): Promise<void>;
}

const SLICE_FULL_MS = 60_000;
const SLICE_PACED_MS = 1_000;
const defaultWall = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

export function startReplayDriver(o: ReplayDriverOptions): ReplayDriver {
  let stopping = false;
  const wall = o.wall ?? defaultWall;
  const slice = o.speed === undefined ? SLICE_FULL_MS : SLICE_PACED_MS;

  const playUntil = async (end: number): Promise<boolean> => {
    const wallRef = wall.now();
    const clockRef = o.clock.now();
    while (o.clock.now() < end) {
      if (stopping) return false;
      await o.clock.advanceTo(Math.min(end, o.clock.now() + slice));
      if (o.speed !== undefined) {
        const due = wallRef + (o.clock.now() - clockRef) / o.speed;
        const wait = due - wall.now();
        if (wait > 0) await wall.sleep(wait);
      }
    }
    return true;
  };

  const run = async (): Promise<boolean> => {
    for (const [i, d] of o.days.entries()) {
      await o.ready(d);
      if (stopping) return false;
      const { open, close } = o.session(d);
      const start = open - REPLAY_LEAD_MS;
      while (o.clock.now() < start) {
        const t = o.clock.skipIdle(start);
        if (t < start) await o.clock.advanceTo(t);
      }
      if (!(await playUntil(close + REPLAY_TAIL_MS))) return false;
      await o.settle();
      o.onDay?.(d, i + 1, o.days.length);
    }
    return true;
  };

  const done = run();
  return {
    done,
    stop: async () => {
      stopping = true;
      await done.catch(() => false);
    },
  };
}
