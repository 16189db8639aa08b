import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanMarketData } from '../../../source/adapters/feed/fast-frame.js';
import { parseFrame, type ParseContext } from '../../../source/adapters/feed/frame-parser.js';

const NOW = 1_756_267_800_000;

function ctx(): ParseContext {
  return {
    now: NOW,
    maxFrameBytes: 1 << 20,
    maxSkewMs: 300_000,
    symbols: new Map([
      ['NSE:SBIN', { lastTs: NOW - 5000 }],
      ['NSE:M&M', { lastTs: -Infinity }],
    ]),
  };
}

// The reference: a string frame always goes through JSON.parse; a Buffer may take the byte scanner.
function agree(frame: Buffer): void {
  expect(parseFrame(frame, ctx())).toEqual(parseFrame(frame.toString('utf8'), ctx()));
}

const numberText = fc.stringMatching(/^-?(0|[1-9]\d{0,19})(\.\d{1,24})?([eE][+-]?\d{1,3})?$/);
const scalarText = fc.oneof(
  numberText,
  fc.double().map((n) => JSON.stringify(n)),
  fc.integer({ min: NOW - 400_000, max: NOW + 400_000 }).map(String),
  fc.constantFrom('null', 'true', 'false', '""', '" 12 "', '"0x10"', '"1756267800"', '"2025-08-27T04:10:00Z"', '"abc"', '"\\u0031"', '"é"', '{}', '[1,{"a":[]}]'),
);
const ws = fc.constantFrom('', ' ', '\n', '\t ', '\r\n');
const dataKey = fc.constantFrom('ltp', 'timestamp', 'ltt', 'volume', 'open', 'high', 'low', 'close', 'average_price', 'depth', 'l\\u0074p');
const entries = (keys: fc.Arbitrary<string>) =>
  fc.array(fc.tuple(keys, scalarText, ws, ws), { maxLength: 10 }).map((es) => es.map(([k, v, a, z]) => `${a}"${k}"${z}:${a}${v}${z}`).join(','));
const topExtra = fc.constantFrom('', '"mode":2,', '"broker":"bench",', '"depth":{"buy":[{"price":1.5,"quantity":2}],"sell":[]},', '"type":"market_data",', '"symbol":"SBIN",');
const frameText = fc
  .tuple(
    topExtra,
    fc.constantFrom('"market_data"', '"auth"', '"market\\u005fdata"', '1'),
    fc.constantFrom('"SBIN"', '"M&M"', '"NIFTY"', '"SB\\u0049N"', '"SBİN"', 'null'),
    fc.constantFrom('"NSE"', '"BSE"', '5'),
    entries(dataKey),
    ws,
  )
  .map(([extra, type, symbol, exchange, data, w]) => `${w}{${extra}"type":${type},"symbol":${symbol},${w}"exchange":${exchange},"data":{${data}}}${w}`);

describe('scanMarketData', () => {
  it('reads a quote frame without JSON.parse', () => {
    const s = scanMarketData(Buffer.from('{"type":"market_data","symbol":"SBIN","exchange":"NSE","mode":2,"data":{"ltp":812.35,"volume":"100","depth":{"buy":[]}}}'));
    expect(s).toEqual({ symbol: 'SBIN', exchange: 'NSE', key: 'NSE:SBIN', data: { ltp: 812.35, volume: '100', timestamp: undefined, ltt: undefined, open: undefined, high: undefined, low: undefined, close: undefined } });
  });

  it.each([
    ['a control frame', '{"type":"auth","status":"success"}'],
    ['an escaped symbol', '{"type":"market_data","symbol":"SB\\u0049N","exchange":"NSE","data":{"ltp":1}}'],
    ['a repeated key', '{"type":"market_data","symbol":"SBIN","exchange":"NSE","data":{"ltp":1,"ltp":2}}'],
    ['trailing garbage', '{"type":"market_data","symbol":"SBIN","exchange":"NSE","data":{"ltp":1}}x'],
    ['a leading zero', '{"type":"market_data","symbol":"SBIN","exchange":"NSE","data":{"ltp":01}}'],
    ['an object as a kept value', '{"type":"market_data","symbol":"SBIN","exchange":"NSE","data":{"ltp":{}}}'],
  ])('declines %s (JSON.parse decides)', (_name, frame) => {
    expect(scanMarketData(Buffer.from(frame))).toBeNull();
  });

  it('gives the same result as the JSON.parse path for generated frames', () => {
    fc.assert(fc.property(frameText, (text) => agree(Buffer.from(text))), { numRuns: 3000 });
  });

  it('gives the same result as the JSON.parse path when bytes are deleted, replaced or inserted', () => {
    const edit = fc.tuple(fc.nat(), fc.constantFrom('del', 'set', 'ins'), fc.constantFrom(...'{}[]":,.-+eE0159 \\\n\u0001aé\u00ff'.split('')));
    fc.assert(
      fc.property(frameText, fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
        const bytes = [...Buffer.from(text)];
        for (const [at, op, ch] of edits) {
          const i = at % (bytes.length + 1);
          const c = Buffer.from(ch, 'latin1');
          if (op === 'del') bytes.splice(i, 1);
          else if (op === 'set') bytes.splice(i, 1, ...c);
          else bytes.splice(i, 0, ...c);
        }
        agree(Buffer.from(bytes));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads numbers to the same double as JSON.parse', () => {
    fc.assert(
      fc.property(numberText, (n) => {
        const s = scanMarketData(Buffer.from(`{"type":"market_data","symbol":"SBIN","exchange":"NSE","data":{"ltp":${n}}}`));
        expect(Object.is(s?.data.ltp, JSON.parse(n))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
