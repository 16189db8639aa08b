import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAlgoHistory, OpenAlgoQuotes } from '../../../source/adapters/openalgo/data.js';
import { OpenAlgoRestClient } from '../../../source/adapters/openalgo/rest-client.js';
import { ManualClock } from '../../../source/engine/manual-clock.js';
import { equity, NIFTY } from '../../../source/domain/market.js';
import { istInstant } from '../../../source/domain/time.js';
import { silentLogger } from '../../../source/ports/logger.js';

let server: Server | null = null;
const seen: Array<{ url: string; body: Record<string, unknown> }> = [];

async function serve(routes: Record<string, (body: Record<string, unknown>) => unknown>): Promise<OpenAlgoRestClient> {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      seen.push({ url: req.url ?? '', body });
      const name = (req.url ?? '').replace('/api/v1/', '');
      const route = routes[name];
      res.writeHead(route ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(route ? route(body) : { status: 'error', message: 'no route' }));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return new OpenAlgoRestClient({ host: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: 'k' });
}

afterEach(async () => {
  seen.length = 0;
  const s = server;
  server = null;
  if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
});

describe('OpenAlgoHistory', () => {
  it('maps epoch-second candles to bars and rejects bad ones with a counted reason', async () => {
    const t = istInstant('2025-08-27', '09:15') / 1000;
    const client = await serve({
      history: () => ({
        status: 'success',
        data: [
          { timestamp: t, open: 812, high: 813.4, low: 811.2, close: 812.9, volume: 41233, oi: 0 },
          { timestamp: t + 60, open: 812.9, high: 812, low: 812.5, close: 813.7, volume: 1 }, // high below close
          { timestamp: 'soon', open: 1, high: 1, low: 1, close: 1, volume: 1 },
          { timestamp: t + 120, open: 0, high: 1, low: 1, close: 1, volume: 1 },
          { timestamp: t + 180, open: 813, high: 814, low: 812, close: 813.5, volume: -5 },
          { timestamp: t + 60, open: 813, high: 814, low: 812, close: 813.5, volume: 5 },
          { timestamp: t - 60, open: 813, high: 814, low: 812, close: 813.5, volume: 5 }, // goes backwards
          null,
        ],
      }),
    });
    const h = new OpenAlgoHistory({ client, logger: silentLogger });
    const bars = await h.history(equity('SBIN'), '1m', '2025-08-27', '2025-08-27');
    expect(seen[0]?.body).toEqual({ symbol: 'SBIN', exchange: 'NSE', interval: '1m', start_date: '2025-08-27', end_date: '2025-08-27', apikey: 'k' });
    expect(bars).toEqual([
      { key: 'NSE:SBIN', tf: '1m', start: t * 1000, open: 812, high: 813.4, low: 811.2, close: 812.9, volume: 41233 },
      { key: 'NSE:SBIN', tf: '1m', start: (t + 60) * 1000, open: 813, high: 814, low: 812, close: 813.5, volume: 5 },
    ]);
    expect(h.rejections()).toEqual({ bad_range: 1, bad_timestamp: 1, bad_price: 1, bad_volume: 1, out_of_order: 1, bad_candle: 1 });
  });

  it('pins daily candles to 09:15 IST of their calendar date, whether sent as 00:00 UTC or 00:00 IST', async () => {
    const utcMidnight = Date.UTC(2025, 7, 26) / 1000; // Zerodha style
    const istMidnight = istInstant('2025-08-27') / 1000; // 18:30 UTC of the previous day
    const client = await serve({
      history: () => ({
        status: 'success',
        data: [
          { timestamp: utcMidnight, open: 100, high: 110, low: 95, close: 105, volume: 10 },
          { timestamp: istMidnight, open: 105, high: 111, low: 101, close: 109, volume: 12 },
        ],
      }),
    });
    const bars = await new OpenAlgoHistory({ client, logger: silentLogger }).history(NIFTY, 'D', '2025-08-26', '2025-08-27');
    expect(bars.map((b) => b.start)).toEqual([istInstant('2025-08-26', '09:15'), istInstant('2025-08-27', '09:15')]);
    expect(bars[0]).toMatchObject({ key: 'NSE_INDEX:NIFTY', tf: 'D' });
  });
});

describe('OpenAlgoQuotes', () => {
  it('returns ltp with the clock time, and null for a quote without a valid ltp', async () => {
    const clock = new ManualClock(istInstant('2025-08-27', '11:00'));
    const client = await serve({
      quotes: (b) => ({ status: 'success', data: b.symbol === 'SBIN' ? { ltp: 812.35, prev_close: 800, volume: 10 } : { ltp: 0 } }),
    });
    const q = new OpenAlgoQuotes({ client, clock, logger: silentLogger });
    expect(await q.quote(equity('SBIN'))).toEqual({ ltp: 812.35, ts: clock.now(), prevClose: 800, volume: 10 });
    expect(await q.quote(equity('DEAD'))).toBeNull();
  });

  it('fetches multiquotes in batches keyed EXCHANGE:SYMBOL', async () => {
    const clock = new ManualClock(istInstant('2025-08-27', '11:00'));
    const client = await serve({
      multiquotes: (b) => ({
        status: 'success',
        results: (b.symbols as Array<{ symbol: string; exchange: string }>).map((s) => ({ ...s, data: { ltp: s.symbol === 'BAD' ? 'x' : 100 } })),
      }),
    });
    const q = new OpenAlgoQuotes({ client, clock, logger: silentLogger, batchSize: 2 });
    const out = await q.multiquotes([equity('A'), equity('B'), equity('BAD'), NIFTY]);
    expect([...out.keys()].sort()).toEqual(['NSE:A', 'NSE:B', 'NSE_INDEX:NIFTY']);
    expect(seen.filter((s) => s.url === '/api/v1/multiquotes')).toHaveLength(2);
  });
});
