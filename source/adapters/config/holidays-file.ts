// Loads the packaged NSE holiday data (config/holidays.json) and the user's override file, validates
// both (errors name the file and the field) and builds the SessionCalendar from them.
import path from 'node:path';
import { z } from 'zod';
import { createSessionCalendar, mergeHolidayOverride, type HolidayData, type HolidayOverride, type SessionCalendar } from '../../calendar/index.js';
import type { AppConfig } from '../../domain/config.js';
import { isClockTime, isIsoDate, parseClockTime } from '../../domain/time.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { readJsonFile } from './json-file.js';
import { getAt } from './merge.js';

const date = z.string({ error: 'expected a date YYYY-MM-DD' }).refine(isIsoDate, { error: 'expected a date YYYY-MM-DD' });
const time = z.string({ error: 'expected a time HH:MM' }).refine(isClockTime, { error: 'expected a time HH:MM or HH:MM:SS' });
const name = z.string({ error: 'expected a non-empty name' }).min(1, { error: 'expected a non-empty name' });
const notes = z.union([z.string(), z.array(z.string())]).optional();

const holiday = z.strictObject({ date, name });
const special = z
  .strictObject({
    date,
    name,
    preOpen: time.optional(),
    open: time.optional(),
    close: time.optional(),
    tradingStart: time.optional(),
    tradingEnd: time.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.open !== undefined && s.close !== undefined && isClockTime(s.open) && isClockTime(s.close) && parseClockTime(s.close) <= parseClockTime(s.open)) {
      ctx.addIssue({ code: 'custom', path: ['close'], message: `expected a time after open (${s.open})` });
    }
    if (s.preOpen !== undefined && s.open !== undefined && isClockTime(s.preOpen) && isClockTime(s.open) && parseClockTime(s.preOpen) > parseClockTime(s.open)) {
      ctx.addIssue({ code: 'custom', path: ['preOpen'], message: `expected a time at or before open (${s.open})` });
    }
  });

const baseSchema = z.strictObject({ source: z.string().optional(), notes, holidays: z.array(holiday), special: z.array(special).default([]) });

const overrideSchema = z
  .strictObject({
    notes,
    add: z.array(holiday).default([]),
    remove: z.array(date).default([]),
    special: z.array(special).default([]),
  })
  .superRefine((o, ctx) => {
    const added = new Set(o.add.map((h) => h.date));
    o.remove.forEach((d, i) => {
      if (added.has(d)) ctx.addIssue({ code: 'custom', path: ['remove', i], message: 'expected a date not also listed in "add"' });
    });
    o.special.forEach((s, i) => {
      if (added.has(s.date)) ctx.addIssue({ code: 'custom', path: ['special', i, 'date'], message: 'expected a date not also listed in "add"' });
    });
  });

function parseFile<T>(schema: z.ZodType<T>, file: string, what: string): T {
  const raw = readJsonFile(file, what);
  const res = schema.safeParse(raw);
  if (res.success) return res.data;
  const issues: ConfigIssue[] = res.error.issues.map((i) => {
    const p = i.path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc === '' ? String(k) : `${acc}.${String(k)}`), '');
    if (i.code === 'unrecognized_keys') {
      const key = i.keys[0] ?? '';
      return { path: p === '' ? key : `${p}.${key}`, value: getAt(raw, [...i.path, key]), expected: 'unknown key', source: file };
    }
    return { path: p, value: getAt(raw, i.path), expected: i.message, source: file };
  });
  throw ConfigError.fromIssues(issues);
}

export interface LoadedHolidays {
  readonly data: HolidayData;
  readonly files: string[];
  readonly warnings: string[];
}

/** Packaged holidays merged with the user's override file (null = none). */
export function loadHolidayData(packageRoot: string, overrideFile: string | null): LoadedHolidays {
  const baseFile = path.join(packageRoot, 'config', 'holidays.json');
  const base = parseFile(baseSchema, baseFile, 'holiday file');
  const files = [baseFile];
  if (overrideFile === null) return { data: base, files, warnings: [] };
  const override: HolidayOverride = parseFile(overrideSchema, overrideFile, 'holiday override file');
  const merged = mergeHolidayOverride(base, override, overrideFile);
  return { data: merged.data, files: [...files, overrideFile], warnings: merged.warnings };
}

export interface LoadedCalendar {
  readonly calendar: SessionCalendar;
  readonly files: string[];
  readonly warnings: string[];
}

/** The session calendar for a resolved config: packaged holidays + session.holidaysFile + session hours. */
export function loadSessionCalendar(config: Pick<AppConfig, 'session'>, packageRoot: string): LoadedCalendar {
  const { data, files, warnings } = loadHolidayData(packageRoot, config.session.holidaysFile);
  return { calendar: createSessionCalendar(data, config.session), files, warnings };
}
