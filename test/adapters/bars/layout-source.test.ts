import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LayoutBarSource } from '../../../source/adapters/bars/layout-source.js';
import { parseLayoutCsv } from '../../../source/adapters/bars/layout-parse.js';
import { formatRowError } from '../../../source/adapters/feed/replay-csv.js';
import { istInstant } from '../../../source/domain/time.js';

const D = '2026-01-05';
const window = { open: istInstant(D, '09:15'), close: istInstant(D, '15:30') };
const H = 'timestamp,open,high,low,close,volume';

async function layout(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'algo-layout-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return dir;
}

describe('parseLayoutCsv', () => {
  it('reads good rows and names file:line:field for each bad one, keeping the rest', () => {
    const text = [
      H,
      `${D}T09:15:00+05:30,100,101,99.5,100.5,1200`,
      `${D}T09:16:00+05:30,100.5,100,99,100.2,10`, // high below open
      `${D}T09:17:00+05:30,100,101,99,100,-3`, // volume
      `${D}T09:14:00+05:30,100,101,99,100,1`, // before the open
      `${D}T10:00:00Z,100,101,99,100,1`, // 15:30 IST: after the last bar
      `${D}T09:19:30+05:30,100,101,99,100,1`, // not a minute start
      `${D}T09:20:00+05:30,100,101,99,abc,1`,
      `${D}T09:21:00+05:30,100,101,99,100`,
      `${D}T09:22:00+05:30,100,101,99,100,5`,
    ].join('\n');
    const r = parseLayoutCsv(text, 'X.csv', 'X', D, window);
    expect(r.errors.map(formatRowError)).toEqual([
      "X.csv:3: field 'high': 100 is below open/close",
      "X.csv:4: field 'volume': '-3' is not a whole number ≥ 0",
      `X.csv:5: field 'timestamp': '${D}T09:14:00+05:30' is outside the ${D} session (09:15–15:29 IST)`,
      `X.csv:6: field 'timestamp': '${D}T10:00:00Z' is outside the ${D} session (09:15–15:29 IST)`,
      `X.csv:7: field 'timestamp': '${D}T09:19:30+05:30' is not the start of a minute`,
      "X.csv:8: field 'close': 'abc' is not a positive price",
      'X.csv:9: field \'*\': 5 fields, expected 6',
    ]);
    expect(r.bars.map((b) => b.ts)).toEqual([istInstant(D, '09:15'), istInstant(D, '09:22')]);
    expect(r.bars[0]).toEqual({ symbol: 'X', ts: istInstant(D, '09:15'), open: 100, high: 101, low: 99.5, close: 100.5, volume: 1200 });
  });

  it('rejects rows out of order and throws on a wrong header', () => {
    const r = parseLayoutCsv(`${H}\r\n${D}T09:16:00+05:30,1,1,1,1,0\r\n${D}T09:16:00+05:30,1,1,1,1,0\r\n`, 'Y.csv', 'Y', D, window);
    expect(r.bars).toHaveLength(1);
    expect(formatRowError(r.errors[0]!)).toContain("Y.csv:3: field 'timestamp'");
    expect(() => parseLayoutCsv('time,o,h,l,c,v\n', 'Z.csv', 'Z', D, window)).toThrow(/Z\.csv:1: unknown header/);
  });
});

describe('LayoutBarSource', () => {
  it('lists dates, reads one date at a time in time order and reports missing symbols and bad files', async () => {
    const dir = await layout({
      [`${D}/AAA.csv`]: `${H}\n${D}T09:15:00+05:30,10,11,9,10.5,100\n${D}T09:16:00+05:30,10.5,10.6,10.4,10.45,50\n`,
      [`${D}/NIFTY.csv`]: `${H}\n${D}T09:15:00+05:30,24000,24010,23990,24005,0\n`,
      [`${D}/BBB.csv`]: 'bad header\n1,2\n',
      ['2026-01-06/AAA.csv']: `${H}\n2026-01-06T09:15:00+05:30,10,11,9,10.5,100\n`,
      ['notes.txt']: 'ignored',
    });
    const src = new LayoutBarSource({ dir, symbols: ['AAA', 'BBB', 'CCC', 'NIFTY'] });
    expect(src.dates()).toEqual([D, '2026-01-06']);
    const day = await src.loadDay(D);
    expect(day.bars.map((b) => `${b.symbol}@${b.ts - istInstant(D, '09:15')}`)).toEqual(['AAA@0', 'NIFTY@0', 'AAA@60000']);
    expect(day.missing).toEqual(['CCC']);
    expect(day.errors).toHaveLength(1);
    expect(formatRowError(day.errors[0]!)).toMatch(/BBB\.csv:1: field 'header': unknown header/);
    const other = await src.loadDay('2026-01-06');
    expect(other.bars.map((b) => b.symbol)).toEqual(['AAA']);
    expect(other.missing).toEqual(['BBB', 'CCC', 'NIFTY']);
    expect((await src.loadDay('2026-01-07')).bars).toEqual([]);
  });

  it('refuses a directory that does not exist', async () => {
    expect(() => new LayoutBarSource({ dir: path.join(os.tmpdir(), 'no-such-algo-layout-dir'), symbols: ['A'] })).toThrow(/does not exist/);
  });
});
