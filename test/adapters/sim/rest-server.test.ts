import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../../source/adapters/sim/rest-router.js';
import { startSimMarket, type SimMarket } from '../../../source/adapters/sim/sim-market.js';
import { istInstant } from '../../../source/domain/time.js';

const DATE = '2025-09-15';
let sim: SimMarket;

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sim.restUrl}/api/v1/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  sim = await startSimMarket({
    seed: 5, symbols: ['RELIANCE', 'SBIN'], date: DATE, start: '11:30', speed: 1, apiKey: 'secret',
    routeModules: [
      (router, state) => router.register({
        path: 'lastprice', errorStyle: 'repr',
        fields: { apikey: { type: 'string', required: true }, symbol: { type: 'string', required: true } },
        handle: (b) => ok({ ltp: state.lastPrice(b.symbol as string) }),
      }),
    ],
  });
});
afterAll(async () => sim.stop());

describe('sim REST: auth and schema', () => {
  it('answers ping, and 403 "Invalid openalgo apikey" on a wrong key', async () => {
    expect(await post('ping', { apikey: 'secret' })).toEqual({ status: 200, json: { status: 'success', data: { message: 'pong', broker: 'sim' } } });
    expect(await post('ping/', { apikey: 'wrong' })).toEqual({ status: 403, json: { status: 'error', message: 'Invalid openalgo apikey' } });
  });

  it('rejects unknown and missing fields with marshmallow-style 400s, and a non-JSON body with 500', async () => {
    expect(await post('quotes', { apikey: 'secret', symbol: 'SBIN', exchange: 'NSE', validity: 'DAY' })).toEqual({
      status: 400, json: { status: 'error', message: { validity: ['Unknown field.'] } },
    });
    const missing = await post('quotes', { symbol: 'SBIN', exchange: 'XYZ' });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toMatchObject({ apikey: ['Missing data for required field.'], exchange: [expect.stringMatching(/^Must be one of: NSE, BSE/)] });
    expect((await post('quotes', '{not json')).status).toBe(500);
    const repr = await post('lastprice', { apikey: 'secret', symbol: 'SBIN', extra: 1 });
    expect(repr).toEqual({ status: 400, json: { status: 'error', message: "{'extra': ['Unknown field.']}" } });
  });
});

describe('sim REST: market data', () => {
  it('quotes at the sim clock, and 400 for a symbol not in the market', async () => {
    const { status, json } = await post('quotes', { apikey: 'secret', symbol: 'SBIN', exchange: 'NSE' });
    expect(status).toBe(200);
    const q = json.data as Record<string, number>;
    expect(Object.keys(q).sort()).toEqual(['ask', 'bid', 'high', 'low', 'ltp', 'oi', 'open', 'prev_close', 'volume']);
    const model = sim.model.quoteAt('SBIN', sim.clock.now());
    expect(q.prev_close).toBe(model.prevClose);
    expect(q.open).toBe(model.open);
    expect(q.volume).toBeGreaterThan(0);
    expect(q.ask).toBeCloseTo((q.ltp as number) + 0.05, 5);
    const unknown = await post('quotes', { apikey: 'secret', symbol: 'FOO', exchange: 'NSE' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.message).toMatch(/^Symbol 'FOO' not found for exchange 'NSE'\./);
    expect((await post('quotes', { apikey: 'secret', symbol: 'NIFTY', exchange: 'NSE' })).status).toBe(400);
  });

  it('multiquotes returns one result per instrument', async () => {
    const { json } = await post('multiquotes', { apikey: 'secret', symbols: [{ symbol: 'SBIN', exchange: 'NSE' }, { symbol: 'NIFTY', exchange: 'NSE_INDEX' }, { symbol: 'FOO', exchange: 'NSE' }] });
    const results = json.results as Array<Record<string, unknown>>;
    expect(results.map((r) => r.symbol)).toEqual(['SBIN', 'NIFTY', 'FOO']);
    expect(results[1]?.data).toMatchObject({ ltp: expect.any(Number), volume: 0 });
    expect(results[2]?.error).toMatch(/not found/);
    expect((await post('multiquotes', { apikey: 'secret', symbols: [] })).status).toBe(400);
  });

  it('serves history with epoch-second timestamps: candle start intraday, 00:00 UTC daily', async () => {
    const intraday = await post('history', { apikey: 'secret', symbol: 'RELIANCE', exchange: 'NSE', interval: '5m', start_date: '2025-09-12', end_date: DATE });
    const rows = intraday.json.data as Array<Record<string, number>>;
    expect(rows[0]).toEqual({ ...rows[0], oi: 0 });
    expect(rows[0]?.timestamp).toBe(istInstant('2025-09-12', '09:15') / 1000);
    // Today only up to the sim clock: 09:15–11:30 is 27 complete 5m bars.
    expect(rows.length).toBe(75 + 27);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.timestamp).toBeGreaterThan(rows[i - 1]?.timestamp as number);
    const model = sim.model.history('RELIANCE', '5m', '2025-09-12', '2025-09-12')[3];
    expect(rows[3]).toEqual({ timestamp: (model?.start as number) / 1000, open: model?.open, high: model?.high, low: model?.low, close: model?.close, volume: model?.volume, oi: 0 });
    const daily = await post('history', { apikey: 'secret', symbol: 'NIFTY', exchange: 'NSE_INDEX', interval: 'D', start_date: '2025-08-01', end_date: DATE });
    const days = daily.json.data as Array<Record<string, number>>;
    expect(days.at(-1)?.timestamp).toBe(Date.UTC(2025, 8, 12) / 1000);
    expect(days.length).toBeGreaterThanOrEqual(30);
    const bad = await post('history', { apikey: 'secret', symbol: 'SBIN', exchange: 'NSE', interval: '3m', start_date: DATE, end_date: DATE });
    expect(bad).toMatchObject({ status: 400, json: { status: 'error', message: expect.stringMatching(/^Invalid interval '3m'/) } });
    const schema = await post('history', { apikey: 'secret', symbol: 'SBIN', exchange: 'NSE', interval: '60m', start_date: '15-09-2025', end_date: DATE });
    expect(schema.json.message).toMatchObject({ interval: [expect.stringMatching(/^Must be one of/)], start_date: ['Not a valid date.'] });
  });

  it('lists intervals, reports analyzer off, and exposes the sim clock', async () => {
    expect((await post('intervals', { apikey: 'secret' })).json.data).toEqual({ seconds: [], minutes: ['1m', '5m', '15m'], hours: [], days: ['D'], weeks: [], months: [] });
    expect((await post('analyzer', { apikey: 'secret' })).json.data).toMatchObject({ analyze_mode: false, mode: 'live' });
    const clock = (await post('sim/clock', { apikey: 'secret' })).json.data as Record<string, unknown>;
    expect(clock).toMatchObject({ speed: 1, date: DATE });
    expect(clock.now).toBeGreaterThanOrEqual(istInstant(DATE, '11:30'));
    expect(clock.now).toBeLessThan(istInstant(DATE, '11:35'));
  });

  it('lets route modules read market state (the extension point for order endpoints)', async () => {
    const { json } = await post('lastprice', { apikey: 'secret', symbol: 'SBIN' });
    expect(json.ltp).toBe(sim.model.quoteAt('SBIN', sim.clock.now()).ltp);
    expect(sim.rest.router.paths()).toContain('lastprice');
    expect((await fetch(`${sim.restUrl}/api/v1/nothing`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(() => sim.rest.router.register({ path: 'ping', fields: {}, handle: () => ok({}) })).toThrow(/registered twice/);
    sim.rest.registerRoutes((router) => router.replace({ path: 'analyzer', fields: { apikey: { type: 'string', required: true } }, handle: () => ok({ data: { analyze_mode: true } }) }));
    expect((await post('analyzer', { apikey: 'secret' })).json.data).toEqual({ analyze_mode: true });
  });
});
