import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadHolidayData, loadSessionCalendar, resolveConfig } from '../../../source/adapters/config/index.js';
import { istInstant } from '../../../source/domain/time.js';
import { sandbox, type Sandbox } from './helpers.js';

let sb: Sandbox;
beforeEach(() => {
  sb = sandbox();
});
afterEach(() => sb.cleanup());

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('holiday files', () => {
  it('the packaged data loads and validates', () => {
    const { data, files, warnings } = loadHolidayData(sb.pkg, null);
    expect(files).toEqual([path.join(sb.pkg, 'config', 'holidays.json')]);
    expect(warnings).toEqual([]);
    expect(data.holidays.length).toBe(30);
    expect(data.special.map((s) => s.date)).toEqual(['2025-02-01', '2025-10-21', '2026-02-01']);
  });

  it('session.holidaysFile from the config feeds the calendar', () => {
    const file = sb.write('h.json', {
      add: [{ date: '2026-07-15', name: 'Short notice' }],
      remove: ['2026-12-25'],
      special: [{ date: '2026-11-08', name: 'Muhurat trading', open: '18:00', close: '19:00' }],
    });
    const cfgFile = sb.write('c.json', { session: { holidaysFile: 'h.json' } });
    const { config } = resolveConfig({ flags: {}, env: { HOME: sb.home }, cwd: '/', configFile: cfgFile, packageRoot: sb.pkg });
    const { calendar, files } = loadSessionCalendar(config, sb.pkg);
    expect(files).toContain(file);
    expect(calendar.isTradingDay('2026-07-15')).toBe(false);
    expect(calendar.isTradingDay('2026-12-25')).toBe(true);
    expect(calendar.phaseAt(istInstant('2026-11-08', '17:50'))).toBe('PRE_OPEN'); // pre-open derived: 15 min before
    expect(calendar.phaseAt(istInstant('2026-11-08', '18:30'))).toBe('OPEN');
  });

  it('an override may hold only some sections and warns on a pointless remove', () => {
    const file = sb.write('h.json', { remove: ['2026-07-01'] });
    const { warnings } = loadHolidayData(sb.pkg, file);
    expect(warnings).toEqual([`${file}: remove 2026-07-01: not a listed holiday, nothing removed`]);
  });

  it.each<[unknown, string]>([
    [{ add: [{ date: '2026-13-01', name: 'x' }] }, 'add[0].date = "2026-13-01" in FILE: expected a date YYYY-MM-DD'],
    [{ add: [{ date: '2026-07-01' }] }, 'add[0].name = (missing) in FILE: expected a non-empty name'],
    [{ remove: ['tomorrow'] }, 'remove[0] = "tomorrow" in FILE: expected a date YYYY-MM-DD'],
    [{ special: [{ date: '2026-11-08', name: 'M', open: '19:00', close: '18:00' }] }, 'special[0].close = "18:00" in FILE: expected a time after open (19:00)'],
    [{ special: [{ date: '2026-11-08', name: 'M', open: '25:00' }] }, 'special[0].open = "25:00" in FILE: expected a time HH:MM or HH:MM:SS'],
    [{ adds: [] }, 'adds = [] in FILE: unknown key'],
    [{ add: [{ date: '2026-07-01', name: 'x' }], remove: ['2026-07-01'] }, 'remove[0] = "2026-07-01" in FILE: expected a date not also listed in "add"'],
  ])('%j', (content, expected) => {
    const file = sb.write('h.json', content);
    expect(message(() => loadHolidayData(sb.pkg, file))).toContain(expected.replace('FILE', file));
  });

  it('a missing or broken override file names the file', () => {
    expect(message(() => loadHolidayData(sb.pkg, path.join(sb.root, 'none.json')))).toMatch(/none\.json: no such file/);
    expect(message(() => loadHolidayData(sb.pkg, sb.write('bad.json', '{')))).toMatch(/bad\.json is not valid JSON/);
  });
});
