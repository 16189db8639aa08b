import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../source/engine/manual-clock.js';

describe('ManualClock', () => {
  it('fires timers in time order with the clock set to each due instant', async () => {
    const clock = new ManualClock(1_000);
    const seen: Array<[string, number]> = [];
    clock.setInterval(() => seen.push(['every-2s', clock.now()]), 2_000);
    clock.setTimeout(() => seen.push(['once-3s', clock.now()]), 3_000);
    await clock.advance(5_000);
    expect(seen).toEqual([
      ['every-2s', 3_000],
      ['once-3s', 4_000],
      ['every-2s', 5_000],
    ]);
    expect(clock.now()).toBe(6_000);
  });

  it('lets async work started by a timer settle before the next timer', async () => {
    const clock = new ManualClock(0);
    const order: string[] = [];
    clock.setTimeout(() => {
      void (async () => {
        await Promise.resolve();
        await Promise.resolve();
        order.push('async-done');
      })();
    }, 10);
    clock.setTimeout(() => order.push('second'), 20);
    await clock.advance(30);
    expect(order).toEqual(['async-done', 'second']);
  });

  it('clears timers and never runs backwards', async () => {
    const clock = new ManualClock(0);
    let n = 0;
    const h = clock.setInterval(() => n++, 100);
    await clock.advance(250);
    clock.clear(h);
    await clock.advance(1_000);
    expect(n).toBe(2);
    await expect(clock.advanceTo(10)).rejects.toThrow(/backwards/);
  });
});
