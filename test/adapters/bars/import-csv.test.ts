import { describe, expect, it } from 'vitest';
import { formatReject, ImportFileError, parseImportCsv } from '../../../source/adapters/bars/import-csv.js';
import { normaliseSymbol, symbolFromFileName } from '../../../source/adapters/bars/import-symbol.js';
import { parseImportTimestamp } from '../../../source/adapters/bars/import-timestamp.js';
import { istInstant } from '../../../source/domain/time.js';

const T0915 = istInstant('2026-01-05', '09:15');
const msgs = (text: string, file = 'x.csv') => parseImportCsv(text, file, { tz: 'ist', fileSymbol: 'SBIN' }).rejects.map(formatReject);

describe('parseImportTimestamp', () => {
  it('reads the common shapes into the same instant', () => {
    const same = [
      ['2026-01-05T09:15:00+05:30', 'utc'],
      ['2026-01-05 09:15:00+0530', 'utc'],
      ['2026-01-05T03:45:00Z', 'ist'],
      ['2026-01-05 09:15', 'ist'],
      ['2026-01-05 9:15:00', 'ist'],
      ['2026/01/05 09:15', 'ist'],
      ['05-01-2026 09:15', 'ist'],
      ['05/01/2026 09:15:00', 'ist'],
      ['20260105 09:15', 'ist'],
      ['2026-01-05 03:45', 'utc'],
      [String(T0915 / 1000), 'ist'],
      [String(T0915), 'utc'],
      ['2026-01-05T09:15:00.000+05:30', 'ist'],
    ] as const;
    for (const [raw, tz] of same) expect(parseImportTimestamp(raw, tz), raw).toEqual({ ms: T0915 });
  });

  it('explains what it cannot read', () => {
    expect(parseImportTimestamp('2026-01-05', 'ist')).toEqual({ error: "'2026-01-05' has no time of day (expected 1-minute bars)" });
    expect(parseImportTimestamp('2026-02-30 09:15', 'ist')).toEqual({ error: "'2026-02-30 09:15' has no such date" });
    expect(parseImportTimestamp('2026-01-05 24:15', 'ist')).toEqual({ error: "'2026-01-05 24:15' has no such time of day" });
    expect(parseImportTimestamp('20260105', 'ist')).toEqual({ error: "'20260105' is not an epoch time after 2000" });
    expect('error' in parseImportTimestamp('yesterday', 'ist')).toBe(true);
    expect('error' in parseImportTimestamp('', 'ist')).toBe(true);
  });
});

describe('symbols from names', () => {
  it('strips exchange prefixes, series suffixes and file decorations', () => {
    const cases: Array<[string, string | null]> = [
      ['RELIANCE', 'RELIANCE'], ['nse:reliance', 'RELIANCE'], ['NSE_RELIANCE', 'RELIANCE'], ['RELIANCE-EQ', 'RELIANCE'],
      ['BAJAJ-AUTO', 'BAJAJ-AUTO'], ['M&M-EQ', 'M&M'], ['NIFTY 50', 'NIFTY'], ['NIFTY50', 'NIFTY'], ['NSE_INDEX:NIFTY', 'NIFTY'],
      ['', null], ['!!', null], ['RELIANCE.NS', null], ['BAD SYMBOL', null],
    ];
    for (const [raw, want] of cases) expect(normaliseSymbol(raw), raw).toBe(want);
    expect(symbolFromFileName('RELIANCE.NS.csv')).toBe('RELIANCE');
    expect(symbolFromFileName('RELIANCE_1minute_2025.csv')).toBe('RELIANCE');
    expect(symbolFromFileName('NIFTY 50.csv')).toBe('NIFTY');
    expect(symbolFromFileName('/data/exports/NSE_SBIN-EQ.csv')).toBe('SBIN');
  });
});

describe('parseImportCsv', () => {
  it('reads a headerless file in the canonical column order', () => {
    const r = parseImportCsv('2026-01-05 09:15,100,101,99.5,100.5,1200\n2026-01-05 09:16,100.5,100.5,100,100.2,300\n', 'a.csv', { tz: 'ist', fileSymbol: 'SBIN' });
    expect(r.header).toBe(false);
    expect(r.rowsRead).toBe(2);
    expect(r.bars.map((b) => [b.symbol, b.start, b.open, b.high, b.low, b.close, b.volume, b.line])).toEqual([
      ['SBIN', T0915, 100, 101, 99.5, 100.5, 1200, 1],
      ['SBIN', T0915 + 60_000, 100.5, 100.5, 100, 100.2, 300, 2],
    ]);
  });

  it('matches header names and aliases case-insensitively, in any order, with a symbol column', () => {
    const text = 'Symbol,Date,Time,Close Price,Open Price,HIGH,low,Volume,OI\nNSE:INFY,05-01-2026,09:15,1501,1500,1502,1499,10,0\nTCS-EQ,05-01-2026,09:15:00,3001,3000,3002,2999,20,0\n';
    const r = parseImportCsv(text, 'b.csv', { tz: 'ist' });
    expect(r.header).toBe(true);
    expect(r.rejects).toEqual([]);
    expect(r.bars.map((b) => [b.symbol, b.start, b.open, b.close, b.volume, b.line])).toEqual([
      ['INFY', T0915, 1500, 1501, 10, 2],
      ['TCS', T0915, 3000, 3001, 20, 3],
    ]);
    // --symbol wins over the column (here both rows become the same WIPRO minute, with different values).
    const forced = parseImportCsv(text, 'b.csv', { tz: 'ist', symbol: 'WIPRO' });
    expect(forced.bars).toEqual([]);
    expect(forced.rejects.map((r) => r.line)).toEqual([2, 3]);
    expect(parseImportCsv('symbol,timestamp,o,h,l,c,v\nBAD SYMBOL!,2026-01-05 09:15,1,1,1,1,0\n', 'b2.csv', { tz: 'ist' }).rejects.map(formatReject))
      .toEqual(["b2.csv:2: field 'symbol': 'BAD SYMBOL!' is not a symbol"]);
  });

  it('reads UTC timestamps when told, and epoch times as UTC whatever --tz says', () => {
    const utc = parseImportCsv('datetime,o,h,l,c,v\n2026-01-05 03:45:00,1,1,1,1,0\n', 'c.csv', { tz: 'utc', fileSymbol: 'X' });
    expect(utc.bars[0]?.start).toBe(T0915);
    const epoch = parseImportCsv(`${T0915 / 1000},1,1,1,1,0\n`, 'd.csv', { tz: 'ist', fileSymbol: 'X' });
    expect(epoch.bars[0]?.start).toBe(T0915);
  });

  it('rejects bad rows with file:line and the field, and keeps the rest', () => {
    const text = [
      'timestamp,open,high,low,close,volume',
      '2026-01-05 09:15,100,101,99,100.5,10',
      '2026-01-05 09:16,0,101,99,100.5,10',
      '2026-01-05 09:17,100,99.5,99,100.5,10',
      '2026-01-05 09:18,100,101,100.2,100.5,10',
      '2026-01-05 09:19,100,101,99,100.5,-1',
      '2026-01-05 09:20,100,101,99,100.5,1.5',
      'soon,100,101,99,100.5,1',
      '2026-01-05 09:21:30,100,101,99,100.5,1',
      '2026-01-05 09:22,100,101,99',
      '2026-01-05 09:23,100,abc,99,100.5,1',
    ].join('\n');
    expect(msgs(text, 'e.csv')).toEqual([
      "e.csv:3: field 'open': '0' is not a positive price",
      "e.csv:4: field 'high': 99.5 is below open/low/close",
      "e.csv:5: field 'low': 100.2 is above open/close",
      "e.csv:6: field 'volume': '-1' is not a whole number ≥ 0",
      "e.csv:7: field 'volume': '1.5' is not a whole number ≥ 0",
      "e.csv:8: field 'timestamp': 'soon' is not a timestamp (expected ISO 8601, YYYY-MM-DD HH:MM[:SS], DD-MM-YYYY HH:MM or epoch s/ms)",
      "e.csv:9: field 'timestamp': 2026-01-05T03:51:30.000Z is not on a minute boundary (a bar is stamped with its minute start)",
      "e.csv:10: field '*': 4 fields, expected 6",
      "e.csv:11: field 'high': 'abc' is not a positive price",
    ]);
  });

  it('drops bars outside 09:15–15:29 IST with a count, not an error', () => {
    const r = parseImportCsv('2026-01-05 09:14,1,1,1,1,0\n2026-01-05 09:15,1,1,1,1,0\n2026-01-05 15:29,1,1,1,1,0\n2026-01-05 15:30,1,1,1,1,0\n', 'f.csv', { tz: 'ist', fileSymbol: 'X' });
    expect(r.outsideSession).toBe(2);
    expect(r.rejects).toEqual([]);
    expect(r.bars).toHaveLength(2);
  });

  it('keeps an identical repeated minute once and drops a conflicting one, naming both lines', () => {
    const text = 'timestamp,open,high,low,close,volume\n2026-01-05 09:15,1,2,1,2,5\n2026-01-05 09:15,1,2,1,2,5\n2026-01-05 09:16,1,2,1,2,5\n2026-01-05 09:16,1,3,1,2,5\n';
    const r = parseImportCsv(text, 'g.csv', { tz: 'ist', fileSymbol: 'X' });
    expect(r.duplicates).toBe(1);
    expect(r.bars.map((b) => b.start)).toEqual([T0915]);
    expect(r.rejects.map(formatReject)).toEqual([
      "g.csv:4: field 'timestamp': same minute as line 5 with different values",
      "g.csv:5: field 'timestamp': same minute as line 4 with different values; both dropped",
    ]);
  });

  it('takes a missing volume column as volume 0 and says so', () => {
    const r = parseImportCsv('date,open,high,low,close\n2026-01-05 09:15,1,2,1,2\n', 'NIFTY 50.csv', { tz: 'ist', fileSymbol: 'NIFTY' });
    expect(r.bars[0]?.volume).toBe(0);
    expect(r.notes).toEqual(['NIFTY 50.csv: no volume column: every bar gets volume 0']);
  });

  it('refuses a file it cannot read as a whole', () => {
    expect(() => parseImportCsv('', 'h.csv', { tz: 'ist', fileSymbol: 'X' })).toThrow(new ImportFileError('h.csv: empty file'));
    expect(() => parseImportCsv('when,price\n1,2\n', 'i.csv', { tz: 'ist', fileSymbol: 'X' })).toThrow("i.csv:1: header 'when,price' has no timestamp (or date and time), open, high, low, close column");
    expect(() => parseImportCsv('1,2,3\n', 'j.csv', { tz: 'ist', fileSymbol: 'X' })).toThrow('j.csv:1: no header and 3 columns');
    expect(() => parseImportCsv('2026-01-05 09:15,1,1,1,1,0\n', 'k.csv', { tz: 'ist', fileSymbol: null })).toThrow('k.csv:1: no symbol');
  });
});
