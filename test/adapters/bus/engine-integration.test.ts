// The real TradingEngine behind a real BusServer and real BusClients over CURVE sockets on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../../source/adapters/bus/auth.js';
import type { BusPhase } from '../../../source/adapters/bus/bus-client.js';
import type { EngineEvent, EngineView } from '../../../source/domain/view.js';
import type { SnapshotResult } from '../../../source/protocol/index.js';
import { engineRig, type EngineRig } from './engine-rig.js';
import { until } from './harness.js';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** A started client that records what it was given. */
function watch(c: ReturnType<EngineRig['client']>) {
  const seen = {
    snaps: [] as SnapshotResult[],
    events: [] as { e: EngineEvent; seq: number }[],
    state: null as { view: EngineView; seq: number } | null,
    phases: [] as BusPhase[],
  };
  c.onSnapshot((s) => seen.snaps.push(s));
  c.onEvent((e, seq) => seen.events.push({ e, seq }));
  c.onState((view, seq) => (seen.state = { view, seq }));
  c.onPhase((p) => seen.phases.push(p));
  c.start();
  return seen;
}

function signed(secret: Buffer, id: string, type: string, args?: unknown): string {
  return JSON.stringify({ v: 1, id, type, ...(args ? { args } : {}), auth: signRequest(secret, id, type, args, Date.now()) });
}

const openIds = (r: EngineRig) => r.engine.snapshot().positions.map((p) => `${p.symbol}:${p.status}`);
const exitOrders = (r: EngineRig) => r.engine.snapshot().orders.filter((o) => o.purpose === 'EXIT');

describe('real engine over the bus', () => {
  it('a late joiner gets a snapshot whose positions and seq match what the engine published', async () => {
    rig = await engineRig();
    await rig.open('AAA', 100);
    const engineP = rig.engine.snapshot().positions[0]!;
    const c = rig.client({ heartbeatTimeoutMs: 5_000 }); // events asserted: see the flatten test
    const seen = watch(c);
    await until(() => c.phase === 'live', 'live');
    const snap = seen.snaps[0]!;
    expect(snap.engineId).toBe(rig.server.engineId);
    expect(snap.seq).toBeGreaterThan(0);
    expect(snap.seq).toBeLessThanOrEqual(rig.server.lastSeq);
    expect(snap.view.positions).toEqual([
      expect.objectContaining({ id: engineP.id, symbol: 'AAA', side: 'LONG', qty: engineP.qty, entryPrice: 100, stop: engineP.stop, status: 'OPEN' }),
    ]);
    expect(snap.view.positions).toEqual(rig.publisher.record.last!.positions);
    expect(snap.logs.some((l) => /engine started/.test(l.msg))).toBe(true);

    // what follows the snapshot arrives in sequence: a second entry, its events, then a state with both
    await rig.open('BBB', 50, 'SHORT');
    await until(() => seen.state?.view.positions.length === 2, 'a state with both positions');
    const opened = seen.events.filter(({ e }) => e.type === 'position' && e.change === 'opened');
    expect(opened.map(({ e }) => (e.type === 'position' ? e.position.symbol : ''))).toEqual(['BBB']);
    expect(opened[0]!.seq).toBeGreaterThan(snap.seq);
    expect(seen.state!.view.positions.map((p) => p.symbol)).toEqual(rig.engine.view().positions.map((p) => p.symbol));
    await until(() => c.lastSeq === rig!.server.lastSeq, 'caught up with the server');
    expect(c.stats.gaps).toBe(0);
    expect(c.stats.resyncs).toBe(1);
  });

  it('a lost message (forced gap) makes the client resync to the engine state', async () => {
    rig = await engineRig();
    const c = rig.client();
    const seen = watch(c);
    await until(() => c.phase === 'live', 'live');
    const resyncs = c.stats.resyncs;
    rig.server.skipSeqForTest();
    expect(await rig.engine.pause()).toMatchObject({ ok: true }); // publishes an engine-state event after the hole
    await until(() => c.stats.gaps > 0 && c.stats.resyncs > resyncs && c.phase === 'live', 'resync after the gap');
    expect(seen.phases).toContain('syncing');
    expect(seen.state!.view.engineState).toBe('PAUSED');
    await until(() => c.lastSeq === rig!.server.lastSeq, 'caught up with the server');
  });

  it('after a bus restart (new engineId) the client comes back live with the current state', async () => {
    rig = await engineRig();
    const c = rig.client();
    const seen = watch(c);
    await until(() => c.phase === 'live', 'live');
    const firstId = c.engineId;
    const endpoints = { pubEndpoint: rig.server.pubEndpoint, routerEndpoint: rig.server.routerEndpoint };
    await rig.stopBus();
    await until(() => c.phase === 'lost', 'lost after heartbeat silence');
    await rig.open('CCC', 200); // happens while no bus is up
    const server = await rig.startBus(endpoints);
    await until(() => c.phase === 'live' && c.engineId === server.engineId, 'live on the new engine id');
    expect(c.engineId).not.toBe(firstId);
    expect(c.stats.restarts + c.stats.resyncs).toBeGreaterThan(1);
    expect(seen.state!.view.positions.map((p) => p.symbol)).toEqual(['CCC']);
    expect(seen.snaps.at(-1)!.engineId).toBe(server.engineId);
  });

  it('refuses a flatten from a client without the request secret; the position stays open', async () => {
    rig = await engineRig();
    await rig.open('AAA');
    const ro = rig.client({ keys: { ...rig.clientKeys, requestSecret: null } });
    ro.startRequestsOnly();
    const r = await ro.request('flatten', { symbol: 'AAA' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(openIds(rig)).toEqual(['AAA:OPEN']);
    expect(exitOrders(rig)).toEqual([]);
    expect(rig.server.stats.unauthorized).toBe(1);
  });

  it('answers malformed requests with errors and keeps the engine running; a valid request then succeeds', async () => {
    rig = await engineRig();
    await rig.open('AAA');
    const d = rig.dealer();
    const secret = rig.serverKeys.requestSecret;
    await d.send('not json');
    expect(await d.receive()).toMatchObject({ ok: false, id: '', error: { code: 'bad_request', message: /JSON/ } });
    await d.send(signed(secret, 'm-1', 'flatten', { symbol: 'no such!' }));
    expect(await d.receive()).toMatchObject({ ok: false, id: 'm-1', error: { code: 'bad_request', message: /symbol/ } });
    await d.send(JSON.stringify({ v: 1, id: 'm-2', type: 'launch' }));
    expect(await d.receive()).toMatchObject({ ok: false, id: 'm-2', error: { code: 'unknown_type' } });
    await d.send(JSON.stringify({ v: 1, id: 'm-3', type: 'flatten', args: { symbol: 'AAA' }, auth: { ts: Date.now(), mac: 'f'.repeat(64) } }));
    expect(await d.receive()).toMatchObject({ ok: false, id: 'm-3', error: { code: 'unauthorized' } });
    expect(openIds(rig)).toEqual(['AAA:OPEN']);

    await d.send(signed(secret, 'm-4', 'pause'));
    expect(await d.receive()).toMatchObject({ ok: true, id: 'm-4', result: { message: expect.stringMatching(/paused/) } });
    expect(rig.engine.view().engineState).toBe('PAUSED');
    const states = rig.publisher.record.states;
    await rig.clock.advance(5000); // the engine's timers still run: scans and monitor passes publish state
    expect(rig.publisher.record.states).toBeGreaterThan(states);
    expect(openIds(rig)).toEqual(['AAA:OPEN']);
  });

  it('an authenticated flatten closes the position; the client sees the close event and the trade in the next state', async () => {
    rig = await engineRig();
    await rig.open('AAA', 100);
    rig.market.setPrice('AAA', 101.5);
    // Events are asserted: a loaded machine's event-loop stall must not pass for heartbeat silence
    // (a resync skips the events in between by design; the lost-engine test keeps the short timeout).
    const c = rig.client({ heartbeatTimeoutMs: 5_000 });
    const seen = watch(c);
    await until(() => c.phase === 'live', 'live');
    const r = await c.request('flatten', { symbol: 'AAA' });
    expect(r).toMatchObject({ ok: true, result: { closed: [{ symbol: 'AAA', outcome: 'FILLED', price: 101.5 }] } });
    expect(openIds(rig)).toEqual([]);
    await until(() => seen.events.some(({ e }) => e.type === 'trade'), 'the trade event');
    const closed = seen.events.find(({ e }) => e.type === 'position' && e.change === 'closed');
    expect(closed?.e).toMatchObject({ position: { symbol: 'AAA', exitReason: 'MANUAL' } });
    const trade = seen.events.find(({ e }) => e.type === 'trade')!;
    expect(trade.e).toMatchObject({ trade: { symbol: 'AAA', exitPrice: 101.5, exitReason: 'MANUAL' }, reason: 'MANUAL' });
    await until(() => (seen.state?.seq ?? 0) > trade.seq, 'a state after the trade');
    expect(seen.state!.view.positions).toEqual([]);
    expect(seen.state!.view.trades).toEqual([expect.objectContaining({ symbol: 'AAA', exitPrice: 101.5 })]);
    const t = seen.state!.view.trades[0]!;
    expect(t.pnlPaise).toBe(Math.round((101.5 - 100) * t.qty * 100));
  });

  it('a repeated request id executes once (concurrent and later retries get the same reply)', async () => {
    rig = await engineRig();
    await rig.open('AAA', 100);
    const d = rig.dealer();
    const body = signed(rig.serverKeys.requestSecret, 'dup-1', 'flatten', { symbol: 'AAA' });
    await d.send(body);
    await d.send(body);
    const [a, b] = [await d.receive(), await d.receive()];
    await d.send(body);
    const later = await d.receive();
    expect(a).toMatchObject({ ok: true, id: 'dup-1', result: { closed: [{ symbol: 'AAA', outcome: 'FILLED' }] } });
    expect(b).toEqual(a);
    expect(later).toEqual(a); // a second execution would have answered "no open position in AAA"
    expect(exitOrders(rig)).toHaveLength(1);
    expect(rig.publisher.record.of('trade')).toHaveLength(1);
  });
});
