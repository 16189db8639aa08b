import { afterEach, describe, expect, it } from 'vitest';
import { SLOW_REQUEST_TIMEOUT_MS, probeEngine, type BusPhase } from '../../../source/adapters/bus/bus-client.js';
import { ManualClock } from '../../../source/engine/manual-clock.js';
import { makeView } from './fake-engine.js';
import { harness, until, type Harness } from './harness.js';

let h: Harness | undefined;
let pump: NodeJS.Timeout | undefined;
afterEach(async () => {
  if (pump) clearInterval(pump);
  pump = undefined;
  await h?.close();
  h = undefined;
});

/** The engine under a steady load: every tick one event and a new state, both carrying a counter. */
function drive(hh: Harness): { counter: () => number } {
  let n = 0;
  pump = setInterval(() => {
    for (let k = 0; k < 5; k++) {
      n++;
      hh.engine.current = makeView({ symbols: n });
      hh.server.event({ type: 'log', record: { ts: n, level: 'info', msg: String(n) } });
      hh.server.state(hh.engine.current);
    }
  }, 5);
  return { counter: () => n };
}

describe('BusClient (Clone pattern)', () => {
  it('a late joiner gets a snapshot consistent with the events that follow it', async () => {
    h = await harness();
    const load = drive(h);
    await until(() => load.counter() > 200, 'the engine to run a while');
    const c = h.client();
    let snapCounter = -1;
    const after: number[] = [];
    const seqs: number[] = [];
    c.onSnapshot((s) => {
      if (snapCounter < 0) snapCounter = s.view.symbols;
    });
    c.onEvent((e, seq) => {
      if (e.type === 'log') after.push(Number(e.record.msg));
      seqs.push(seq);
    });
    c.start();
    await until(() => c.phase === 'live' && after.length > 100, 'live with 100 events');
    expect(snapCounter).toBeGreaterThan(200);
    // nothing the snapshot already contains is delivered again, and nothing after it is missed
    expect(after[0]).toBe(snapCounter + 1);
    after.forEach((v, i) => expect(v).toBe(snapCounter + 1 + i));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
    expect(c.engineId).toBe(h.server.engineId);
  });

  it('resyncs on a sequence gap and comes back to live', async () => {
    h = await harness();
    const c = h.client();
    const phases: BusPhase[] = [];
    c.onPhase((p) => phases.push(p));
    c.start();
    await until(() => c.phase === 'live', 'live');
    const resyncs = c.stats.resyncs;
    h.server.skipSeqForTest();
    h.server.event({ type: 'engine-state', state: 'PAUSED', reason: 'test' });
    await until(() => c.stats.gaps > 0 && c.stats.resyncs > resyncs && c.phase === 'live', 'resync after the gap');
    expect(phases).toContain('syncing');
    await until(() => c.lastSeq === h!.server.lastSeq, 'caught up with the server');
  });

  it('goes lost when the engine dies and back to live on the restarted engine (new engineId)', async () => {
    h = await harness();
    const c = h.client();
    const phases: BusPhase[] = [];
    c.onPhase((p) => phases.push(p));
    c.start();
    await until(() => c.phase === 'live', 'live');
    const firstId = c.engineId;
    const { pubEndpoint, routerEndpoint } = h.server;
    await h.server.close();
    await until(() => c.phase === 'lost', 'lost after heartbeat silence');
    h.engine.current = makeView({ engineState: 'HALTED' });
    let latest = makeView();
    c.onState((v) => (latest = v));
    await h.startServer({ pubEndpoint, routerEndpoint });
    await until(() => c.phase === 'live' && c.engineId === h!.server.engineId, 'live on the new engine');
    expect(c.engineId).not.toBe(firstId);
    expect(latest.engineState).toBe('HALTED');
    expect(phases).toEqual(expect.arrayContaining(['live', 'lost']));
  });

  it('a read-only client (no request.secret) is refused on flatten and nothing changes', async () => {
    h = await harness();
    const c = h.client({ keys: { ...h.clientKeys, requestSecret: null } });
    c.startRequestsOnly();
    const r = await c.request('flatten', { symbol: 'SBIN' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(h.engine.calls).toEqual([]);
    expect(await c.request('ping')).toMatchObject({ ok: true });
  });

  it('delivers queued events before a state and decodes only the newest of several queued states', async () => {
    const clock = new ManualClock(1_750_000_000_000);
    h = await harness({ clock });
    const c = h.client({ heartbeatTimeoutMs: 5000 });
    const order: string[] = [];
    c.onState((v, seq) => order.push(`s${v.symbols}@${seq}`));
    c.onEvent((e, seq) => order.push(`e${e.type === 'log' ? e.record.msg : '?'}@${seq}`));
    c.start();
    await until(() => c.phase === 'live', 'live');
    order.length = 0;
    const first = h.server.lastSeq + 1;
    for (let k = 1; k <= 20; k++) {
      clock.set(clock.now() + 1000); // past the coalescing window: every state is published at once
      h.server.state(makeView({ symbols: k }));
      h.server.event({ type: 'log', record: { ts: k, level: 'info', msg: String(k) } });
    }
    // let the sends go out, then hold this thread while they reach the client's queue, as a busy TUI would
    for (let i = 0; i < 50; i++) await Promise.resolve();
    const holdUntil = Date.now() + 300;
    while (Date.now() < holdUntil) {
      /* busy */
    }
    await until(() => order.includes(`s20@${first + 38}`), 'the newest state');
    const events = order.filter((o) => o.startsWith('e'));
    expect(events).toEqual(Array.from({ length: 20 }, (_, i) => `e${i + 1}@${first + 2 * i + 1}`));
    const states = order.filter((o) => o.startsWith('s'));
    expect(c.stats.coalesced).toBeGreaterThan(0);
    expect(states.length + c.stats.coalesced).toBe(20);
    // a delivered state is never older than one delivered before it
    const seqOf = (o: string) => Number(o.split('@')[1]);
    expect(states.at(-1)).toBe(`s20@${first + 38}`);
    for (let i = 1; i < states.length; i++) expect(seqOf(states[i]!)).toBeGreaterThan(seqOf(states[i - 1]!));
    // events have priority: the newest state waited for the event sent after it, not the other way round
    expect(order.indexOf(`e20@${first + 39}`)).toBeLessThan(order.indexOf(`s20@${first + 38}`));
    expect(c.stats.gaps).toBe(0);
  });

  it('retries reuse the request id, so a slow command runs once', async () => {
    h = await harness();
    let open!: () => void;
    h.engine.gate = new Promise((r) => (open = r));
    const c = h.client({ requestTimeoutMs: 100, slowRequestTimeoutMs: 100, requestRetries: 5 });
    c.startRequestsOnly();
    const pending = c.request('flatten', { symbol: 'SBIN' });
    await until(() => h!.server.stats.requests >= 3, 'at least two retries to reach the server');
    open();
    const r = await pending;
    expect(r).toMatchObject({ ok: true, result: { closed: [{ symbol: 'SBIN', outcome: 'FILLED' }] } });
    expect(h.engine.calls).toEqual(['flatten SBIN']);
  });

  it('waits longer for commands that wait for fills than the engine waits for them', async () => {
    h = await harness();
    const c = h.client({ requestTimeoutMs: 1500 });
    // the engine answers flatten only after up to flattenTimeoutMs (10 s) without a fill
    for (const t of ['flatten', 'flatten-all', 'halt'] as const) expect(c.timeoutFor(t)).toBe(SLOW_REQUEST_TIMEOUT_MS);
    expect(SLOW_REQUEST_TIMEOUT_MS).toBeGreaterThan(10_000);
    for (const t of ['ping', 'snapshot', 'pause', 'resume'] as const) expect(c.timeoutFor(t)).toBe(1500);
    expect(h.client({ requestTimeoutMs: 60_000 }).timeoutFor('flatten')).toBe(60_000); // never below the base
    expect(h.client({ requestTimeoutMs: 500, slowRequestTimeoutMs: 30_000 }).timeoutFor('halt')).toBe(30_000);
  });

  it('a flatten slower than requestTimeoutMs is answered, not reported as no engine', async () => {
    h = await harness();
    let open!: () => void;
    h.engine.gate = new Promise((r) => (open = r));
    const c = h.client({ requestTimeoutMs: 100, slowRequestTimeoutMs: 5000, requestRetries: 0 });
    c.startRequestsOnly();
    const pending = c.request('flatten', { symbol: 'SBIN' });
    await until(() => h!.server.stats.requests >= 1, 'the flatten to reach the engine');
    await new Promise((r) => setTimeout(r, 300)); // three of the short timeouts pass
    open();
    expect(await pending).toMatchObject({ ok: true, result: { closed: [{ symbol: 'SBIN', outcome: 'FILLED' }] } });
    expect(h.server.stats.requests).toBe(1);
  });

  it('times out with a typed error when no engine answers', async () => {
    h = await harness();
    const { routerEndpoint } = h.server;
    await h.server.close();
    const c = h.client({ routerEndpoint, requestTimeoutMs: 100, requestRetries: 1 });
    c.startRequestsOnly();
    expect(await c.request('ping')).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('probeEngine tells a running engine from a free port', async () => {
    h = await harness();
    expect(await probeEngine({ routerEndpoint: h.server.routerEndpoint }, 1000, h.clientKeys)).toBe(true);
    expect(await probeEngine({ routerEndpoint: h.server.routerEndpoint }, 1000, { serverPublicKey: h.clientKeys.serverPublicKey })).toBe(true);
    expect(await probeEngine({ routerEndpoint: h.server.routerEndpoint }, 1000)).toBe(true); // TCP check without keys
    const { routerEndpoint } = h.server;
    await h.server.close();
    expect(await probeEngine({ routerEndpoint }, 300, h.clientKeys)).toBe(false);
    expect(await probeEngine({ routerEndpoint }, 300)).toBe(false);
  });
});
