import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ReplayFeed } from '../../../source/adapters/feed/replay-feed.js';
import { parseReplayCsv } from '../../../source/adapters/feed/replay-csv.js';
import { ManualClock } from '../../../source/engine/manual-clock.js';
import { equity, NIFTY, type Tick } from '../../../source/domain/market.js';
import { istInstant } from '../../../source/domain/time.js';
import type { Logger, LogFields } from '../../../source/ports/logger.js';
import { silentLogger } from '../../../source/ports/logger.js';

const FIX = fileURLToPath(new URL('../../fixtures/replay/', import.meta.url));
const OPEN = istInstant('2025-08-27', '09:15');

function captureLogger(): Logger & { lines: Array<{ level: string; msg: string; fields?: LogFields }> } {
  const lines: Array<{ level: string; msg: string; fields?: LogFields }> = [];
  const at = (level: string) => (msg: string, fields?: LogFields) => void lines.push({ level, msg, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), isLevelEnabled: () => true };
}

function collect(feed: ReplayFeed, clock: ManualClock): Array<Tick & { at: number }> {
  const out: Array<Tick & { at: number }> = [];
  feed.onTick((t) => out.push({ ...t, at: clock.now() }));
  return out;
}

describe('ReplayFeed', () => {
  it('plays ticks in time order on the clock, normalising ISO, epoch s and epoch ms timestamps', async () => {
    const clock = new ManualClock(OPEN);
    const log = captureLogger();
    const feed = new ReplayFeed({ files: [join(FIX, 'ticks.csv')], clock, logger: log });
    const got = collect(feed, clock);
    await feed.start([equity('RELIANCE'), equity('SBIN'), NIFTY]);
    expect(feed.health().status).toBe('LIVE');
    await clock.advance(0);
    expect(got.map((t) => t.symbol)).toEqual(['RELIANCE']);
    await clock.advance(2000);
    expect(got.map((t) => [t.key, t.ts, t.at])).toEqual([
      ['NSE:RELIANCE', OPEN, OPEN],
      ['NSE:SBIN', OPEN + 1000, OPEN + 1000],
      ['NSE_INDEX:NIFTY', OPEN + 2000, OPEN + 2000],
    ]);
    expect(got[2]?.volume).toBeUndefined();
    await clock.advance(3000);
    expect(got.slice(3).map((t) => [t.symbol, t.ltp, t.volume])).toEqual([
      ['RELIANCE', 1411, 1200],
      ['SBIN', 812.4, 650],
    ]);
    await feed.done();
    expect(feed.health()).toMatchObject({ status: 'DOWN', ticks: 5, rejected: { unknown_symbol: 1 } });
    expect(feed.health().message).toContain('finished');
  });

  it('plays at a speed factor: 10 s of data in 1 s of clock at speed 10', async () => {
    const clock = new ManualClock(OPEN);
    const feed = new ReplayFeed({ files: [join(FIX, 'ticks.csv')], clock, logger: silentLogger, speed: 10 });
    const got = collect(feed, clock);
    await feed.start([equity('RELIANCE'), equity('SBIN'), NIFTY]);
    await clock.advance(499);
    expect(got.map((t) => t.at - OPEN)).toEqual([0, 100, 200]);
    await clock.advance(1);
    expect(got.map((t) => t.at - OPEN)).toEqual([0, 100, 200, 500, 500]);
    expect(got.map((t) => t.ts - OPEN)).toEqual([0, 1000, 2000, 5000, 5000]);
  });

  it('rejects malformed rows with file:line and field, counts them and plays the rest', async () => {
    const clock = new ManualClock(OPEN);
    const log = captureLogger();
    const file = join(FIX, 'ticks-malformed.csv');
    const feed = new ReplayFeed({ files: [file], clock, logger: log });
    const got = collect(feed, clock);
    await feed.start([equity('RELIANCE')]);
    await clock.advance(10_000);
    expect(got.map((t) => t.ltp)).toEqual([1410.5, 1412.5]);
    expect(feed.health().rejected).toEqual({ malformed_row: 6 });
    const warnings = log.lines.filter((l) => l.level === 'warn').map((l) => l.msg);
    expect(warnings).toEqual([
      `replay: row rejected: ${file}:3: field 'ltp': 'abc' is not a positive price`,
      `replay: row rejected: ${file}:4: field 'timestamp': '2025-08-27 09:15:02' is neither epoch s/ms nor ISO 8601 with an offset`,
      `replay: row rejected: ${file}:5: field 'exchange': 'NYSE' is not one of NSE, BSE, NSE_INDEX, BSE_INDEX`,
      `replay: row rejected: ${file}:6: field '*': 4 fields, expected 5`,
      `replay: row rejected: ${file}:8: field 'ltp': '-2' is not a positive price`,
      `replay: row rejected: ${file}:9: field 'volume': '-1' is not a non-negative number`,
    ]);
  });

  it('turns each 1-minute bar into O, L/H, H/L, C ticks inside its minute with cumulative volume', async () => {
    const clock = new ManualClock(OPEN);
    const log = captureLogger();
    const feed = new ReplayFeed({ files: [join(FIX, 'bars.csv')], clock, logger: log });
    const got = collect(feed, clock);
    await feed.start([equity('SBIN'), NIFTY]);
    await clock.advance(3 * 60_000);
    await feed.done();
    const sbin = got.filter((t) => t.symbol === 'SBIN');
    // green bar dips first, red bar rallies first
    expect(sbin.map((t) => t.ltp)).toEqual([812, 811.2, 813.4, 812.9, 812.9, 813, 811, 811.5]);
    expect(sbin.map((t) => t.ts - OPEN)).toEqual([0, 20_000, 40_000, 59_000, 60_000, 80_000, 100_000, 119_000]);
    expect(sbin.map((t) => t.volume)).toEqual([0, 100, 200, 300, 300, 500, 700, 900]);
    expect(sbin.every((t) => t.at === t.ts)).toBe(true);
    expect(got.filter((t) => t.key === 'NSE_INDEX:NIFTY').map((t) => t.ltp)).toEqual([24700, 24690, 24720, 24710]);
    expect(feed.health().rejected).toEqual({ malformed_row: 1 });
    expect(log.lines.some((l) => l.msg.includes("bars.csv:5: field 'high'"))).toBe(true);
  });

  it('fails start with the file and line when the header is not a known format', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'replay-'));
    const file = join(dir, 'odd.csv');
    await writeFile(file, 'date,price\n2025-08-27,1\n');
    const feed = new ReplayFeed({ files: [file], clock: new ManualClock(OPEN), logger: silentLogger });
    await expect(feed.start([equity('SBIN')])).rejects.toThrow(`${file}:1: unknown header 'date,price'`);
  });

  it('parses a ticks file without a volume column', () => {
    const r = parseReplayCsv('timestamp,symbol,exchange,ltp\n1756266300,SBIN,NSE,812\n', 'mem.csv');
    expect(r).toEqual({ format: 'ticks', events: [{ ts: OPEN, symbol: 'SBIN', exchange: 'NSE', ltp: 812 }], errors: [] });
  });
});
