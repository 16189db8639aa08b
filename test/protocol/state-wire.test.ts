import { describe, expect, it } from 'vitest';
import type { WatchRow } from '../../source/domain/view.js';
import { MAX_WATCH_ROWS, decodePub, encodePub, peekPub, selectWatchRows, viewForWire } from '../../source/protocol/index.js';
import { makeView } from '../adapters/bus/fake-engine.js';

const head = { v: 1 as const, seq: 42, ts: 1_750_000_000_123, engineId: 'a1b2c3d4e5f60718' };
const row = (i: number, over: Partial<WatchRow> = {}): WatchRow => ({
  symbol: `S${i}`,
  last: 100 + i,
  changePct: 0.5,
  trend: 1,
  setup: null,
  held: false,
  ...over,
});

describe('state on the wire', () => {
  it('puts the header first so the sequence is read without parsing the body', () => {
    const [topic, body] = encodePub({ ...head, topic: 'state', view: makeView({ watchlist: [row(1)] }) });
    expect(body.startsWith('{"v":1,"seq":42,"ts":1750000000123,"engineId":"a1b2c3d4e5f60718",')).toBe(true);
    expect(peekPub([Buffer.from(topic), Buffer.from(body)])).toEqual({ ok: true, value: { topic: 'state', seq: 42, ts: head.ts, engineId: head.engineId } });
  });

  it('peeks other writers (any key order) by parsing, and refuses other versions and broken bodies', () => {
    const reordered = JSON.stringify({ view: makeView(), engineId: 'e1', ts: 5, seq: 3, v: 1 });
    expect(peekPub(['state', reordered])).toEqual({ ok: true, value: { topic: 'state', seq: 3, ts: 5, engineId: 'e1' } });
    expect(peekPub(['hb', '{"v":2,"seq":1,"ts":1,"engineId":"x"}'])).toMatchObject({ ok: false, error: { code: 'unsupported_version' } });
    expect(peekPub(['hb', JSON.stringify({ engineId: 'x', v: 2, seq: 1, ts: 1 })])).toMatchObject({ ok: false, error: { code: 'unsupported_version' } });
    expect(peekPub(['state', '{"v":1,"seq":'])).toMatchObject({ ok: false, error: { code: 'bad_request', message: /JSON/ } });
    expect(peekPub(['state'])).toMatchObject({ ok: false, error: { message: /2 frames/ } });
  });

  it('checks every watchlist row and names the first bad one', () => {
    const rows = Array.from({ length: 500 }, (_, i) => row(i));
    const bad = (r: unknown) => JSON.stringify({ ...head, view: { ...makeView(), watchlist: [...rows.slice(0, 300), r] } });
    const cases: [unknown, RegExp][] = [
      [{ ...row(1), symbol: 7 }, /view\.watchlist\.300\.symbol: expected a string/],
      [{ ...row(1), last: 'x' }, /view\.watchlist\.300\.last/],
      [{ ...row(1), changePct: '1%' }, /view\.watchlist\.300\.changePct/],
      [{ ...row(1), held: 'yes' }, /view\.watchlist\.300\.held/],
      [null, /view\.watchlist\.300: expected an object/],
    ];
    for (const [r, msg] of cases) {
      const d = decodePub(['state', bad(r)]);
      expect(d.ok).toBe(false);
      if (!d.ok) expect(d.error.message).toMatch(msg);
    }
    const good = decodePub(['state', JSON.stringify({ ...head, view: { ...makeView(), watchlist: [...rows, { ...row(9), last: null, extra: 1 }] } })]);
    expect(good.ok).toBe(true);
    if (good.ok && good.value.topic === 'state') expect(good.value.view.watchlist).toHaveLength(501);
  });

  it('sends held rows and the most advanced setups first, in engine order, capped', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => row(i));
    rows[1500] = row(1500, { held: true });
    rows[1999] = row(1999, { setup: { strategy: '11', met: 7, total: 8 } });
    rows[10] = row(10, { setup: { strategy: '9', met: 1, total: 8 } });
    const sent = selectWatchRows(rows, 5);
    expect(sent.map((r) => r.symbol)).toEqual(['S0', 'S10', 'S1', 'S1500', 'S1999'].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
    expect(selectWatchRows(rows, 0)).toEqual([]);
    const small = rows.slice(0, 3);
    expect(selectWatchRows(small, 5)).toBe(small);

    const view = makeView({ watchlist: rows, symbols: 2000 });
    const wire = viewForWire(view);
    expect(wire.watchlist).toHaveLength(MAX_WATCH_ROWS);
    expect(wire.symbols).toBe(2000); // how many the engine watches
    expect(view.watchlist).toHaveLength(2000); // the engine's view is not touched
    const fits = makeView({ watchlist: rows.slice(0, 10) });
    expect(viewForWire(fits)).toBe(fits);
  });
});
