import { describe, expect, it } from 'vitest';
import { parseFrame, type ParseContext } from '../../../source/adapters/feed/frame-parser.js';
import { normaliseTimestamp } from '../../../source/adapters/feed/timestamp.js';

const NOW = 1_756_267_800_000;

function ctx(over: Partial<ParseContext> = {}): ParseContext {
  return {
    now: NOW,
    maxFrameBytes: 1024,
    maxSkewMs: 300_000,
    symbols: new Map([
      ['NSE:SBIN', { lastTs: NOW - 5000 }],
      ['NSE_INDEX:NIFTY', { lastTs: -Infinity }],
    ]),
    ...over,
  };
}

const md = (data: Record<string, unknown>, symbol = 'SBIN', exchange = 'NSE') => JSON.stringify({ type: 'market_data', symbol, exchange, mode: 1, data });

describe('normaliseTimestamp', () => {
  it.each([
    [1_756_267_800, NOW],
    [NOW, NOW],
    ['1756267800', NOW],
    ['1756267800000', NOW],
    ['2025-08-27T04:10:00Z', NOW],
    ['2025-08-27T09:40:00+05:30', NOW],
    ['2025-08-27 09:40:00+0530', NOW],
  ])('%s → epoch ms', (input, expected) => {
    expect(normaliseTimestamp(input)).toBe(expected);
  });

  it.each([['2025-08-27 09:40:00'], ['yesterday'], [''], [-5], [Number.NaN], [null], [{}]])('%s is not a time', (input) => {
    expect(normaliseTimestamp(input)).toBeNaN();
  });
});

describe('parseFrame', () => {
  it('accepts a tick from a Buffer, with seconds in ltt when timestamp is absent', () => {
    const r = parseFrame(Buffer.from(md({ ltp: 812.35, ltt: 1_756_267_801, volume: '100', open: 'NaN', close: 800 })), ctx());
    expect(r).toEqual({ kind: 'tick', key: 'NSE:SBIN', symbol: 'SBIN', exchange: 'NSE', partial: { ltp: 812.35, ts: NOW + 1000, volume: 100, prevClose: 800 } });
  });

  it('uses the clock for a tick with no timestamp at all', () => {
    const r = parseFrame(md({ ltp: 24712.4 }, 'NIFTY', 'NSE_INDEX'), ctx());
    expect(r).toMatchObject({ kind: 'tick', partial: { ltp: 24712.4, ts: NOW } });
  });

  it('measures size in bytes, not characters, before parsing', () => {
    const text = md({ ltp: 1, note: 'é'.repeat(400) }); // ~450 chars, ~850 bytes
    expect(parseFrame(text, ctx({ maxFrameBytes: 800 }))).toMatchObject({ kind: 'reject', reason: 'oversized' });
    expect(parseFrame(text, ctx({ maxFrameBytes: 1000 })).kind).not.toBe('reject');
  });

  it.each([
    ['[1,2]', 'bad_envelope'],
    ['"hello"', 'bad_envelope'],
    ['{"hello":1}', 'bad_envelope'],
    ['{"type":"market_data","symbol":"SBIN","exchange":"NSE","data":null}', 'bad_envelope'],
    ['{nope', 'malformed_json'],
    [md({ timestamp: NOW }), 'bad_price'],
    [md({ ltp: 'x', timestamp: NOW }), 'bad_price'],
    [md({ ltp: 1, timestamp: {} }), 'bad_timestamp'],
    [md({ ltp: 1, timestamp: NOW - 301_000 }), 'timestamp_skew'],
    [md({ ltp: 1, timestamp: NOW - 6000 }), 'out_of_order'],
  ])('rejects %s as %s', (frame, reason) => {
    expect(parseFrame(frame, ctx())).toMatchObject({ kind: 'reject', reason });
  });

  it('dispatches error frames on status when there is no type', () => {
    expect(parseFrame('{"status":"error","code":"AUTHENTICATION_ERROR","message":"Invalid API key"}', ctx())).toEqual({
      kind: 'error',
      code: 'AUTHENTICATION_ERROR',
      message: 'Invalid API key',
    });
  });

  it('reads auth, pong, subscribe acks with per-symbol failures, and ignores other types', () => {
    expect(parseFrame('{"type":"auth","status":"success","message":"ok","broker":"angel"}', ctx())).toEqual({ kind: 'auth', ok: true, message: 'ok', broker: 'angel' });
    expect(parseFrame('{"type":"pong","status":"success","client_timestamp":5,"_pingId":"p1"}', ctx())).toEqual({ kind: 'pong', pingId: 'p1', clientTs: 5 });
    const ack = parseFrame(
      JSON.stringify({
        type: 'subscribe',
        status: 'partial',
        request_id: 'r1',
        message: 'done',
        subscriptions: [
          { symbol: 'SBIN', exchange: 'NSE', status: 'success' },
          { symbol: 'FOO', exchange: 'NSE', status: 'error', message: 'Symbol FOO not found' },
        ],
      }),
      ctx(),
    );
    expect(ack).toEqual({ kind: 'ack', action: 'subscribe', status: 'partial', requestId: 'r1', message: 'done', failures: [{ key: 'NSE:FOO', message: 'Symbol FOO not found' }] });
    expect(parseFrame('{"type":"order_update","orderid":"1"}', ctx())).toEqual({ kind: 'ignored', type: 'order_update' });
  });
});
