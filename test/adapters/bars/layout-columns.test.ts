import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LayoutBarSource } from '../../../source/adapters/bars/layout-source.js';
import { columnsOf, hasColumns, type DayColumns } from '../../../source/adapters/bars/layout-columns.js';
import type { DayBars, MinuteBar } from '../../../source/adapters/bars/bar-source.js';

const D = '2026-01-05';
const H = 'timestamp,open,high,low,close,volume';

async function layout(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'algo-cols-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return dir;
}

/** The columns back as MinuteBar objects, to compare with loadDay. */
function rows(c: DayColumns): MinuteBar[] {
  return Array.from({ length: c.n }, (_, k) => ({
    symbol: c.symbols[c.sym[k]!]!, ts: c.ts[k]!, open: c.open[k]!, high: c.high[k]!, low: c.low[k]!, close: c.close[k]!, volume: c.volume[k]!,
  }));
}

const row = (hhmm: string, o: number, h: number, l: number, c: number, v: number): string => `${D}T${hhmm}:00+05:30,${o},${h},${l},${c},${v}`;

describe('LayoutBarSource.loadDayColumns', () => {
  it('gives the same bars, order (time, then symbol-list order), errors and missing symbols as loadDay', async () => {
    const dir = await layout({
      [`${D}/BBB.csv`]: [H, row('09:15', 10, 11, 9.5, 10.5, 100), row('09:17', 10.5, 10.6, 10, 10.1, 7), row('09:18', 1, 1, 1, 2, 1), row('15:29', 10, 10.05, 9.95, 10, 3)].join('\n'),
      [`${D}/AAA.csv`]: [H, row('09:16', 200, 201, 199, 200.5, 12), row('09:17', 200.5, 202, 200, 201.25, 30), '', row('09:19', 201, 201, 200, 200, 0)].join('\r\n'),
      [`${D}/NIFTY.csv`]: [H, row('09:15', 24000.05, 24010, 23990.5, 24005, 0), row('09:17', 24005, 24006, 24001, 24002, 0)].join('\n'),
      [`${D}/BAD.csv`]: 'time,o,h,l,c,v\n',
    });
    const src = new LayoutBarSource({ dir, symbols: ['BBB', 'AAA', 'GONE', 'BAD', 'NIFTY'] });
    expect(hasColumns(src)).toBe(true);
    const day = await src.loadDay(D);
    const cols = await src.loadDayColumns(D);
    expect(cols.n).toBe(day.bars.length);
    expect(rows(cols)).toEqual(day.bars);
    expect(cols.errors).toEqual(day.errors);
    expect(cols.missing).toEqual(day.missing);
    expect(cols.errors.length).toBe(2); // BBB's 09:18 row (high below close) and BAD's header
    expect(day.bars.map((b) => `${b.symbol}@${b.ts}`).slice(0, 5)).toEqual(
      [`BBB@${day.bars[0]!.ts}`, `NIFTY@${day.bars[0]!.ts}`, `AAA@${day.bars[2]!.ts}`, `BBB@${day.bars[3]!.ts}`, `AAA@${day.bars[3]!.ts}`],
    );
  });

  it('a date outside the layout is empty with every symbol missing, as loadDay', async () => {
    const dir = await layout({ [`${D}/AAA.csv`]: `${H}\n${row('09:15', 1, 1, 1, 1, 1)}\n` });
    const src = new LayoutBarSource({ dir, symbols: ['AAA', 'NIFTY'] });
    const cols = await src.loadDayColumns('2026-01-06');
    expect(cols.n).toBe(0);
    expect(cols.missing).toEqual(['AAA', 'NIFTY']);
  });
});

describe('columnsOf', () => {
  it('turns any ordered day into columns and back unchanged', () => {
    const bars: MinuteBar[] = [
      { symbol: 'X', ts: 1000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 },
      { symbol: 'Y', ts: 1000, open: 5, high: 6, low: 4, close: 4.5, volume: 0 },
      { symbol: 'X', ts: 61_000, open: 1.5, high: 1.5, low: 1.5, close: 1.5, volume: 9 },
    ];
    const day: DayBars = { date: D, bars, errors: [], missing: ['Z'] };
    const c = columnsOf(day);
    expect(c.symbols).toEqual(['X', 'Y']);
    expect(rows(c)).toEqual(bars);
    expect(c.missing).toEqual(['Z']);
  });
});
