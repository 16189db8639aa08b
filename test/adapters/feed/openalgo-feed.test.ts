import { afterEach, describe, expect, it } from 'vitest';
import { OpenAlgoFeed, AUTH_FAILED_MESSAGE, type OpenAlgoFeedOptions } from '../../../source/adapters/feed/openalgo-feed.js';
import { ManualClock } from '../../../source/engine/manual-clock.js';
import { equity, NIFTY, type Tick } from '../../../source/domain/market.js';
import { istInstant } from '../../../source/domain/time.js';
import type { Logger, LogFields } from '../../../source/ports/logger.js';
import { FakeOpenAlgoWs, type FakeOpenAlgoOptions } from '../../helpers/fake-openalgo-ws.js';

const T0 = istInstant('2025-08-27', '10:00');

function captureLogger(): Logger & { lines: Array<{ level: string; msg: string; fields?: LogFields }> } {
  const lines: Array<{ level: string; msg: string; fields?: LogFields }> = [];
  const at = (level: string) => (msg: string, fields?: LogFields) => void lines.push({ level, msg, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), isLevelEnabled: () => true };
}

interface Rig {
  server: FakeOpenAlgoWs;
  feed: OpenAlgoFeed;
  clock: ManualClock;
  ticks: Tick[];
  log: ReturnType<typeof captureLogger>;
  market: { open: boolean };
}

const rigs: Rig[] = [];

async function rig(serverOpts: FakeOpenAlgoOptions = {}, feedOpts: Partial<OpenAlgoFeedOptions> = {}): Promise<Rig> {
  const server = await FakeOpenAlgoWs.start(serverOpts);
  const clock = new ManualClock(T0);
  const log = captureLogger();
  const market = { open: true };
  const feed = new OpenAlgoFeed({
    url: server.url,
    apiKey: 'test-key',
    clock,
    logger: log,
    isMarketOpen: () => market.open,
    staleAfterMs: 60_000,
    random: () => 0.5,
    ...feedOpts,
  });
  const ticks: Tick[] = [];
  feed.onTick((t) => ticks.push(t));
  const r = { server, feed, clock, ticks, log, market };
  rigs.push(r);
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.feed.stop();
    await r.server.stop();
  }
});

const SYMBOLS = ['RELIANCE', 'SBIN', 'INFY', 'TCS', 'HDFCBANK'].map(equity);

describe('OpenAlgoFeed', () => {
  it('authenticates, then subscribes in batches with request ids and counts refused symbols', async () => {
    const r = await rig({ failSymbols: ['NSE:TCS'], authDelayMs: 50 }, { subscribeBatchSize: 2 });
    expect(r.feed.health().status).toBe('CONNECTING');
    await r.feed.start([...SYMBOLS, NIFTY]);
    await r.server.waitFor(() => r.server.actions('subscribe').length === 3, 'three subscribe batches');
    expect(r.server.actions('authenticate')).toEqual([{ action: 'authenticate', api_key: 'test-key' }]);
    const subs = r.server.actions('subscribe');
    expect(subs.map((m) => (m.symbols as unknown[]).length)).toEqual([2, 2, 2]);
    expect(new Set(subs.map((m) => m.request_id)).size).toBe(3);
    expect(subs.every((m) => m.mode === 2)).toBe(true);
    expect(r.server.subscribedOn(1)).toContain('NSE_INDEX:NIFTY');
    await r.server.waitFor(() => (r.feed.health().rejected.subscribe_failed ?? 0) === 1, 'the refused symbol counted');
    expect(r.log.lines.some((l) => l.level === 'warn' && l.fields?.symbol === 'NSE:TCS')).toBe(true);
    expect(r.feed.health().status).toBe('LIVE');
  });

  it('merges partial ticks per symbol, last value wins, ignoring data.mode', async () => {
    const r = await rig();
    await r.feed.start(SYMBOLS);
    r.server.tick('RELIANCE', 'NSE', { ltp: 1421.6, volume: 3811220, open: 1410, high: 1426.9, low: 1407.1, close: 1409.8, mode: 'full', timestamp: T0 - 1000 });
    r.server.tick('RELIANCE', 'NSE', { ltp: 1422.0, mode: 'ltp', timestamp: T0 }, 1);
    r.server.tick('RELIANCE', 'NSE', { ltp: 1422.5, volume: 'NaN', timestamp: T0 }); // duplicate ts is fine; bad volume dropped
    await r.server.waitFor(() => r.ticks.length === 3, 'three ticks');
    expect(r.ticks[0]).toEqual({ key: 'NSE:RELIANCE', symbol: 'RELIANCE', exchange: 'NSE', ltp: 1421.6, ts: T0 - 1000, volume: 3811220, open: 1410, high: 1426.9, low: 1407.1, prevClose: 1409.8 });
    expect(r.ticks[1]).toMatchObject({ ltp: 1422.0, ts: T0, volume: 3811220, prevClose: 1409.8 });
    expect(r.ticks[2]).toMatchObject({ ltp: 1422.5, volume: 3811220 });
    expect(r.feed.health().ticks).toBe(3);
    expect(r.feed.health().lastTickAt).toBe(T0);
  });

  it('reconnects with backoff after a drop and replays every subscription', async () => {
    const r = await rig({}, { subscribeBatchSize: 2 });
    await r.feed.start(SYMBOLS);
    await r.server.waitFor(() => r.server.subscribedOn(1).length === 5, 'first subscriptions');
    r.server.dropAll(1011);
    await r.server.waitFor(() => r.feed.health().status === 'DOWN', 'feed DOWN after the drop');
    expect(r.server.connections).toBe(1);
    await r.clock.advance(499); // random 0.5 × 1000 ms initial backoff
    expect(r.server.connections).toBe(1);
    await r.clock.advance(1);
    await r.server.waitFor(() => r.server.subscribedOn(2).length === 5, 'replayed subscriptions');
    expect(r.server.subscribedOn(2).sort()).toEqual(r.server.subscribedOn(1).sort());
    expect(r.server.actions('authenticate', 2)).toHaveLength(1);
    expect(r.feed.health()).toMatchObject({ status: 'LIVE', reconnects: 1 });
  });

  it('treats close code 4401 as an authentication failure and waits the maximum delay', async () => {
    const r = await rig({}, { backoff: { initialMs: 1000, maxMs: 30_000 } });
    await r.feed.start(SYMBOLS);
    r.server.dropAll(4401, 'auth timeout');
    await r.server.waitFor(() => r.feed.health().message === AUTH_FAILED_MESSAGE, 'auth failure reported');
    expect(r.feed.health().status).toBe('DOWN');
    await r.clock.advance(29_999);
    expect(r.server.connections).toBe(1);
    await r.clock.advance(1);
    await r.server.waitFor(() => r.server.connections === 2, 'reconnect after the max delay');
    await r.server.waitFor(() => r.feed.health().status === 'LIVE', 'live again');
    expect(r.feed.health().message).toBeUndefined();
  });

  it('reports an AUTHENTICATION_ERROR frame the same way and does not spin', async () => {
    const r = await rig({ auth: 'error' });
    await r.feed.start(SYMBOLS);
    expect(r.feed.health()).toMatchObject({ status: 'DOWN', message: AUTH_FAILED_MESSAGE });
    await r.clock.advance(29_000);
    expect(r.server.connections).toBe(1);
    expect(r.log.lines.some((l) => l.level === 'error' && l.msg.includes('OPENALGO_API_KEY'))).toBe(true);
  });

  it('gives up on a connection whose auth ack never comes and retries', async () => {
    const r = await rig({ auth: 'silent' }, { authTimeoutMs: 30_000 });
    const started = r.feed.start(SYMBOLS);
    await r.server.waitFor(() => r.server.actions('authenticate').length === 1, 'authenticate sent');
    await r.clock.advance(29_999);
    expect(r.feed.health().status).toBe('CONNECTING');
    await r.clock.advance(1);
    await started;
    expect(r.feed.health().status).toBe('DOWN');
    await r.clock.advance(500);
    await r.server.waitFor(() => r.server.connections === 2, 'second attempt');
  });

  it('counts staleness only while the market is open and reconnects when every symbol is silent', async () => {
    const r = await rig();
    r.market.open = false;
    await r.feed.start(SYMBOLS);
    await r.clock.advance(10 * 60_000); // ten silent minutes with the market shut
    expect(r.feed.health()).toMatchObject({ status: 'LIVE', staleSymbols: 0 });
    expect(r.server.connections).toBe(1);

    r.market.open = true;
    // RELIANCE keeps ticking; the other four go quiet.
    for (let s = 0; s < 70; s += 5) {
      r.server.tick('RELIANCE', 'NSE', { ltp: 1400 + s, timestamp: r.clock.now() });
      await r.server.waitFor(() => r.ticks.length === s / 5 + 1, 'tick delivered');
      await r.clock.advance(5000);
    }
    expect(r.feed.health().staleSymbols).toBe(4);
    expect(r.feed.health().status).toBe('LIVE');
    expect(r.server.connections).toBe(1);

    await r.clock.advance(60_000); // now RELIANCE is silent too
    await r.server.waitFor(() => r.server.connections === 2, 'stale reconnect');
    await r.server.waitFor(() => r.server.subscribedOn(2).length === 5, 'resubscribed');
    expect(r.log.lines.some((l) => l.msg.includes('every symbol silent'))).toBe(true);
    expect(r.feed.health().status).toBe('STALE'); // reconnected, but still no ticks
  });

  it('sends a JSON ping every 15 s of clock time', async () => {
    const r = await rig();
    await r.feed.start(SYMBOLS);
    await r.clock.advance(45_000);
    await r.server.waitFor(() => r.server.actions('ping').length === 3, 'three pings');
    expect(r.server.actions('ping')[0]).toMatchObject({ action: 'ping', timestamp: T0 + 15_000 });
  });

  it('counts each kind of bad frame by reason and logs each symbol+reason once a minute', async () => {
    const r = await rig({}, { maxFrameBytes: 4096 });
    await r.feed.start(SYMBOLS);
    r.server.tick('SBIN', 'NSE', { ltp: 800, timestamp: T0 });
    const bad: unknown[] = [
      'x'.repeat(5000),
      '{"type":"market_data",',
      { type: 'market_data', symbol: 'SBIN', exchange: 'NSE' },
      { type: 'market_data', symbol: 'WIPRO', exchange: 'NSE', data: { ltp: 1, timestamp: T0 } },
      { type: 'market_data', symbol: 'SBIN', exchange: 'NSE', data: { ltp: 0, timestamp: T0 } },
      { type: 'market_data', symbol: 'SBIN', exchange: 'NSE', data: { ltp: -3, timestamp: T0 } },
      { type: 'market_data', symbol: 'SBIN', exchange: 'NSE', data: { ltp: 801, timestamp: 'yesterday' } },
      { type: 'market_data', symbol: 'SBIN', exchange: 'NSE', data: { ltp: 801, timestamp: T0 + 301_000 } },
      { type: 'market_data', symbol: 'SBIN', exchange: 'NSE', data: { ltp: 801, timestamp: T0 - 1 } },
    ];
    for (const f of bad) r.server.send(f);
    await r.server.waitFor(() => Object.values(r.feed.health().rejected).reduce((a, b) => a + b, 0) === 9, 'nine rejections');
    expect(r.feed.health().rejected).toEqual({
      oversized: 1,
      malformed_json: 1,
      bad_envelope: 1,
      unknown_symbol: 1,
      bad_price: 2,
      bad_timestamp: 1,
      timestamp_skew: 1,
      out_of_order: 1,
    });
    expect(r.ticks).toHaveLength(1);
    const warns = () => r.log.lines.filter((l) => l.msg.includes('rejected input (bad_price)'));
    expect(warns()).toHaveLength(1); // two bad prices for SBIN within the minute: one line
    await r.clock.advance(60_000);
    r.server.tick('SBIN', 'NSE', { ltp: Number.NaN, timestamp: r.clock.now() }); // JSON.stringify turns NaN into null
    await r.server.waitFor(() => r.feed.health().rejected.bad_price === 3, 'third bad price');
    expect(warns()).toHaveLength(2);
  });
});
