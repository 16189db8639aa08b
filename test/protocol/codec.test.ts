import { describe, expect, it } from 'vitest';
import {
  canonicalAuthInput,
  decodePub,
  decodeReply,
  decodeRequest,
  decodeResult,
  encodePub,
  encodeReply,
  encodeRequest,
  errorReply,
  okReply,
  type PubMessage,
} from '../../source/protocol/index.js';
import { makeView } from '../adapters/bus/fake-engine.js';

const head = { v: 1 as const, seq: 7, ts: 1_750_000_000_000, engineId: 'a1b2c3d4e5f60718' };

describe('protocol v1 codecs', () => {
  it('round-trips every PUB topic', () => {
    const msgs: PubMessage[] = [
      { ...head, topic: 'state', view: makeView({ symbols: 3 }) },
      { ...head, topic: 'event', event: { type: 'engine-state', state: 'PAUSED', reason: 'user' } },
      { ...head, topic: 'event', event: { type: 'log', record: { ts: 1, level: 'warn', msg: 'x', fields: { a: 1 } } } },
      { ...head, topic: 'hb' },
    ];
    for (const m of msgs) {
      const frames = encodePub(m);
      expect(frames[0]).toBe(m.topic);
      expect(JSON.parse(frames[1])).not.toHaveProperty('topic');
      expect(decodePub([Buffer.from(frames[0]), Buffer.from(frames[1])])).toEqual({ ok: true, value: m });
    }
  });

  it('rejects bad PUB messages with a typed error naming the problem', () => {
    const cases: [unknown[], string, RegExp][] = [
      [['state'], 'bad_request', /2 frames/],
      [['nope', JSON.stringify(head)], 'bad_request', /unknown topic/],
      [['hb', '{'], 'bad_request', /JSON/],
      [['hb', JSON.stringify({ ...head, v: 2 })], 'unsupported_version', /version 2/],
      [['hb', JSON.stringify({ ...head, seq: -1 })], 'bad_request', /seq/],
      [['state', JSON.stringify({ ...head, view: { ...makeView(), engineState: 'ASLEEP' } })], 'bad_request', /view\.engineState/],
      [['event', JSON.stringify({ ...head, event: { type: 'teleport' } })], 'bad_request', /event/],
    ];
    for (const [frames, code, msg] of cases) {
      const r = decodePub(frames as string[]);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(code);
        expect(r.error.message).toMatch(msg);
      }
    }
  });

  it('round-trips requests and normalizes empty args', () => {
    const req = { v: 1 as const, id: 'r1', type: 'flatten' as const, args: { symbol: 'M&M' }, auth: { ts: 5, mac: 'ab'.repeat(32) } };
    expect(decodeRequest(encodeRequest(req))).toEqual({ ok: true, value: req });
    expect(decodeRequest(JSON.stringify({ v: 1, id: 'r2', type: 'pause', args: {} }))).toEqual({ ok: true, value: { v: 1, id: 'r2', type: 'pause', args: undefined } });
  });

  it('rejects bad requests, keeping the id when it can be read', () => {
    const expectErr = (raw: string, code: string, id: string | null, msg: RegExp) => {
      const r = decodeRequest(raw);
      expect(r).toMatchObject({ ok: false, id, error: { code } });
      if (!r.ok) expect(r.error.message).toMatch(msg);
    };
    expectErr('{', 'bad_request', null, /JSON/);
    expectErr(JSON.stringify({ v: 1, id: 'q', type: 'fly' }), 'unknown_type', 'q', /fly/);
    expectErr(JSON.stringify({ v: 1, id: 'q', type: 'flatten' }), 'bad_request', 'q', /args for flatten/);
    expectErr(JSON.stringify({ v: 1, id: 'q', type: 'flatten', args: { symbol: 'sbin; rm -rf' } }), 'bad_request', 'q', /symbol/);
    expectErr(JSON.stringify({ v: 1, id: 'q', type: 'set-log-level', args: { level: 'loud' } }), 'bad_request', 'q', /level/);
    expectErr(JSON.stringify({ v: 1, id: 'q', type: 'ping', extra: 1 }), 'bad_request', 'q', /extra/);
    expectErr(JSON.stringify({ v: 1, id: 'q', type: 'halt', auth: { ts: 1, mac: 'zz' } }), 'bad_request', 'q', /mac/);
    expectErr(JSON.stringify({ v: 3, id: 'q', type: 'ping' }), 'unsupported_version', 'q', /v1/);
    expectErr('[1,2]', 'bad_request', null, /root|expected/i);
  });

  it('round-trips replies and validates results per request type', () => {
    const ok = okReply('r1', { message: 'paused' });
    expect(decodeReply(encodeReply(ok))).toEqual({ ok: true, value: ok });
    const err = errorReply('r2', 'refused', 'no position');
    expect(decodeReply(encodeReply(err))).toEqual({ ok: true, value: err });
    expect(decodeReply(JSON.stringify({ v: 1, id: 'x', ok: true }))).toMatchObject({ ok: false });
    expect(decodeResult('snapshot', { seq: 1, engineId: 'e', view: makeView(), logs: [] }).ok).toBe(true);
    expect(decodeResult('snapshot', { seq: 1, engineId: 'e', logs: [] })).toMatchObject({ ok: false, error: { message: /view/ } });
    expect(decodeResult('flatten', { message: 'x', closed: [{ symbol: 'A', outcome: 'LOST' }] }).ok).toBe(false);
  });

  it('the MAC input does not depend on key order or on how "no args" is spelled', () => {
    expect(canonicalAuthInput('i', 't', { b: 1, a: 2 }, 9)).toBe(canonicalAuthInput('i', 't', { a: 2, b: 1 }, 9));
    expect(canonicalAuthInput('i', 't', {}, 9)).toBe(canonicalAuthInput('i', 't', undefined, 9));
    expect(canonicalAuthInput('i', 't', { s: 'A' }, 9)).not.toBe(canonicalAuthInput('i', 't', { s: 'B' }, 9));
  });
});

describe('decodePubHeader', () => {
  it('reads the sequence of a message whose body is of an unknown kind', async () => {
    const { decodePubHeader } = await import('../../source/protocol/index.js');
    const frames = ['event', JSON.stringify({ ...head, event: { type: 'from-the-future' } })];
    expect(decodePub(frames).ok).toBe(false);
    expect(decodePubHeader(frames)).toEqual({ ok: true, value: { seq: 7, engineId: head.engineId, ts: head.ts } });
    expect(decodePubHeader(['hb', '{}']).ok).toBe(false);
  });
});
