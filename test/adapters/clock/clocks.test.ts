import { describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../source/adapters/clock/scaled-clock.js';
import { WallClock } from '../../../source/adapters/clock/wall-clock.js';

const until = async (cond: () => boolean): Promise<void> => {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
};

describe('ScaledClock', () => {
  it('maps wall time to sim time as simStart + elapsed × speed', () => {
    let wall = 1_000;
    const clock = new ScaledClock({ simStart: 50_000, speed: 60, wallNow: () => wall });
    expect(clock.now()).toBe(50_000);
    wall = 1_500;
    expect(clock.now()).toBe(50_000 + 500 * 60);
    expect(clock.speed).toBe(60);
    expect(clock.wallDelayUntil(50_000 + 500 * 60 + 6_000)).toBe(100);
    expect(() => new ScaledClock({ simStart: 0, speed: 0 })).toThrow(/speed/);
  });

  it('fires an interval at the scaled rate, each callback at or after its sim due time', async () => {
    const clock = new ScaledClock({ simStart: 1_000_000, speed: 500 });
    const start = clock.now();
    const fired: number[] = [];
    const h = clock.setInterval(() => fired.push(clock.now()), 1_000);
    await until(() => fired.length >= 8);
    clock.clear(h);
    fired.slice(0, 8).forEach((t, i) => expect(t).toBeGreaterThanOrEqual(start + (i + 1) * 1_000));
    for (let i = 1; i < fired.length; i++) expect(fired[i]).toBeGreaterThanOrEqual(fired[i - 1] as number);
    // 8 sim seconds passed at speed 500, so only a few hundredths of the time of a wall clock.
    expect(clock.pending()).toBe(0);
  });

  it('fires timers in due-time order and honours clear()', async () => {
    // Wall time is frozen while the timers are set, so at 1000x a slow statement cannot shift them.
    let frozen: number | null = Date.now();
    const clock = new ScaledClock({ simStart: 0, speed: 1_000, wallNow: () => frozen ?? Date.now() });
    const order: string[] = [];
    clock.setTimeout(() => order.push('5s'), 5_000);
    clock.setTimeout(() => order.push('2s'), 2_000);
    const cancelled = clock.setTimeout(() => order.push('3s'), 3_000);
    clock.setTimeout(() => order.push('0'), 0);
    clock.clear(cancelled);
    frozen = null;
    await until(() => order.length >= 3);
    expect(order).toEqual(['0', '2s', '5s']);
    expect(clock.now()).toBeGreaterThanOrEqual(5_000);
  });

  it('lets a callback schedule more timers and survives a throwing callback', async () => {
    const clock = new ScaledClock({ simStart: 0, speed: 1_000 });
    const seen: number[] = [];
    clock.setTimeout(() => {
      seen.push(1);
      clock.setTimeout(() => seen.push(2), 1_000);
    }, 1_000);
    const errors: unknown[] = [];
    const onErr = (e: unknown): void => void errors.push(e);
    process.on('uncaughtException', onErr);
    clock.setTimeout(() => {
      throw new Error('boom');
    }, 500);
    await until(() => seen.length >= 2);
    process.off('uncaughtException', onErr);
    expect(seen).toEqual([1, 2]);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  });
});

describe('WallClock', () => {
  it('runs timers on real time and clears them', async () => {
    const clock = new WallClock();
    expect(clock.speed).toBe(1);
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1_000);
    const seen: string[] = [];
    const cancelled = clock.setTimeout(() => seen.push('cancelled'), 1);
    clock.clear(cancelled);
    clock.setTimeout(() => seen.push('once'), 1);
    let ticks = 0;
    const h = clock.setInterval(() => void ticks++, 2);
    await until(() => seen.length === 1 && ticks >= 3);
    clock.clear(h);
    expect(seen).toEqual(['once']);
  });
});
