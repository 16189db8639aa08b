// BusTuiBackend over a real BusServer and BusClient (127.0.0.1, port 0, real key files) with an in-test
// EngineControl; and the endpoints `--attach ENDPOINT` resolves to.
import { afterEach, describe, expect, it } from 'vitest';
import { BusTuiBackend, attachEndpoints } from '../../source/app/tui-main.js';
import type { EngineEvent, EngineView } from '../../source/domain/view.js';
import { summarizeReply, type ConnectionPhase } from '../../source/tui/backend.js';
import { makeView } from '../adapters/bus/fake-engine.js';
import { harness, until, type Harness } from '../adapters/bus/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function liveBackend(over: Parameters<Harness['client']>[0] = {}): Promise<{ h: Harness; backend: BusTuiBackend; phases: ConnectionPhase[] }> {
  h = await harness();
  const client = h.client({ requestTimeoutMs: 2000, ...over });
  const backend = new BusTuiBackend(client);
  const phases: ConnectionPhase[] = [];
  backend.onPhase((p) => phases.push(p));
  client.start();
  await until(() => phases.includes('live'), 'the backend to go live');
  return { h, backend, phases };
}

describe('BusTuiBackend', () => {
  it('goes connecting → live and replays the phase, the view and the snapshot logs to a late subscriber', async () => {
    const { h, backend, phases } = await liveBackend();
    expect(phases[0]).toBe('connecting');
    expect(phases.at(-1)).toBe('live');
    expect(backend.snapshotLogs()).toEqual([{ ts: 1, level: 'info', msg: 'engine started' }]);

    h.engine.current = makeView({ symbols: 7, engineState: 'PAUSED' });
    h.server.state(h.engine.current);
    const seen: EngineView[] = [];
    backend.onState((v) => seen.push(v));
    await until(() => seen.some((v) => v.symbols === 7), 'the new view');

    // Subscribing after the fact: the current phase and newest view arrive at once, synchronously.
    const latePhases: ConnectionPhase[] = [];
    const lateViews: EngineView[] = [];
    backend.onPhase((p) => latePhases.push(p));
    backend.onState((v) => lateViews.push(v));
    expect(latePhases).toEqual(['live']);
    expect(lateViews.map((v) => [v.symbols, v.engineState])).toEqual([[7, 'PAUSED']]);
  });

  it('delivers engine events and its own notes to event listeners until they unsubscribe', async () => {
    const { h, backend } = await liveBackend();
    const events: EngineEvent[] = [];
    const off = backend.onEvent((e) => events.push(e));
    h.server.event({ type: 'engine-state', state: 'HALTED', reason: 'loss limit' });
    await until(() => events.length === 1, 'the engine event');
    backend.note('error', 'engine process exited (1)');
    expect(events[1]).toMatchObject({ type: 'log', record: { level: 'error', msg: 'engine process exited (1)' } });

    off();
    backend.note('warn', 'after unsubscribe');
    h.server.event({ type: 'engine-state', state: 'ACTIVE', reason: null });
    // A second listener proves the event was published and delivered, just not to the first one.
    const later: EngineEvent[] = [];
    backend.onEvent((e) => later.push(e));
    h.server.event({ type: 'engine-state', state: 'PAUSED', reason: 'user' });
    await until(() => later.some((e) => e.type === 'engine-state' && e.state === 'PAUSED'), 'the later event');
    expect(events).toHaveLength(2);
  });

  it('turns requests into replies the TUI summarises: per-symbol outcomes, refusals, state changes', async () => {
    const { h, backend } = await liveBackend();
    const flat = summarizeReply(await backend.request('flatten', { symbol: 'ICICIBANK' }));
    expect(flat).toEqual({ ok: true, message: 'closed ICICIBANK', closed: [{ symbol: 'ICICIBANK', outcome: 'FILLED', price: 100.05 }] });

    const none = summarizeReply(await backend.request('flatten', { symbol: 'NOPE' }));
    expect(none).toMatchObject({ ok: false, message: 'refused: no open position in NOPE' });

    expect((await backend.request('pause')).ok).toBe(true);
    expect(h.engine.calls).toEqual(['flatten ICICIBANK', 'flatten NOPE', 'pause']);

    const bad = await backend.request('flatten', { symbol: 42 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^bad_request: /);
    expect(h.engine.calls).toHaveLength(3); // a malformed request changes nothing
  });

  it('a console without request.secret is read-only and says why a request was refused', async () => {
    h = await harness();
    const client = h.client({ keys: { ...h.clientKeys, requestSecret: null } });
    const backend = new BusTuiBackend(client);
    const phases: ConnectionPhase[] = [];
    backend.onPhase((p) => phases.push(p));
    client.start();
    await until(() => phases.includes('live'), 'live (snapshots need no secret)');
    const reply = await backend.request('flatten-all');
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatch(/^unauthorized: .*\(this console has no request\.secret: read-only\)$/);
    expect(h.engine.calls).toEqual([]);
  });
});

describe('attachEndpoints (--attach ENDPOINT)', () => {
  const bus = { pubEndpoint: 'tcp://127.0.0.1:6560', routerEndpoint: 'tcp://127.0.0.1:6561' };
  it('uses the given ROUTER and the configured PUB port on the same host', () => {
    expect(attachEndpoints(bus, 'tcp://10.1.2.3:7001')).toEqual({ routerEndpoint: 'tcp://10.1.2.3:7001', pubEndpoint: 'tcp://10.1.2.3:6560' });
    expect(attachEndpoints(bus, 'tcp://[::1]:6561')).toEqual({ routerEndpoint: 'tcp://[::1]:6561', pubEndpoint: 'tcp://[::1]:6560' });
  });
  it('names the problem when the endpoint or the configured PUB endpoint is unusable', () => {
    expect(() => attachEndpoints(bus, 'engine-host:6561')).toThrow('--attach: expected an endpoint tcp://HOST:PORT, got "engine-host:6561"');
    expect(() => attachEndpoints({ ...bus, pubEndpoint: 'ipc:///tmp/pub' }, 'tcp://h:1')).toThrow(/bus\.pubEndpoint "ipc:\/\/\/tmp\/pub" has no TCP port/);
  });
});
