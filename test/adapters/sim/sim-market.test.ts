import { describe, expect, it } from 'vitest';
import { resolveSimStart } from '../../../source/adapters/sim/sim-market.js';
import { istInstant } from '../../../source/domain/time.js';

const holidays = new Set(['2025-10-02']);
const rule = (d: string): boolean => !holidays.has(d) && ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());

describe('startSimMarket defaults', () => {
  it('runs today from now when the wall clock is inside a session', () => {
    const now = istInstant('2025-09-15', '11:07:30');
    expect(resolveSimStart({ isTradingDay: rule }, now)).toEqual({ date: '2025-09-15', start: now });
  });

  it('replays the most recent session from 09:15 outside market hours', () => {
    expect(resolveSimStart({ isTradingDay: rule }, istInstant('2025-09-13', '12:00'))).toEqual({ date: '2025-09-12', start: istInstant('2025-09-12', '09:15') });
    expect(resolveSimStart({ isTradingDay: rule }, istInstant('2025-09-15', '08:30'))).toEqual({ date: '2025-09-12', start: istInstant('2025-09-12', '09:15') });
    expect(resolveSimStart({ isTradingDay: rule }, istInstant('2025-09-15', '18:00'))).toEqual({ date: '2025-09-15', start: istInstant('2025-09-15', '09:15') });
    expect(resolveSimStart({ isTradingDay: rule }, istInstant('2025-10-02', '10:00')).date).toBe('2025-10-01');
  });

  it('honours an explicit date and start, and refuses a non-trading date', () => {
    expect(resolveSimStart({ date: '2025-09-10', start: '13:05', isTradingDay: rule }, 0)).toEqual({ date: '2025-09-10', start: istInstant('2025-09-10', '13:05') });
    expect(() => resolveSimStart({ date: '2025-10-02', isTradingDay: rule }, 0)).toThrow(/2025-10-02 is not a trading day \(the most recent one is 2025-10-01\)/);
    expect(() => resolveSimStart({ date: '2025-09-10', start: '9am', isTradingDay: rule }, 0)).toThrow(/invalid time/);
  });
});
