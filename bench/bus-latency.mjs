/* global process, performance, console, setTimeout, setInterval, clearInterval */
// Engine event → client callback latency over the real bus on loopback, while the engine publishes a
// 2,000-symbol state at 10 Hz and events at a high rate. The client runs in a child process, as a TUI would.
// Run: npm run build && node bench/bus-latency.mjs [seconds] [eventsPerSecond] [maxWatchRows]
// maxWatchRows (default 200, the server's default) = 2000 sends every row, to see the cost of a full state.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BusClient } from '../dist/adapters/bus/bus-client.js';
import { BusServer } from '../dist/adapters/bus/bus-server.js';
import { busKeyDir, ensureKeys, loadClientKeys } from '../dist/adapters/bus/keys.js';
import * as protocol from '../dist/protocol/index.js';

const viewForWire = protocol.viewForWire ?? ((v) => v); // builds before the watchlist cap sent every row

const now = () => performance.timeOrigin + performance.now();
const SYMBOLS = 2000;

if (process.argv[2] === 'client') {
  const [, , , pubEndpoint, routerEndpoint, keyDir] = process.argv;
  const keys = await loadClientKeys(keyDir);
  const client = new BusClient({ pubEndpoint, routerEndpoint, keys, heartbeatTimeoutMs: 3000, requestTimeoutMs: 2000 });
  const lat = [];
  let states = 0;
  client.onEvent((e) => {
    if (e.type === 'log' && e.record.fields?.t) lat.push(now() - e.record.fields.t);
  });
  client.onState(() => states++);
  client.onPhase((p) => process.send({ phase: p }));
  client.start();
  let cpu0 = null;
  process.on('message', (m) => {
    if (m === 'go') cpu0 = process.cpuUsage();
    if (m === 'done') {
      const cpu = process.cpuUsage(cpu0 ?? undefined);
      process.send({ lat, states, stats: client.stats, cpuMs: (cpu.user + cpu.system) / 1000 }, () => {
        client.stop();
        process.exit(0);
      });
    }
  });
} else {
  const seconds = Number(process.argv[2] ?? 10);
  const rate = Number(process.argv[3] ?? 5000);
  const maxWatchRows = Number(process.argv[4] ?? 200);
  const stateDir = await mkdtemp(join(tmpdir(), 'algo-bench-'));
  const serverKeys = await ensureKeys(stateDir);
  const watchlist = Array.from({ length: SYMBOLS }, (_, i) => ({ symbol: `SYM${i}`, last: 100 + i, changePct: 0.5, trend: 1, setup: null, held: false }));
  const view = () => ({
    mode: 'SIM', engineState: 'ACTIVE', stateReason: null, startedAt: Date.now(), pid: process.pid,
    clock: { now: Date.now(), phase: 'OPEN', tradingDay: true, next: null, speed: 1 },
    feed: { status: 'LIVE', source: 'sim', lastTickAt: Date.now(), ticks: 1, staleSymbols: 0, rejected: {}, reconnects: 0 },
    broker: { name: 'paper', status: 'ok' }, positions: [],
    constraints: { openPositions: 0, maxOpenPositions: 3, tradesToday: 0, maxDailyTrades: 5, strategies: [], realizedPaise: 0, unrealizedPaise: 0,
      lossLimitPaise: 1, capitalPaise: 1, capitalInUsePaise: 0, rejectionCounts: {}, lastRejections: [] },
    watchlist: watchlist.map((w) => ({ ...w, last: w.last + Math.random() })), trades: [], unmanaged: [], niftyTrend: 1, symbols: SYMBOLS,
  });
  const control = { view, recentLogs: () => [], flatten: async () => ({ ok: false, error: 'bench' }), flattenAll: async () => ({ ok: false, error: 'bench' }),
    pause: async () => ({ ok: false, error: 'bench' }), resume: async () => ({ ok: false, error: 'bench' }), halt: async () => ({ ok: false, error: 'bench' }),
    setLogLevel: () => ({ ok: false, error: 'bench' }) };
  const logger = { debug() {}, info() {}, warn() {}, error: (m, f) => console.error(m, f), isLevelEnabled: () => false };
  const server = await BusServer.start({ pubEndpoint: 'tcp://127.0.0.1:0', routerEndpoint: 'tcp://127.0.0.1:0', control, keys: serverKeys, logger, maxStateHz: 10, heartbeatMs: 1000, maxWatchRows });
  const child = fork(fileURLToPath(import.meta.url), ['client', server.pubEndpoint, server.routerEndpoint, busKeyDir(stateDir)]);
  await new Promise((resolve) => child.on('message', (m) => m.phase === 'live' && resolve()));
  const sample = JSON.stringify(view()).length;
  const wire = protocol.encodePub({ topic: 'state', v: 1, seq: 1, ts: 1, engineId: server.engineId, view: viewForWire(view(), maxWatchRows) })[1].length;
  child.send('go');
  const cpu0 = process.cpuUsage();
  const stateTimer = setInterval(() => server.state(view()), 20); // the engine offers 50 Hz; the bus sends 10
  const perTick = Math.max(1, Math.round(rate / 1000));
  let sent = 0;
  const eventTimer = setInterval(() => {
    for (let i = 0; i < perTick; i++) {
      sent++;
      server.event({ type: 'log', record: { ts: Date.now(), level: 'info', msg: 'bench', fields: { t: now() } } });
    }
  }, 1);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(stateTimer);
  clearInterval(eventTimer);
  const cpu = process.cpuUsage(cpu0);
  await new Promise((r) => setTimeout(r, 500));
  child.send('done');
  const res = await new Promise((resolve) => child.on('message', (m) => m.lat && resolve(m)));
  const lat = res.lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(2);
  console.log(`bus-latency: ${seconds}s, ${SYMBOLS}-symbol view (${(sample / 1024).toFixed(0)} KiB JSON; ${(wire / 1024).toFixed(0)} KiB on the wire with ≤${maxWatchRows} watchlist rows) at ≤10 Hz, ${(sent / seconds).toFixed(0)} events/s offered`);
  console.log(`  events received ${lat.length}/${sent}, states received ${res.states} (${(res.states / seconds).toFixed(1)}/s), resyncs ${res.stats.resyncs}, gaps ${res.stats.gaps}, states coalesced ${res.stats.coalesced ?? 0}`);
  console.log(`  event → client callback latency ms: p50 ${q(0.5)}  p90 ${q(0.9)}  p99 ${q(0.99)}  max ${lat.at(-1).toFixed(2)}`);
  // CPU per second of run does not depend on what else the machine is doing; latency tails do.
  console.log(`  CPU ms per second: client ${(res.cpuMs / seconds).toFixed(0)}, server process ${((cpu.user + cpu.system) / 1000 / seconds).toFixed(0)} (includes building the 2,000-row view at 50 Hz)`);
  // What one state costs on the event path (CPU time, median of 30): nothing else runs on either thread
  // meanwhile. Load-independent enough to compare builds when the latency tails are machine noise.
  const med = (f) => {
    const xs = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      f();
      xs.push(performance.now() - t0);
    }
    return xs.sort((a, b) => a - b)[15].toFixed(2);
  };
  let frames;
  const enc = med(() => (frames = protocol.encodePub({ topic: 'state', v: 1, seq: 1, ts: 1, engineId: server.engineId, view: viewForWire(view(), maxWatchRows) })));
  const dec = med(() => protocol.decodePub(frames));
  console.log(`  one state on the event path, ms: server trim+encode ${enc}, client decode+validate ${dec}`);
  await server.close();
  await rm(stateDir, { recursive: true, force: true });
  process.exit(0);
}
