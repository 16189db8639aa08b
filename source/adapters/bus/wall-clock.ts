// Wall-time Clock for the bus when the engine does not pass its own (adapters may read the wall clock).
import type { Clock, TimerHandle } from '../../ports/clock.js';

export function wallClock(): Clock {
  let next = 1;
  const timers = new Map<number, NodeJS.Timeout>();
  const track = (t: NodeJS.Timeout): TimerHandle => {
    const id = next++;
    timers.set(id, t);
    return { id };
  };
  return {
    speed: 1,
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const handle = track(
        setTimeout(() => {
          timers.delete(handle.id);
          fn();
        }, ms),
      );
      return handle;
    },
    setInterval: (fn, ms) => track(setInterval(fn, ms)),
    clear(handle) {
      const t = timers.get(handle.id);
      if (t) clearTimeout(t);
      timers.delete(handle.id);
    },
  };
}
