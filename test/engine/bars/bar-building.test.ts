import { describe, expect, it } from 'vitest';
import { at, closed, makeMd, tick } from '../md-helpers.js';

const D = '2025-03-04';

describe('bar alignment and closing', () => {
  it('aligns 1m/5m/15m buckets to 09:15 and closes on a later-bucket tick', () => {
    const { md, events } = makeMd();
    md.ingest(tick('AAA', at(D, '09:15:00'), 100, 10));
    md.ingest(tick('AAA', at(D, '09:17:30'), 103, 20));
    md.ingest(tick('AAA', at(D, '09:19:59.999'.slice(0, 8)) + 999, 99, 25));
    expect(closed(events, '5m')).toHaveLength(0);
    md.ingest(tick('AAA', at(D, '09:20:00'), 101, 40));
    const five = closed(events, '5m');
    expect(five).toHaveLength(1);
    expect(five[0]).toMatchObject({ start: at(D, '09:15'), open: 100, high: 103, low: 99, close: 99, volume: 25, tf: '5m', key: 'NSE:AAA' });
    expect(closed(events, '1m').map((b) => b.start)).toEqual([at(D, '09:15'), at(D, '09:17'), at(D, '09:19')]);
    expect(closed(events, '15m')).toHaveLength(0);
    md.ingest(tick('AAA', at(D, '09:30:00'), 102, 41));
    expect(closed(events, '15m')[0]).toMatchObject({ start: at(D, '09:15'), open: 100, high: 103, low: 99, close: 101, volume: 40 });
  });

  it('closeDue closes a bar exactly at its end, not a millisecond before', () => {
    const { md, events } = makeMd();
    md.ingest(tick('AAA', at(D, '09:21:10'), 100, 5));
    md.closeDue(at(D, '09:21:59') + 999);
    expect(closed(events, '1m')).toHaveLength(0);
    md.closeDue(at(D, '09:22:00'));
    expect(closed(events, '1m')).toHaveLength(1);
    md.closeDue(at(D, '09:24:59') + 999);
    expect(closed(events, '5m')).toHaveLength(0);
    md.closeDue(at(D, '09:25:00'));
    expect(closed(events, '5m')).toHaveLength(1);
    md.closeDue(at(D, '09:30:00'));
    expect(closed(events, '15m')).toHaveLength(1);
    md.closeDue(at(D, '09:40:00'));
    expect(events).toHaveLength(3); // nothing closes twice
  });

  it('a minute without ticks produces no bar', () => {
    const { md, events } = makeMd();
    md.ingest(tick('AAA', at(D, '10:00:10'), 100, 1));
    md.ingest(tick('AAA', at(D, '10:02:10'), 101, 2));
    md.closeDue(at(D, '10:03:00'));
    expect(closed(events, '1m').map((b) => b.start)).toEqual([at(D, '10:00'), at(D, '10:02')]);
  });

  it('a late tick is counted, kept as last price, and changes no closed bar', () => {
    const { md, events } = makeMd();
    md.ingest(tick('AAA', at(D, '10:00:10'), 100, 1000));
    md.closeDue(at(D, '10:01:00'));
    md.ingest(tick('AAA', at(D, '10:00:59'), 120, 1010));
    expect(md.lastPrice('AAA')).toBe(120);
    expect(md.stats().late).toBe(1);
    expect(closed(events, '1m')[0]).toMatchObject({ high: 100, close: 100 });
    // still inside the forming 5m bar, so it counts there
    md.closeDue(at(D, '10:05:00'));
    expect(closed(events, '5m')[0]).toMatchObject({ high: 120, close: 120 });
  });

  it('ticks before 09:15 and from 15:30 are not in bars but update the last price', () => {
    const { md, events } = makeMd();
    md.ingest(tick('AAA', at(D, '09:14:59'), 99, 500));
    expect(md.lastPrice('AAA')).toBe(99);
    md.ingest(tick('AAA', at(D, '15:29:59'), 101, 900));
    md.ingest(tick('AAA', at(D, '15:30:00'), 150, 950));
    md.closeDue(at(D, '15:31:00'));
    expect(md.lastPrice('AAA')).toBe(150);
    expect(md.stats().outsideSession).toBe(2);
    expect(closed(events, '15m')).toHaveLength(1);
    expect(closed(events, '15m')[0]).toMatchObject({ start: at(D, '15:15'), high: 101 });
  });
});

describe('volume from cumulative day volume', () => {
  it('counts the first tick’s volume only in the first minute of the session', () => {
    const a = makeMd();
    a.md.ingest(tick('AAA', at(D, '09:15:02'), 100, 5000)); // includes the pre-open auction
    a.md.ingest(tick('AAA', at(D, '09:15:30'), 100, 5300));
    a.md.closeDue(at(D, '09:16'));
    expect(closed(a.events, '1m')[0]!.volume).toBe(5300);

    const b = makeMd(); // feed started mid-day: the day's volume so far belongs to no bar
    b.md.ingest(tick('AAA', at(D, '11:03:02'), 100, 900_000));
    b.md.ingest(tick('AAA', at(D, '11:03:30'), 100, 900_250));
    b.md.closeDue(at(D, '11:04'));
    expect(closed(b.events, '1m')[0]!.volume).toBe(250);
  });

  it('ignores a decrease, so one bad print does not double count', () => {
    const { md, events } = makeMd();
    md.ingest(tick('AAA', at(D, '10:00:01'), 100, 1000));
    md.ingest(tick('AAA', at(D, '10:00:02'), 100, 1100)); // +100
    md.ingest(tick('AAA', at(D, '10:00:03'), 100, 50)); // glitch: 0
    md.ingest(tick('AAA', at(D, '10:00:04'), 100, 1150)); // +50
    md.closeDue(at(D, '10:01'));
    expect(closed(events, '1m')[0]!.volume).toBe(150);
  });

  it('builds the session daily bar from the feed’s day OHLC and cumulative volume', () => {
    const { md } = makeMd();
    md.ingest(tick('AAA', at(D, '11:00:00'), 101, 70_000, { open: 98, high: 105, low: 97 }));
    md.ingest(tick('AAA', at(D, '11:00:05'), 106, 70_100));
    expect(md.sessionBar('AAA')).toMatchObject({ tf: 'D', start: at(D, '09:15'), open: 98, high: 106, low: 97, close: 106, volume: 70_100 });
  });
});

describe('history/live seam', () => {
  it('a live tick inside a bar loaded from history is late; the forming history bar is extended without double counting', () => {
    const { md, events } = makeMd();
    const hist = [0, 1, 2, 3, 4].map((i) => ({ key: 'NSE:AAA', tf: '1m' as const, start: at(D, '09:15') + i * 60_000, open: 100, high: 101, low: 99, close: 100, volume: 100 }));
    md.warmUp('AAA', '1m', hist, at(D, '09:19:30')); // the 09:19 bar is still forming at 09:19:30
    expect(closed(events, '1m')).toHaveLength(4);
    expect(events.every((e) => e.fromHistory)).toBe(true);
    // First live tick of the session: sets the volume baseline (adds nothing) and is late for 1m,
    // because 09:18 was closed from history.
    md.ingest(tick('AAA', at(D, '09:18:59'), 105, 10_000));
    expect(md.stats().late).toBe(1);
    md.ingest(tick('AAA', at(D, '09:19:40'), 102, 10_040)); // +40
    md.ingest(tick('AAA', at(D, '09:19:50'), 98, 10_070)); // +30
    md.closeDue(at(D, '09:20'));
    const last = closed(events, '1m').at(-1)!;
    expect(last).toMatchObject({ start: at(D, '09:19'), open: 100, high: 102, low: 98, close: 98, volume: 170 });
    expect(events.at(-1)!.fromHistory).toBe(false);
  });

  it('history replay skips bars already closed (no duplicates) and rejects misaligned bars', () => {
    const { md, events } = makeMd();
    const b = { key: 'NSE:AAA', tf: '5m' as const, start: at(D, '09:15'), open: 1, high: 2, low: 1, close: 2, volume: 3 };
    md.warmUp('AAA', '5m', [b], at(D, '12:00'));
    md.warmUp('AAA', '5m', [b, { ...b, start: at(D, '09:21') }], at(D, '12:00'));
    expect(closed(events, '5m')).toHaveLength(1);
    expect(md.stats().historyRejected).toBe(1);
    expect(() => md.warmUp('ZZZ', '5m', [])).toThrow(/unknown symbol 'ZZZ'/);
  });
});
