import { describe, expect, it } from 'vitest';
import { BarReplayFeed, type TickInput } from '../../../source/adapters/bars/bar-replay-feed.js';
import type { BarSource, DayBars, MinuteBar } from '../../../source/adapters/bars/bar-source.js';
import { equity, NIFTY, type Tick } from '../../../source/domain/market.js';
import { istInstant } from '../../../source/domain/time.js';
import { ManualClock } from '../../../source/engine/manual-clock.js';
import { silentLogger } from '../../../source/ports/logger.js';

const D = '2026-01-05';
const t0 = istInstant(D, '09:15');
const bar = (symbol: string, min: number, o: number, h: number, l: number, c: number, v: number): MinuteBar => ({ symbol, ts: t0 + min * 60_000, open: o, high: h, low: l, close: c, volume: v });
const BARS: MinuteBar[] = [
  bar('AAA', 0, 100, 101, 99, 100.5, 30), bar('NIFTY', 0, 24000, 24010, 23990, 23995, 0), bar('ZZZ', 0, 5, 5, 5, 5, 1),
  bar('AAA', 1, 100.5, 100.6, 99.9, 100, 7), bar('NIFTY', 2, 23995, 24000, 23980, 23999, 0),
];
const source: BarSource = {
  describe: 'test',
  dates: () => [D],
  loadDay: async (date): Promise<DayBars> => ({ date, bars: BARS, errors: [], missing: [] }),
};

type Row = [string, number, number, number | undefined];

/** Plays the day; ticks through listeners (copied at once) and, for `direct` symbols, through inputs. */
async function play(o: { reuseTick?: boolean; direct?: string[] }): Promise<{ rows: Row[]; ticks: number; rejected: Record<string, number> }> {
  const clock = new ManualClock(t0 - 60_000);
  const feed = new BarReplayFeed({ source, dates: [D], clock, logger: silentLogger, ...(o.reuseTick ? { reuseTick: true } : {}) });
  const rows: Row[] = [];
  const kept: Tick[] = [];
  feed.onTick((t) => {
    kept.push(t);
    rows.push([t.key, t.ts, t.ltp, t.volume]);
  });
  if (o.direct) {
    feed.bindTickInputs((i): TickInput | null => (o.direct!.includes(i.symbol) ? (ts, ltp, volume) => rows.push([`direct:${i.exchange}:${i.symbol}`, ts, ltp, volume]) : null));
  }
  await feed.start([NIFTY, equity('AAA')]);
  await feed.ready(D);
  await clock.advanceTo(t0 + 5 * 60_000);
  const h = feed.health();
  await feed.stop();
  return { rows, ticks: h.ticks, rejected: h.rejected };
}

describe('BarReplayFeed tick delivery', () => {
  it('plays each bar as four ticks O, extremes, C with cumulative volume; unknown symbols are counted once per bar', async () => {
    const r = await play({});
    expect(r.rows.filter((x) => x[0] === 'NSE:AAA')).toEqual([
      ['NSE:AAA', t0, 100, 0], ['NSE:AAA', t0 + 20_000, 99, 10], ['NSE:AAA', t0 + 40_000, 101, 20], ['NSE:AAA', t0 + 59_000, 100.5, 30],
      ['NSE:AAA', t0 + 60_000, 100.5, 30], ['NSE:AAA', t0 + 80_000, 100.6, 32], ['NSE:AAA', t0 + 100_000, 99.9, 34], ['NSE:AAA', t0 + 119_000, 100, 37],
    ]);
    expect(r.ticks).toBe(16);
    expect(r.rejected).toEqual({ unknown_symbol: 1 });
  });

  it('reusing one Tick object delivers the same values at each call', async () => {
    expect(await play({ reuseTick: true })).toEqual(await play({}));
  });

  it('bound inputs get their instruments\' ticks as numbers instead of the listeners; the others still reach the listeners', async () => {
    const plain = await play({});
    const direct = await play({ direct: ['AAA'] });
    expect(direct.rows).toEqual(plain.rows.map((x) => (x[0] === 'NSE:AAA' ? ([`direct:${x[0]}`, x[1], x[2], x[3]] as Row) : x)));
    expect(direct.ticks).toBe(plain.ticks);
    expect(direct.rejected).toEqual(plain.rejected);
  });
});
