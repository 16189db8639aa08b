import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatDuration,
  isIsoDate,
  istCompactDate,
  istDate,
  istInstant,
  istMidnight,
  istMinuteOfDay,
  istTime,
  istWeekday,
  isClockTime,
  parseClockTime,
} from '../../source/domain/time.js';

describe('IST time helpers', () => {
  it('maps an instant to the IST date and clock time (UTC+05:30, no DST)', () => {
    // 2026-11-20T18:30:00Z is midnight of 21 Nov in IST.
    const ms = Date.UTC(2026, 10, 20, 18, 30, 0);
    expect(istDate(ms)).toBe('2026-11-21');
    expect(istTime(ms)).toBe('00:00:00');
    expect(istDate(ms - 1)).toBe('2026-11-20');
    expect(istCompactDate(ms)).toBe('20261121');
  });

  it('round-trips a date and time through istInstant', () => {
    const ms = istInstant('2026-06-15', '09:15');
    expect(ms).toBe(Date.UTC(2026, 5, 15, 3, 45));
    expect(istTime(ms)).toBe('09:15:00');
    expect(istMinuteOfDay(ms)).toBe(9 * 60 + 15);
    expect(istMidnight(ms)).toBe(istInstant('2026-06-15'));
    expect(istInstant('2026-06-15', '15:20:30') - istInstant('2026-06-15', '15:20')).toBe(30_000);
  });

  it('is the same offset in every season (India has no daylight saving)', () => {
    for (const d of ['2026-01-15', '2026-04-01', '2026-07-01', '2026-10-30']) {
      expect(new Date(istInstant(d, '12:00')).getUTCHours()).toBe(6);
      expect(new Date(istInstant(d, '12:00')).getUTCMinutes()).toBe(30);
    }
  });

  it('rejects malformed dates and times', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(() => istInstant('2026-13-01')).toThrow(/invalid date/);
    expect(() => parseClockTime('25:00')).toThrow(/out of range/);
    expect(() => parseClockTime('9:15')).toThrow(/HH:MM/);
    expect(isClockTime('09:15')).toBe(true);
    expect(isClockTime('15:20:30')).toBe(true);
    expect(isClockTime('9:15')).toBe(false);
    expect(isClockTime('24:00')).toBe(false);
  });

  it('computes weekdays and date arithmetic', () => {
    expect(istWeekday('2026-11-21')).toBe(6); // Saturday
    expect(istWeekday('2026-11-23')).toBe(1); // Monday
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('formats countdowns', () => {
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(125_000)).toBe('2m 05s');
    expect(formatDuration(3_900_000)).toBe('1h 05m');
    expect(formatDuration(-5)).toBe('0s');
  });
});
