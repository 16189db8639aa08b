// Holiday and special-session data for the NSE cash segment, and the pure merge of a user override
// file into it. Reading and validating files happens in adapters/config/holidays-file.ts; this module
// only combines already-validated data, so the calendar stays free of I/O.
import type { IsoDate } from '../domain/time.js';

export interface Holiday {
  readonly date: IsoDate;
  readonly name: string;
}

/**
 * A day whose hours differ from a normal weekday: a budget-day session on a weekend (times omitted =
 * normal hours) or a Muhurat session (explicit times). A special session makes the day a trading day
 * even when the date is a weekend or also listed as a holiday.
 */
export interface SpecialSession {
  readonly date: IsoDate;
  readonly name: string;
  readonly preOpen?: string;
  readonly open?: string;
  readonly close?: string;
  /** Entry window; derived from the normal offsets (open+5m, close−10m by default) when omitted. */
  readonly tradingStart?: string;
  readonly tradingEnd?: string;
}

export interface HolidayData {
  readonly holidays: readonly Holiday[];
  readonly special: readonly SpecialSession[];
}

/** The user's runtime corrections, e.g. a holiday NSE announced three days ahead. */
export interface HolidayOverride {
  readonly add: readonly Holiday[];
  readonly remove: readonly IsoDate[];
  readonly special: readonly SpecialSession[];
}

export interface MergedHolidays {
  readonly data: HolidayData;
  readonly warnings: string[];
}

/**
 * Applies an override: `remove` drops holidays, `add` adds holidays (and cancels a special session
 * on that date, because the user's word is the newest information), `special` adds or replaces
 * special sessions.
 */
export function mergeHolidayOverride(base: HolidayData, override: HolidayOverride, label = 'override'): MergedHolidays {
  const warnings: string[] = [];
  const holidays = new Map<IsoDate, Holiday>(base.holidays.map((h) => [h.date, h]));
  const special = new Map<IsoDate, SpecialSession>(base.special.map((s) => [s.date, s]));

  for (const date of override.remove) {
    if (!holidays.delete(date)) warnings.push(`${label}: remove ${date}: not a listed holiday, nothing removed`);
  }
  for (const h of override.add) {
    holidays.set(h.date, h);
    if (special.delete(h.date)) warnings.push(`${label}: add ${h.date}: cancels the special session on that date`);
  }
  for (const s of override.special) special.set(s.date, s);

  const byDate = <T extends { date: IsoDate }>(a: T, b: T): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
  return {
    data: { holidays: [...holidays.values()].sort(byDate), special: [...special.values()].sort(byDate) },
    warnings,
  };
}
