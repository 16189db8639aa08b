import { describe, expect, it } from 'vitest';
import { REPLAY_LEAD_MS, REPLAY_TAIL_MS, startReplayDriver } from '../../../source/app/engine/replay-driver.js';
import { ManualClock } from '../../../source/engine/manual-clock.js';
import { istInstant, istTime } from '../../../source/domain/time.js';

const session = (d: string) => ({ open: istInstant(d, '09:15'), close: istInstant(d, '15:30') });

describe('startReplayDriver', () => {
  it('plays each day from the lead before the open to the tail after the close, sleeping through the night', async () => {
    const days = ['2026-01-05', '2026-01-06'];
    const clock = new ManualClock(session(days[0]!).open - REPLAY_LEAD_MS);
    const seen: string[] = [];
    let scans = 0;
    clock.setInterval(() => scans++, 1_000);
    clock.setTimeout(() => seen.push(`once ${istTime(clock.now())}`), 2 * 3_600_000);
    const settled: string[] = [];
    const driver = startReplayDriver({
      clock, days, session, ready: async () => {}, settle: async () => void settled.push(istTime(clock.now())),
      onDay: (d, done, total) => seen.push(`${d} ${done}/${total} at ${istTime(clock.now())}`),
    });
    expect(await driver.done).toBe(true);
    expect(seen).toEqual(['once 11:14:00', '2026-01-05 1/2 at 15:31:00', '2026-01-06 2/2 at 15:31:00']);
    expect(settled).toEqual(['15:31:00', '15:31:00']);
    expect(clock.now()).toBe(session('2026-01-06').close + REPLAY_TAIL_MS);
    // Every second of two 6 h 17 min stretches, not the night's: day 1 from 09:14:01, day 2 from 09:14:00
    // (the night's skip leaves the interval due at the instant it woke up at, as in the backtest).
    expect(scans).toBe(2 * (6 * 3600 + 17 * 60) + 1);
  });

  it('paces the clock on the wall with a speed, and stops on request', async () => {
    const day = '2026-01-05';
    const clock = new ManualClock(session(day).open - REPLAY_LEAD_MS);
    let wall = 0;
    const sleeps: number[] = [];
    const driver = startReplayDriver({
      clock, days: [day], session, ready: async () => {}, settle: async () => {}, speed: 100,
      wall: { now: () => wall, sleep: async (ms) => { sleeps.push(ms); wall += ms; } },
    });
    while (clock.now() < session(day).open) await new Promise((r) => setImmediate(r));
    await driver.stop();
    expect(await driver.done).toBe(false);
    // 1 s of clock per slice at ×100 is 10 ms of wall each.
    expect(sleeps.length).toBeGreaterThanOrEqual(60);
    expect(new Set(sleeps)).toEqual(new Set([10]));
    const at = clock.now();
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now()).toBe(at);
  });
});
