// The layout parser's in-place fast path (plain rows) must give exactly what the general path gives:
// the same doubles as Number() for every price, the same minute, and, for any row it does not take, the
// same error as before. Checked against a reference built from Number() and the rules in docs/backtest.md.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLayoutCsv } from '../../../source/adapters/bars/layout-parse.js';
import { istInstant } from '../../../source/domain/time.js';

const D = '2025-06-02';
const window = { open: istInstant(D, '09:15'), close: istInstant(D, '15:30') };
const H = 'timestamp,open,high,low,close,volume';

/** A decimal string as an export might write it: up to 9 integer digits and 0–6 decimals. */
const decimal = fc.tuple(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 999_999 })).map(([i, k, f]) => (k === 0 ? String(i) : `${i}.${String(f).padStart(6, '0').slice(0, k)}`));

describe('parseLayoutCsv fast path', () => {
  it('gives Number()’s value for every plain price and volume', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(decimal, decimal, decimal, decimal, fc.nat({ max: 2 ** 40 })), { minLength: 1, maxLength: 30 }), (rows) => {
        const lines = rows.map(([a, b, c, d, v], i) => {
          const ps = [a, b, c, d].sort((x, y) => Number(x) - Number(y));
          // low, open, close, high from the sorted four: always valid when all are > 0.
          return `${D}T${istClock(i)}+05:30,${ps[1]},${ps[3]},${ps[0]},${ps[2]},${v}`;
        });
        const r = parseLayoutCsv(`${H}\n${lines.join('\n')}\n`, 'F.csv', 'F', D, window);
        const expected = rows.flatMap(([a, b, c, d, v], i) => {
          const ps = [a, b, c, d].sort((x, y) => Number(x) - Number(y)).map(Number);
          if (!(ps[0]! > 0)) return [];
          return [{ symbol: 'F', ts: window.open + i * 60_000, open: ps[1], high: ps[3], low: ps[0], close: ps[2], volume: v }];
        });
        expect(r.bars).toEqual(expected);
        expect(r.errors.length).toBe(rows.length - expected.length);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves unusual but valid rows and every bad row to the general path, unchanged', () => {
    const rows = [
      `${D}T09:15:00+05:30, 100.5 ,101,100,100.25, 7`, // spaces
      `${D}T09:16:00+05:30,1e2,100,100,100,0`, // exponent
      `${D}T09:17:00+05:30,100.,101,99,100,0`, // trailing dot
      `${D}T09:18:00+05:30,100,101,99,100,5.0`, // whole volume written with a decimal
      `${D}T09:19:00+05:30,100,99,98,100,1`, // high below open/close
      `${D}T09:20:30+05:30,100,101,99,100,1`, // not a minute start
      `${D}T09:21:00+05:30,100,101,99,100,1,9`, // seven fields
      `${D}T09:22:00+05:30,0,101,0,100,1`, // zero price
      `${D}T09:23:00+05:30,100,101,99,100,1.5`, // fractional volume
      `2025-06-03T09:24:00+05:30,100,101,99,100,1`, // another date
      `${D}T03:54:00Z,100,101,99,100,1`, // 09:24 IST written in UTC
      `${D}T09:25:00+05:30,1234567890123456,1234567890123456,1234567890123456,1234567890123456,1`, // 16 digits
    ];
    const r = parseLayoutCsv(`${H}\r\n${rows.join('\r\n')}\r\n`, 'G.csv', 'G', D, window);
    expect(r.bars.map((b) => [b.ts, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [istInstant(D, '09:15'), 100.5, 101, 100, 100.25, 7],
      [istInstant(D, '09:16'), 100, 100, 100, 100, 0],
      [istInstant(D, '09:17'), 100, 101, 99, 100, 0],
      [istInstant(D, '09:18'), 100, 101, 99, 100, 5],
      [istInstant(D, '09:24'), 100, 101, 99, 100, 1],
      [istInstant(D, '09:25'), 1234567890123456, 1234567890123456, 1234567890123456, 1234567890123456, 1],
    ]);
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [6, 'high'],
      [7, 'timestamp'],
      [8, '*'],
      [9, 'open'],
      [10, 'volume'],
      [11, 'timestamp'],
    ]);
  });
});

function istClock(i: number): string {
  const m = 9 * 60 + 15 + i;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;
}
