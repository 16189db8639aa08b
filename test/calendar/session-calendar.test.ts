import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSessionCalendar, mergeHolidayOverride, type HolidayData } from '../../source/calendar/index.js';
import { istInstant } from '../../source/domain/time.js';

const data = JSON.parse(readFileSync(new URL('../../config/holidays.json', import.meta.url), 'utf8')) as HolidayData;
const hours = { preOpen: '09:00', open: '09:15', close: '15:30', tradingStart: '09:20', tradingEnd: '15:20' };
const cal = createSessionCalendar(data, hours);
const at = (date: string, time: string, ms = 0): number => istInstant(date, time) + ms;

describe('market phase at boundary instants (Mon 2026-01-05)', () => {
  const d = '2026-01-05';
  it.each([
    ['08:59:59', 999, 'CLOSED'],
    ['09:00:00', 0, 'PRE_OPEN'],
    ['09:14:59', 999, 'PRE_OPEN'],
    ['09:15:00', 0, 'OPEN'],
    ['15:29:59', 0, 'OPEN'],
    ['15:29:59', 999, 'OPEN'],
    ['15:30:00', 0, 'CLOSED'],
    ['23:59:59', 999, 'CLOSED'],
  ])('%s+%ims is %s', (time, ms, phase) => {
    expect(cal.phaseAt(at(d, time, ms))).toBe(phase);
  });

  it('trading window is [09:20, 15:20)', () => {
    expect(cal.inTradingWindow(at(d, '09:19:59', 999))).toBe(false);
    expect(cal.inTradingWindow(at(d, '09:20'))).toBe(true);
    expect(cal.inTradingWindow(at(d, '15:19:59', 999))).toBe(true);
    expect(cal.inTradingWindow(at(d, '15:20'))).toBe(false);
  });

  it('sessionTimes gives epoch ms of every boundary', () => {
    expect(cal.sessionTimes(d)).toEqual({
      date: d,
      preOpen: at(d, '09:00'),
      open: at(d, '09:15'),
      close: at(d, '15:30'),
      tradingStart: at(d, '09:20'),
      tradingEnd: at(d, '15:20'),
      special: null,
    });
  });
});

describe('weekends', () => {
  it('Saturday and Sunday are closed all day', () => {
    for (const d of ['2026-01-03', '2026-01-04']) {
      expect(cal.isTradingDay(d)).toBe(false);
      expect(cal.phaseAt(at(d, '10:00'))).toBe('CLOSED');
      expect(cal.inTradingWindow(at(d, '10:00'))).toBe(false);
      expect(cal.sessionTimes(d)).toBeNull();
    }
  });
  it('counters of a weekend belong to Friday', () => {
    expect(cal.tradingDate(at('2026-01-04', '12:00'))).toBe('2026-01-02');
    expect(cal.tradingDate(at('2026-01-05', '00:00'))).toBe('2026-01-05');
  });
});

describe('2026 holidays', () => {
  const holidays2026 = [
    '2026-01-15', '2026-01-26', '2026-03-03', '2026-03-26', '2026-03-31', '2026-04-03', '2026-04-14', '2026-05-01',
    '2026-05-28', '2026-06-26', '2026-09-14', '2026-10-02', '2026-10-20', '2026-11-10', '2026-11-24', '2026-12-25',
  ];
  it.each(holidays2026)('%s is closed with a name', (d) => {
    expect(cal.isTradingDay(d)).toBe(false);
    expect(cal.phaseAt(at(d, '11:00'))).toBe('CLOSED');
    expect(cal.holidayName(d)).toMatch(/\w/);
  });
  it('the day before and after a midweek holiday trade', () => {
    expect(cal.isTradingDay('2026-03-02')).toBe(true);
    expect(cal.isTradingDay('2026-03-04')).toBe(true);
  });
  it('2026 has exactly 16 weekday holidays in the data', () => {
    expect(data.holidays.filter((h) => h.date.startsWith('2026-')).map((h) => h.date)).toEqual(holidays2026);
  });
});

describe('next/previous trading day and next open', () => {
  it('Good Friday 2026 makes a long weekend: Thu close → Mon open', () => {
    expect(cal.nextTradingDay('2026-04-02')).toBe('2026-04-06');
    expect(cal.nextSessionOpen(at('2026-04-02', '15:30'))).toBe(at('2026-04-06', '09:15'));
    expect(cal.previousTradingDay('2026-04-06')).toBe('2026-04-02');
  });
  it('Republic Day Monday: Friday evening → Tuesday', () => {
    expect(cal.nextSessionOpen(at('2026-01-23', '18:00'))).toBe(at('2026-01-27', '09:15'));
  });
  it('in pre-open the next open is today; once open it is the next day', () => {
    expect(cal.nextSessionOpen(at('2026-01-05', '09:05'))).toBe(at('2026-01-05', '09:15'));
    expect(cal.nextSessionOpen(at('2026-01-05', '09:15'))).toBe(at('2026-01-06', '09:15'));
  });
  it('holiday counters belong to the previous session', () => {
    expect(cal.tradingDate(at('2026-01-26', '10:00'))).toBe('2026-01-23');
  });
});

describe('nextBoundary', () => {
  const d = '2026-01-05';
  it.each([
    ['08:00', 'pre-open', '09:00'],
    ['09:00', 'open', '09:15'],
    ['09:15', 'entries open', '09:20'],
    ['12:00', 'entries close & square-off', '15:20'],
    ['15:20', 'market close', '15:30'],
  ])('at %s the next is %s', (time, label, when) => {
    expect(cal.nextBoundary(at(d, time))).toEqual({ label, at: at(d, when) });
  });
  it('after the close it is the next open', () => {
    expect(cal.nextBoundary(at('2026-01-09', '15:30'))).toEqual({ label: 'next open', at: at('2026-01-12', '09:15') });
  });
});

describe('special sessions', () => {
  it('budget days on a weekend trade normal hours', () => {
    expect(cal.isTradingDay('2026-02-01')).toBe(true);
    expect(cal.isTradingDay('2025-02-01')).toBe(true);
    expect(cal.phaseAt(at('2026-02-01', '09:15'))).toBe('OPEN');
    expect(cal.sessionTimes('2026-02-01')?.special).toMatch(/Budget/);
  });
  it('Muhurat 2025-10-21: pre-open 13:30, open 13:45–14:45, closed in the morning', () => {
    const d = '2025-10-21';
    expect(cal.isTradingDay(d)).toBe(true);
    expect(cal.phaseAt(at(d, '10:00'))).toBe('CLOSED');
    expect(cal.phaseAt(at(d, '13:30'))).toBe('PRE_OPEN');
    expect(cal.phaseAt(at(d, '13:44:59', 999))).toBe('PRE_OPEN');
    expect(cal.phaseAt(at(d, '13:45'))).toBe('OPEN');
    expect(cal.phaseAt(at(d, '14:45'))).toBe('CLOSED');
    const t = cal.sessionTimes(d);
    expect(t?.tradingStart).toBe(at(d, '13:50'));
    expect(t?.tradingEnd).toBe(at(d, '14:35'));
    expect(cal.nextSessionOpen(at('2025-10-20', '16:00'))).toBe(at(d, '13:45'));
    // The next day (Balipratipada) is a holiday: the next open after Muhurat is Thursday.
    expect(cal.nextSessionOpen(at(d, '14:45'))).toBe(at('2025-10-23', '09:15'));
  });
  it('2026 Muhurat (timings unknown) is treated as closed', () => {
    expect(cal.isTradingDay('2026-11-08')).toBe(false);
  });
});

describe('override merge', () => {
  it('adds a short-notice holiday, removes one and adds a special session', () => {
    const { data: merged, warnings } = mergeHolidayOverride(data, {
      add: [{ date: '2026-07-15', name: 'Short-notice closure' }],
      remove: ['2026-12-25'],
      special: [{ date: '2026-11-08', name: 'Muhurat trading', preOpen: '17:45', open: '18:00', close: '19:00' }],
    });
    const c = createSessionCalendar(merged, hours);
    expect(warnings).toEqual([]);
    expect(c.isTradingDay('2026-07-15')).toBe(false);
    expect(c.isTradingDay('2026-12-25')).toBe(true);
    expect(c.phaseAt(at('2026-11-08', '18:30'))).toBe('OPEN');
    expect(c.nextTradingDay('2026-07-14')).toBe('2026-07-16');
  });
  it('warns when removing a date that is not a holiday, and add cancels a special session', () => {
    const { data: merged, warnings } = mergeHolidayOverride(data, { add: [{ date: '2026-02-01', name: 'no budget session' }], remove: ['2026-07-01'], special: [] }, 'f.json');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('2026-07-01');
    expect(createSessionCalendar(merged, hours).isTradingDay('2026-02-01')).toBe(false);
  });
});

it('rejects session hours out of order', () => {
  expect(() => createSessionCalendar(data, { ...hours, tradingStart: '09:10' })).toThrow(/preOpen ≤ open/);
});
