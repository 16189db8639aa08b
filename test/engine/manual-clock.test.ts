import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../source/engine/manual-clock.js';

describe('ManualClock', () => {
  it('reports the pace it is given (a watched replay) and otherwise 1, moving only when told', async () => {
    expect(new ManualClock(0).speed).toBe(1);
    const paced = new ManualClock(1_000, { speed: 60 });
    expect(paced.speed).toBe(60);
    expect(paced.now()).toBe(1_000);
    await paced.advance(500);
    expect(paced.now()).toBe(1_500);
  });

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

  describe('with an activity counter', () => {
    // Async work several microtask turns deep (a store write after a save chain, a paper fill).
    const deep = async (log: string[], what: string): Promise<void> => {
      for (let i = 0; i < 12; i++) await Promise.resolve();
      log.push(what);
    };

    it('settles after a timer that moved the counter, as without one', async () => {
      let n = 0;
      const clock = new ManualClock(0, { activity: () => n });
      const log: string[] = [];
      clock.setTimeout(() => {
        n++;
        void deep(log, 'async of A');
      }, 1_000);
      clock.setTimeout(() => log.push(`B at ${clock.now()}`), 1_000);
      await clock.advance(2_000);
      expect(log).toEqual(['async of A', 'B at 1000']);
    });

    it('runs the next timer at once after one that did not move it', async () => {
      const clock = new ManualClock(0, { activity: () => 0 });
      const log: string[] = [];
      clock.setTimeout(() => void deep(log, 'async of A'), 1_000);
      clock.setTimeout(() => log.push(`B at ${clock.now()}`), 1_000);
      await clock.advance(2_000);
      // The counter claimed nothing was queued: B ran before A's work settled (the counter's contract).
      expect(log[0]).toBe('B at 1000');
    });

    it('fires the same timers at the same instants as a clock without one', async () => {
      const run = async (clock: ManualClock): Promise<Array<[string, number]>> => {
        const seen: Array<[string, number]> = [];
        clock.setInterval(() => seen.push(['1s', clock.now()]), 1_000);
        clock.setInterval(() => seen.push(['2s', clock.now()]), 2_000);
        clock.setTimeout(() => seen.push(['once', clock.now()]), 3_000);
        await clock.advance(5_500);
        return seen;
      };
      expect(await run(new ManualClock(0, { activity: () => 0 }))).toEqual(await run(new ManualClock(0)));
    });
  });
});
