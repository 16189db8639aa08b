import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, stdoutFormatFor, type AppLogger, type LoggerOptions } from '../../../source/adapters/log/logger.js';
import { ManualClock } from '../../../source/engine/manual-clock.js';
import { istInstant } from '../../../source/domain/time.js';
import type { LogRecord } from '../../../source/domain/view.js';

const SECRET = 'oa_9f8e7d6c5b4a3210fedcba';

let dir: string;
let loggers: AppLogger[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'algo-log-'));
});
afterEach(async () => {
  for (const l of loggers) await l.close();
  loggers = [];
  await rm(dir, { recursive: true, force: true });
});

function setup(over: Partial<LoggerOptions> = {}) {
  const clock = new ManualClock(istInstant('2026-11-21', '09:20:01') + 123);
  const lines: string[] = [];
  const records: LogRecord[] = [];
  const log = createLogger({
    stateDir: dir,
    level: 'info',
    clock,
    stdout: 'json',
    secrets: [SECRET],
    onRecord: (r) => records.push(r),
    stdoutStream: { write: (s: string) => lines.push(s) },
    color: false,
    ...over,
  });
  loggers.push(log);
  return { clock, lines, records, log };
}

const read = (name: string) => readFile(join(dir, name), 'utf8');

describe('createLogger', () => {
  it('writes human lines to live_trading_YYYYMMDD.log named by the IST date of the clock', async () => {
    const { log } = setup();
    log.info('entry filled', { symbol: 'SBIN', qty: 180, price: 812.4, note: 'two words' });
    expect(log.currentFile()).toBe(join(dir, 'live_trading_20261121.log'));
    expect(await read('live_trading_20261121.log')).toBe(
      '2026-11-21 09:20:01.123 IST INFO  entry filled symbol=SBIN qty=180 price=812.4 note="two words"\n',
    );
  });

  it('rolls over to the next day file when the IST date changes, without a restart', async () => {
    const { log, clock } = setup();
    // 18:29:59 UTC is 23:59:59 IST: the IST date, not the UTC one, names the file.
    clock.set(istInstant('2026-11-21', '23:59:59'));
    log.warn('last of the day');
    await clock.advance(1500);
    log.info('first of the next day');
    expect((await readdir(dir)).sort()).toEqual(['live_trading_20261121.log', 'live_trading_20261122.log']);
    expect(await read('live_trading_20261121.log')).toMatch(/^2026-11-21 23:59:59\.000 IST WARN {2}last of the day\n$/);
    expect(await read('live_trading_20261122.log')).toMatch(/^2026-11-22 00:00:00\.500 IST INFO {2}first of the next day\n$/);
    // A restart on the same day appends to that day's file.
    await log.close();
    const again = createLogger({ stateDir: dir, level: 'info', clock, stdout: 'none', secrets: [] });
    loggers.push(again);
    again.info('after restart');
    expect((await read('live_trading_20261122.log')).split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('filters by level and changes level at run time (--debug = debug)', () => {
    const { log, records } = setup();
    log.debug('not yet');
    expect(log.isLevelEnabled('debug')).toBe(false);
    log.setLevel('debug');
    log.debug('now', { n: 1 });
    log.setLevel('error');
    log.warn('dropped');
    log.error('kept');
    expect(records.map((r) => [r.level, r.msg])).toEqual([['debug', 'now'], ['error', 'kept']]);
    expect(log.level).toBe('error');
    expect(() => log.setLevel('loud' as never)).toThrow(/unknown log level 'loud'/);
  });

  it('emits JSON lines on stdout and records with clock timestamps to onRecord', async () => {
    const { log, lines, records, clock } = setup();
    log.info('scan done', { symbols: 10 });
    await clock.advance(2000);
    log.child({ component: 'feed' }).warn('stale', { symbol: 'TCS' });
    const docs = lines.map((l) => JSON.parse(l));
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
    expect(docs).toEqual([
      { level: 'info', time: istInstant('2026-11-21', '09:20:01') + 123, msg: 'scan done', symbols: 10 },
      { level: 'warn', time: istInstant('2026-11-21', '09:20:03') + 123, msg: 'stale', component: 'feed', symbol: 'TCS' },
    ]);
    expect(records).toEqual([
      { ts: docs[0].time, level: 'info', msg: 'scan done', fields: { symbols: 10 } },
      { ts: docs[1].time, level: 'warn', msg: 'stale', fields: { component: 'feed', symbol: 'TCS' } },
    ]);
  });

  it('pretty stdout is coloured one-line text; none writes nothing', () => {
    const pretty = setup({ stdout: 'pretty', color: true });
    pretty.log.error('boom\nsecond line', { code: 7 });
    expect(pretty.lines).toHaveLength(1);
    expect(pretty.lines[0]).toContain('\x1b[31mERROR');
    expect(pretty.lines[0]).toContain('boom\\nsecond line');
    expect(pretty.lines[0]?.trimEnd().split('\n')).toHaveLength(1);
    const none = setup({ stdout: 'none' });
    none.log.error('quiet');
    expect(none.lines).toEqual([]);
    expect(stdoutFormatFor({ isTTY: true })).toBe('pretty');
    expect(stdoutFormatFor({ isTTY: false })).toBe('json');
  });

  it('never lets a secret reach the file, stdout or onRecord', async () => {
    for (const stdout of ['json', 'pretty'] as const) {
      const { log, lines, records } = setup({ stdout });
      log.info(`GET http://127.0.0.1:5000/api/v1/funds?apikey=${SECRET}&x=1`);
      log.warn('config', { apiKey: SECRET, openalgo: { api_key: 'another-one', host: 'h' }, list: [`k ${SECRET}`] });
      log.error('auth failed', { error: new Error(`invalid key ${SECRET}`), password: 'hunter22' });
      log.info('inline', { body: '{"apikey":"zzz-short-secret","symbol":"SBIN"}' });
      const outputs = [lines.join(''), JSON.stringify(records), await read('live_trading_20261121.log')];
      for (const text of outputs) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain('another-one');
        expect(text).not.toContain('hunter22');
        expect(text).not.toContain('zzz-short-secret');
        expect(text).toContain('****');
        expect(text).toContain('[REDACTED]');
      }
      expect(records[2]?.fields?.error).toMatchObject({ type: 'Error', message: 'invalid key ****' });
    }
  });

  it('masks a secret added later, and a hook that logs does not recurse', () => {
    const records: LogRecord[] = [];
    const holder: { log?: AppLogger } = {};
    const { log, lines } = setup({
      onRecord: (r) => {
        records.push(r);
        holder.log?.warn('hook saw a record');
      },
    });
    holder.log = log;
    log.addSecret('late-secret-value');
    log.info('x late-secret-value y');
    expect(records.map((r) => r.msg)).toEqual(['x **** y']);
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['x **** y', 'hook saw a record']);
  });

  it('renames caller fields that would clobber level, time or msg', () => {
    const { log, lines } = setup();
    log.info('real', { level: 'fake', msg: 'fake', time: 1 });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'info', msg: 'real', field_level: 'fake', field_msg: 'fake', field_time: 1 });
  });

  it('survives circular fields', () => {
    const { log, records } = setup();
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    log.info('circular', { a });
    expect(records[0]?.fields).toEqual({ a: { name: 'a', self: '[circular]' } });
  });
});
