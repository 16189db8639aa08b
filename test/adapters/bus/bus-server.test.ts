import { stat, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as zmq from 'zeromq';
import { signRequest } from '../../../source/adapters/bus/auth.js';
import { BusServer } from '../../../source/adapters/bus/bus-server.js';
import { busKeyDir, ensureKeys, loadClientKeys } from '../../../source/adapters/bus/keys.js';
import { ManualClock } from '../../../source/engine/manual-clock.js';
import { silentLogger } from '../../../source/ports/logger.js';
import { decodePub, decodeReply, type Reply } from '../../../source/protocol/index.js';
import { makeView } from './fake-engine.js';
import { harness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A raw DEALER, to send exactly the bytes a test wants. */
function rawDealer(hh: Harness) {
  const pair = zmq.curveKeyPair();
  const d = new zmq.Dealer({ curveServerKey: hh.serverKeys.serverPublicKey, curvePublicKey: pair.publicKey, curveSecretKey: pair.secretKey, linger: 0 });
  d.connect(hh.server.routerEndpoint);
  return {
    async ask(body: string): Promise<Reply> {
      await d.send(body);
      const [frame] = await d.receive();
      const r = decodeReply(frame!);
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    },
    async send(body: string) {
      await d.send(body);
    },
    async receive(): Promise<Reply> {
      const [frame] = await d.receive();
      const r = decodeReply(frame!);
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    },
    close: () => d.close(),
  };
}

function signed(secret: Buffer, id: string, type: string, args?: unknown, ts = Date.now()) {
  return JSON.stringify({ v: 1, id, type, ...(args ? { args } : {}), auth: signRequest(secret, id, type, args, ts) });
}

describe('BusServer requests', () => {
  it('refuses unauthenticated, wrongly signed and stale mutating requests and changes nothing', async () => {
    h = await harness();
    const d = rawDealer(h);
    const none = await d.ask(JSON.stringify({ v: 1, id: 'a', type: 'flatten', args: { symbol: 'SBIN' } }));
    expect(none).toMatchObject({ ok: false, id: 'a', error: { code: 'unauthorized' } });
    const wrong = await d.ask(signed(Buffer.alloc(32, 7), 'b', 'halt'));
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const stale = await d.ask(signed(h.serverKeys.requestSecret, 'c', 'pause', undefined, Date.now() - 10 * 60_000));
    expect(stale).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // a valid MAC over different args does not authorize these args
    const good = JSON.parse(signed(h.serverKeys.requestSecret, 'd', 'flatten', { symbol: 'SBIN' }));
    const tampered = await d.ask(JSON.stringify({ ...good, args: { symbol: 'INFY' } }));
    expect(tampered).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(h.engine.calls).toEqual([]);
    expect(h.engine.current.engineState).toBe('ACTIVE');
    // read-only requests need no secret
    expect(await d.ask(JSON.stringify({ v: 1, id: 'e', type: 'ping' }))).toMatchObject({ ok: true, result: { pong: true } });
    d.close();
  });

  it('answers malformed requests with an error naming the problem and keeps serving', async () => {
    h = await harness();
    const d = rawDealer(h);
    expect(await d.ask('not json')).toMatchObject({ ok: false, id: '', error: { code: 'bad_request' } });
    const badArgs = await d.ask(signed(h.serverKeys.requestSecret, 'x1', 'flatten', { symbol: 42 }));
    expect(badArgs).toMatchObject({ ok: false, id: 'x1', error: { code: 'bad_request' } });
    expect(badArgs.ok === false && badArgs.error.message).toContain('symbol');
    expect(await d.ask(JSON.stringify({ v: 1, id: 'x2', type: 'launch-rockets' }))).toMatchObject({ ok: false, id: 'x2', error: { code: 'unknown_type' } });
    expect(await d.ask(JSON.stringify({ v: 2, id: 'x3', type: 'ping' }))).toMatchObject({ ok: false, error: { code: 'unsupported_version' } });
    expect(await d.ask(JSON.stringify({ v: 1, type: 'ping' }))).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await d.ask('x'.repeat(70_000))).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(h.engine.calls).toEqual([]);
    expect(h.server.stats.badRequests).toBe(6);
    const snap = await d.ask(JSON.stringify({ v: 1, id: 'x4', type: 'snapshot' }));
    expect(snap).toMatchObject({ ok: true, result: { engineId: h.server.engineId, logs: [{ msg: 'engine started' }] } });
    d.close();
  });

  it('executes a repeated request id once, also while the first is still running', async () => {
    h = await harness();
    let open!: () => void;
    h.engine.gate = new Promise((r) => (open = r));
    const d = rawDealer(h);
    const body = signed(h.serverKeys.requestSecret, 'same-id', 'flatten', { symbol: 'SBIN' });
    await d.send(body);
    await d.send(body);
    await until(() => h!.engine.calls.length > 0, 'the first flatten to start');
    open();
    const [r1, r2] = [await d.receive(), await d.receive()];
    const r3 = await d.ask(body);
    expect(r1).toEqual(r2);
    expect(r3).toEqual(r1);
    expect(r1).toMatchObject({ ok: true, result: { closed: [{ symbol: 'SBIN', outcome: 'FILLED' }] } });
    expect(h.engine.calls).toEqual(['flatten SBIN']);
    // the same id for a different command is an error, not a cached answer
    expect(await d.ask(signed(h.serverKeys.requestSecret, 'same-id', 'halt'))).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(h.engine.calls).toEqual(['flatten SBIN']);
    d.close();
  });

  it('reports an engine refusal as refused', async () => {
    h = await harness();
    const d = rawDealer(h);
    const r = await d.ask(signed(h.serverKeys.requestSecret, 'r1', 'flatten', { symbol: 'NOPE' }));
    expect(r).toMatchObject({ ok: false, error: { code: 'refused', message: 'no open position in NOPE' } });
    d.close();
  });

  it('refuses to start on an endpoint that is already bound, with a clear message', async () => {
    h = await harness();
    await expect(
      BusServer.start({
        pubEndpoint: h.server.pubEndpoint,
        routerEndpoint: 'tcp://127.0.0.1:0',
        control: h.engine,
        keys: h.serverKeys,
        logger: silentLogger,
        maxStateHz: 10,
        heartbeatMs: 1000,
      }),
    ).rejects.toThrow(/already in use.*another algo-tui engine/);
  });
});

describe('BusServer publishing', () => {
  it('coalesces state to at most maxStateHz per window of engine time, latest wins', async () => {
    const clock = new ManualClock(1_750_000_000_000);
    h = await harness({ clock, maxStateHz: 10, heartbeatMs: 3_600_000 });
    const pair = zmq.curveKeyPair();
    const sub = new zmq.Subscriber({ curveServerKey: h.serverKeys.serverPublicKey, curvePublicKey: pair.publicKey, curveSecretKey: pair.secretKey, linger: 0 });
    sub.subscribe();
    sub.connect(h.server.pubEndpoint);
    const states: { ts: number; symbols: number }[] = [];
    let events = 0;
    void (async () => {
      for await (const frames of sub) {
        const m = decodePub(frames);
        if (m.ok && m.value.topic === 'state') states.push({ ts: m.value.ts, symbols: m.value.view.symbols });
        if (m.ok && m.value.topic === 'event') events++;
      }
    })();
    // slow joiner: publish events until the subscription is live
    while (events === 0) {
      h.server.event({ type: 'engine-state', state: 'ACTIVE', reason: null });
      await new Promise((r) => setTimeout(r, 20));
    }
    for (let i = 1; i <= 3000; i++) {
      h.server.state(makeView({ symbols: i }));
      await clock.advance(1); // 3 s of engine time, an update every ms
    }
    await clock.advance(200);
    await until(() => states.at(-1)?.symbols === 3000, 'the last state to arrive');
    sub.close();
    for (const s of states) expect(states.filter((o) => o.ts >= s.ts && o.ts < s.ts + 1000).length).toBeLessThanOrEqual(10);
    expect(states.length).toBeGreaterThanOrEqual(28); // it does publish, at about the allowed rate
    expect(h.server.stats.published.state).toBe(states.length);
  });
});

describe('bus keys', () => {
  it('creates 0600 key files in a 0700 directory once and reuses them', async () => {
    h = await harness();
    const dir = busKeyDir(h.stateDir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    for (const f of ['server.key', 'server.pub', 'client.key', 'client.pub', 'request.secret']) {
      expect((await stat(join(dir, f))).mode & 0o777).toBe(0o600);
    }
    await chmod(join(dir, 'request.secret'), 0o644);
    const again = await ensureKeys(h.stateDir);
    expect(again.serverPublicKey).toBe(h.serverKeys.serverPublicKey);
    expect(again.requestSecret.equals(h.serverKeys.requestSecret)).toBe(true);
    expect((await stat(join(dir, 'request.secret'))).mode & 0o777).toBe(0o600);
    const client = await loadClientKeys(dir);
    expect(client.serverPublicKey).toBe(h.serverKeys.serverPublicKey);
  });

  it('names the file when a key is missing', async () => {
    h = await harness();
    await expect(loadClientKeys(join(h.stateDir, 'nowhere'))).rejects.toThrow(/server\.pub/);
  });
});
