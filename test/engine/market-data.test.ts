import { describe, expect, it } from 'vitest';
import type { Bar } from '../../source/domain/market.js';
import { addDays, istInstant } from '../../source/domain/time.js';
import type { BarCloseEvent } from '../../source/engine/market-data-view.js';
import { mulberry32 as rng } from '../helpers/prng.js';
import { at, bar, closed, makeMd, tick } from './md-helpers.js';

const TODAY = '2025-03-05';

/** 15 previous days of daily bars and 5m/15m bars for those days (random walk). */
function history(seed: number): { D: Bar[]; m5: Bar[]; m15: Bar[] } {
  const r = rng(seed);
  const D: Bar[] = [];
  const m5: Bar[] = [];
  const m15: Bar[] = [];
  let px = 500;
  for (let d = 15; d >= 1; d--) {
    const date = addDays(TODAY, -d);
    const open = istInstant(date, '09:15');
    let dh = px, dl = px, dv = 0;
    const dOpen = px;
    for (let k = 0; k < 25; k++) {
      const o = px;
      const c = o * (1 + (r() - 0.5) * 0.01);
      const h = Math.max(o, c) * (1 + r() * 0.003);
      const l = Math.min(o, c) * (1 - r() * 0.003);
      const v = Math.floor(r() * 30_000);
      m15.push(bar('AAA', '15m', open + k * 900_000, o, h, l, c, v));
      // three 5m bars that compose the 15m bar
      const mid1 = o + (c - o) / 3, mid2 = o + (2 * (c - o)) / 3;
      m5.push(bar('AAA', '5m', open + k * 900_000, o, h, Math.min(o, mid1), mid1, Math.floor(v / 3)));
      m5.push(bar('AAA', '5m', open + k * 900_000 + 300_000, mid1, Math.max(mid1, mid2), l, mid2, Math.floor(v / 3)));
      m5.push(bar('AAA', '5m', open + k * 900_000 + 600_000, mid2, Math.max(mid2, c), Math.min(mid2, c), c, v - 2 * Math.floor(v / 3)));
      dh = Math.max(dh, h); dl = Math.min(dl, l); dv += v; px = c;
    }
    D.push(bar('AAA', 'D', open, dOpen, dh, dl, px, dv));
  }
  return { D, m5, m15 };
}

function warm(md: ReturnType<typeof makeMd>['md'], h: ReturnType<typeof history>): void {
  md.warmUp('AAA', 'D', h.D);
  md.warmUp('AAA', '15m', h.m15);
  md.warmUp('AAA', '5m', h.m5);
}

const strip = (e: BarCloseEvent) => ({ ...e, fromHistory: undefined });

describe('MarketData', () => {
  it('today’s bars loaded from history give the same features as bars built from ticks', () => {
    const h = history(7);
    const live = makeMd();
    warm(live.md, h);
    const warmCount = live.events.length;
    const r = rng(99);
    let px = h.D.at(-1)!.close;
    let cum = 0;
    const start = at(TODAY, '09:15');
    for (let t = start; t < at(TODAY, '12:00'); t += 3_000 + Math.floor(r() * 4_000)) {
      px *= 1 + (r() - 0.5) * 0.002;
      cum += Math.floor(r() * 400);
      live.md.ingest(tick('AAA', t, Math.round(px * 20) / 20, cum));
      live.md.closeDue(t);
    }
    live.md.closeDue(at(TODAY, '12:00'));
    const today = live.events.slice(warmCount);
    expect(today.some((e) => e.fromHistory)).toBe(false);
    const f5 = today.filter((e) => e.tf === '5m');
    expect(f5).toHaveLength(33);
    expect(f5.at(-1)!.features!.vrp).not.toBeNull();
    expect(f5.at(-1)!.features!.ema200).not.toBeNull();

    const replay = makeMd();
    warm(replay.md, h);
    replay.md.warmUp('AAA', '15m', closed(today, '15m'), at(TODAY, '12:00'));
    replay.md.warmUp('AAA', '5m', closed(today, '5m'), at(TODAY, '12:00'));
    replay.md.warmUp('AAA', '1m', closed(today, '1m'), at(TODAY, '12:00'));
    const again = replay.events.slice(warmCount);
    expect(again.every((e) => e.fromHistory)).toBe(true);
    const sortKey = (e: { tf: string; bar: Bar }) => `${e.tf}:${e.bar.start}`;
    expect(again.map(strip).sort((a, b) => sortKey(a).localeCompare(sortKey(b))))
      .toEqual(today.map(strip).sort((a, b) => sortKey(a).localeCompare(sortKey(b))));
    expect(replay.md.features('AAA', '5m')).toEqual(live.md.features('AAA', '5m'));
    expect(replay.md.atr('AAA', '15m')).toBe(live.md.atr('AAA', '15m'));
  });

  it('daily() uses only sessions before today and rolls the finished session in after the close', () => {
    const h = history(8);
    const now = { t: at(TODAY, '10:00') };
    const { md } = makeMd(['AAA'], { now: () => now.t });
    // a "today" row from the history API must not leak into today's values
    md.warmUp('AAA', 'D', [...h.D, bar('AAA', 'D', at(TODAY, '09:15'), 1, 1e6, 1, 1e6, 1e12)]);
    const d = md.daily('AAA')!;
    const last10 = h.D.slice(-10);
    expect(d.volume10).toBeCloseTo(last10.reduce((a, b) => a + b.volume, 0) / 10, 6);
    expect(d.close10).toBeCloseTo(last10.reduce((a, b) => a + b.close, 0) / 10, 6);
    md.ingest(tick('AAA', at(TODAY, '15:00'), 600, 123_456, { open: 590, high: 610, low: 580 }));
    md.closeDue(at(TODAY, '15:30'));
    now.t = at(addDays(TODAY, 1), '09:16');
    const next = md.daily('AAA')!;
    expect(next.close10).toBeCloseTo((last10.slice(1).reduce((a, b) => a + b.close, 0) + 600) / 10, 6);
  });

  it('NIFTY 15m bars feed the trend and carry no features; unknown and invalid ticks are counted', () => {
    const { md, events } = makeMd(['AAA', 'NIFTY']);
    expect(md.symbols()).toEqual(['AAA']);
    const bars: Bar[] = [];
    let day = '2025-01-01';
    let k = 0;
    for (let i = 0; i < 300; i++) {
      if (k === 25) { day = addDays(day, 1); k = 0; }
      const p = 20000 + 0.05 * i * i;
      bars.push({ ...bar('NIFTY', '15m', istInstant(day, '09:15') + k * 900_000, p, p + 5, p - 5, p, 0), key: 'NSE_INDEX:NIFTY' });
      k++;
    }
    md.warmUp('NIFTY', '15m', bars);
    expect(md.niftyTrend()).toBe(1);
    expect(events.filter((e) => e.symbol === 'NIFTY').every((e) => e.features === null)).toBe(true);
    md.ingest(tick('ZZZ', at(TODAY, '10:00'), 1, 1));
    md.ingest(tick('AAA', at(TODAY, '10:00'), Number.NaN, 1));
    md.ingest(tick('AAA', at(TODAY, '10:00'), -1, 1));
    expect(md.stats()).toMatchObject({ unknownSymbol: 1, invalid: 2 });
  });

  it('a throwing listener is counted and does not stop other listeners or bar building', () => {
    const { md, events } = makeMd();
    md.onBarClose(() => {
      throw new Error('boom');
    });
    md.ingest(tick('AAA', at(TODAY, '10:00:01'), 100, 1));
    md.closeDue(at(TODAY, '10:05'));
    expect(events.map((e) => e.tf)).toEqual(['1m', '5m']);
    expect(md.stats().listenerErrors).toBe(2);
    expect(md.lastTickAt('AAA')).toBe(at(TODAY, '10:00:01'));
    md.ingest(tick('AAA', at(TODAY, '10:05:01'), 101, 2), at(TODAY, '10:05:02'));
    expect(md.lastTickAt('AAA')).toBe(at(TODAY, '10:05:02'));
  });
});
