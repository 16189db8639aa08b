import { describe, expect, it } from 'vitest';
import { appendPoint, emptySeries, lastValue, seriesFrom, valueAt } from '../../source/dashboard/series.js';

describe('bounded series', () => {
  it('keeps the newest value of a bucket and ignores values from the past', () => {
    let s = emptySeries(10, 1000);
    s = appendPoint(s, 0, 1);
    s = appendPoint(s, 500, 2);
    s = appendPoint(s, 1500, 3);
    s = appendPoint(s, 1200, 99); // older than the newest point
    expect(s.points).toEqual([{ t: 0, v: 2 }, { t: 1500, v: 3 }]);
    expect(appendPoint(s, 2000, Number.NaN)).toBe(s);
    expect(lastValue(s)).toBe(3);
  });

  it('stays within its cap for a whole day by doubling the step, and keeps the latest value', () => {
    let s = emptySeries(100, 1000);
    const day = 6.25 * 3600 * 1000;
    for (let t = 0; t <= day; t += 500) s = appendPoint(s, t, t / 1000);
    expect(s.points.length).toBeLessThanOrEqual(100);
    expect(s.points.length).toBeGreaterThan(40);
    expect(s.stepMs).toBeGreaterThan(1000);
    expect(lastValue(s)).toBe(day / 1000);
    expect(s.points[0]!.t).toBe(0);
    for (let i = 1; i < s.points.length; i++) expect(s.points[i]!.t).toBeGreaterThan(s.points[i - 1]!.t);
  });

  it('reads as a step function and builds from unsorted points', () => {
    const s = seriesFrom([{ t: 20_000, v: 3 }, { t: 0, v: 1 }, { t: 10_000, v: 2 }]);
    expect(valueAt(s, -1)).toBeNull();
    expect(valueAt(s, 0)).toBe(1);
    expect(valueAt(s, 15_000)).toBe(2);
    expect(valueAt(s, 99_000)).toBe(3);
  });

  it('refuses a nonsense cap or step', () => {
    expect(() => emptySeries(2)).toThrow(/cap/);
    expect(() => emptySeries(10, 0)).toThrow(/step/);
  });
});
