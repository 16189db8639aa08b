/* global process, console, performance, setTimeout, URL */
// Engine memory with 2,000 symbols and 10 sessions of history (prints figures; never asserts).
// 1. In process: MarketData for N symbols + NIFTY, warmed with 10 sessions of 1m/5m/15m bars and
//    30 daily bars each, then a stretch of live ticks; RSS and heap used (after gc when --expose-gc).
//    (skipped with INPROC=0)
// 2. The real engine, measured on its own: `algo-tui sim` runs as its own process on free ports and
//    `algo-tui engine` (paper mode, OPENALGO_HOST/OPENALGO_WS_URL pointing at it) warms up over REST
//    and trades on its feed. VmRSS/VmHWM of BOTH processes from /proc/<pid>/status, sampled every
//    second; the engine's figures count only samples after "warm-up complete". Ticks/s is the
//    engine's own feed counter (`algo-tui status --json`, feed.ticks) over the live window; CPU is
//    the engine's utime+stime (/proc/<pid>/stat) to warm-up complete and over the live window.
//    The engine runs as shipped: it sets its own V8 flags (app/engine/v8-flags.ts, logged as v8Flags).
//    (skipped with ENGINE=0)
//
//   npm run build && node --expose-gc bench/engine-memory.mjs [symbols=2000]
//   ALGO_DIST=/other/dist  ENGINE_WAIT_S=600 (how long to wait for warm-up)  LIVE_S=20 (live window)
//   SPEED=1 (sim speed)  TICKS=1000000 (in-process ticks)
//   CONFIGS='label tok…; label2 tok…' engine configurations compared against ONE sim (it takes ~60 s
//   to start), tok = env:K=V (engine environment) or node:--flag (engine node flag); RUNS=3 runs each,
//   interleaved, then medians per configuration. E.g. the engine before its V8 flags vs as shipped:
//     INPROC=0 RUNS=3 CONFIGS='v8-defaults env:ALGO_TUI_ENGINE_V8_FLAGS=; shipped' node bench/engine-memory.mjs
//   MEMLOG=0: the engine does not log its memory stages (ALGO_TUI_MEMLOG=1 by default here; the table
//   shows process.memoryUsage, smaps_rollup anonymous/file-backed RSS and V8 old/new space, in MB);
//   MEMLOG_GC=1: the engine runs with --expose-gc and collects at the 'after warm-up+gc' stage.
//   HEAPSNAP=1: after the live window the engine gets SIGUSR2 (--heapsnapshot-signal) and the
//   snapshot is kept in the printed directory (open it in Chrome DevTools → Memory).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const N = Number(process.argv[2] ?? 2000);
const DIST = resolve(process.env.ALGO_DIST ?? fileURLToPath(new URL('../dist', import.meta.url)));
const load = (rel) => import(pathToFileURL(resolve(DIST, rel)).href);
const mb = (b) => `${(b / 1048576).toFixed(0)} MB`;
const DAY = 86_400_000;
const SESSIONS = 10;

async function inProcess() {
  const { MarketData } = await load('engine/market-data.js');
  const { istInstant, istDate } = await load('domain/time.js');
  const symbols = [...Array.from({ length: N }, (_, i) => `SYM${String(i).padStart(4, '0')}`), 'NIFTY'];
  const open0 = istInstant('2025-03-14', '09:15');
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const keyOf = (s) => (s === 'NIFTY' ? 'NSE_INDEX:NIFTY' : `NSE:${s}`);
  const intraday = (sym, tf, minutes) => {
    const bars = [];
    let px = 100 + (sym.length % 7) * 10;
    for (let d = SESSIONS; d >= 1; d--) {
      for (let m = 0; m < 375; m += minutes) {
        const o = px;
        const c = o * (1 + (rnd() - 0.5) * 0.004);
        bars.push({ key: keyOf(sym), tf, start: open0 - d * DAY + m * 60_000, open: o, high: Math.max(o, c) * 1.001, low: Math.min(o, c) * 0.999, close: c, volume: 1000 });
        px = c;
      }
    }
    return bars;
  };
  globalThis.gc?.();
  const base = process.memoryUsage();
  const md = new MarketData({
    symbols,
    sessionOpenMs: (ms) => istInstant(istDate(ms), '09:15'),
    sessionCloseMs: (ms) => istInstant(istDate(ms), '15:30'),
    now: () => open0,
  });
  const t0 = performance.now();
  for (const s of symbols) {
    const daily = [];
    for (let k = 32; k >= 1; k--) daily.push({ key: keyOf(s), tf: 'D', start: open0 - k * DAY, open: 100, high: 102, low: 98, close: 100, volume: 1e6 });
    md.warmUp(s, 'D', daily);
    md.warmUp(s, '15m', intraday(s, '15m', 15));
    md.warmUp(s, '5m', intraday(s, '5m', 5));
    md.warmUp(s, '1m', intraday(s, '1m', 1));
  }
  const warmS = (performance.now() - t0) / 1000;
  globalThis.gc?.();
  const warm = process.memoryUsage();
  const TICKS = Number(process.env.TICKS ?? 1_000_000);
  const px = new Float64Array(symbols.length).fill(100);
  let t = open0;
  for (let i = 0; i < TICKS; i++) {
    const k = i % symbols.length;
    t += 2000 / symbols.length;
    px[k] *= 1 + (rnd() - 0.5) * 0.0005;
    md.ingest({ key: keyOf(symbols[k]), symbol: symbols[k], exchange: k === N ? 'NSE_INDEX' : 'NSE', ltp: px[k], ts: Math.floor(t), volume: i });
    if (k === 0) md.closeDue(Math.floor(t));
  }
  globalThis.gc?.();
  const live = process.memoryUsage();
  const gcNote = globalThis.gc ? 'after gc' : 'no gc: run with --expose-gc for settled figures';
  console.log(`in-process MarketData: ${N} symbols + NIFTY, ${SESSIONS} sessions of 1m/5m/15m + 32 daily bars (warm-up ${warmS.toFixed(1)} s), ${TICKS} live ticks (${((t - open0) / 60000).toFixed(0)} min of market time); ${gcNote}`);
  console.log(`  RSS: before ${mb(base.rss)}, warmed ${mb(warm.rss)}, after ticks ${mb(live.rss)} | heap used: before ${mb(base.heapUsed)}, warmed ${mb(warm.heapUsed)}, after ticks ${mb(live.heapUsed)}`);
  return md; // kept alive until the figures are printed
}

const freePort = () =>
  new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });

const status = async (pid) => {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
};

/** CPU seconds (user + system) the process has used, from /proc/<pid>/stat (clock ticks of 1/100 s). */
const cpuSeconds = async (pid) => {
  const f = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A child process with its output collected and a promise of its exit. */
function start(args, env, cwd) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, cwd });
  const p = { child, out: '', code: null };
  child.stdout.on('data', (d) => (p.out += d));
  child.stderr.on('data', (d) => (p.out += d));
  p.exited = new Promise((r) => child.once('exit', (code, sig) => r((p.code = `${code ?? sig}`))));
  return p;
}

async function stop(p) {
  if (p.code === null) p.child.kill('SIGTERM');
  const t = setTimeout(() => p.code === null && p.child.kill('SIGKILL'), 15_000);
  await p.exited;
  clearTimeout(t);
  return p.code;
}

/** The engine's feed tick counter over the bus (null if the status command fails). */
async function feedTicks(common) {
  const p = start([resolve(DIST, 'app/cli.js'), 'status', '--json', ...common], {});
  await p.exited;
  try {
    const s = JSON.parse(p.out.slice(p.out.indexOf('{')));
    return (s.view ?? s).feed.ticks;
  } catch {
    return null;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** ENGINE configurations to compare: `label tok tok; label2 …`, tok = env:K=V or node:--flag. */
function parseConfigs(text) {
  return text.split(';').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [label, ...toks] = s.split(/\s+/);
    const env = {};
    const node = [];
    for (const t of toks) {
      if (t.startsWith('env:')) env[t.slice(4, t.indexOf('='))] = t.slice(t.indexOf('=') + 1);
      else if (t.startsWith('node:')) node.push(t.slice(5));
      else throw new Error(`CONFIGS: '${t}' is neither env:K=V nor node:--flag`);
    }
    return { label, env, node };
  });
}

async function separateProcesses() {
  const dir = await mkdtemp(join(tmpdir(), 'algo-engine-mem-'));
  const csv = join(dir, 'symbols.csv');
  // Real NSE-like names are not needed by the simulator; it models whatever the list holds.
  await writeFile(csv, `Symbol\n${Array.from({ length: N }, (_, i) => `SYM${String(i).padStart(4, '0')}`).join('\n')}\n`);
  const [rest, ws, pub, router] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const config = join(dir, 'config.json');
  await writeFile(config, JSON.stringify({
    maxSymbols: N,
    sim: { restPort: rest, wsPort: ws, speed: Number(process.env.SPEED ?? 1) },
    bus: { pubEndpoint: `tcp://127.0.0.1:${pub}`, routerEndpoint: `tcp://127.0.0.1:${router}` },
  }));
  const cli = resolve(DIST, 'app/cli.js');
  const simState = join(dir, 'sim-state');
  const common = (stateDir) => ['--symbols', csv, '--config', config, '--state-dir', stateDir];

  const t0 = performance.now();
  const sim = start([cli, 'sim', ...common(simState), '--sim-start', '10:30'], { ALGO_TUI_STATE_DIR: simState });
  const simPeak = [];
  while (sim.code === null && !sim.out.includes('Ctrl-C to stop') && performance.now() - t0 < 600_000) {
    await sleep(250);
    const st = await status(sim.child.pid).catch(() => null);
    if (st) simPeak.push(st.rss);
  }
  const simReadyS = (performance.now() - t0) / 1000;
  if (!sim.out.includes('Ctrl-C to stop')) {
    console.log(`sim did not start (exit ${sim.code}):\n${sim.out.slice(-800)}`);
    await stop(sim);
    return;
  }
  const simAtStart = await status(sim.child.pid);
  const simServing = [];

  const configs = parseConfigs(process.env.CONFIGS ?? 'shipped');
  const runs = Number(process.env.RUNS ?? 1);
  const results = new Map(configs.map((c) => [c.label, []]));
  console.log(`separate processes: ${N} symbols + NIFTY, sim speed ×${Number(process.env.SPEED ?? 1)}; ${configs.length} engine configuration(s) × ${runs} run(s), interleaved`);
  for (let r = 1; r <= runs; r++) {
    for (const c of configs) {
      const res = await engineRun(c, r, { cli, common, dir, rest, ws, sim, simServing });
      results.get(c.label).push(res);
    }
  }
  const sCode = await stop(sim);
  if (process.env.HEAPSNAP !== '1') await rm(dir, { recursive: true, force: true });
  console.log(`  sim:    ready after ${simReadyS.toFixed(1)} s, VmRSS at ready ${mb(simAtStart.rss)} (peak while starting ${mb(Math.max(...simPeak, simAtStart.rss))}), ` +
    `while serving median ${mb(median(simServing))}; SIGTERM → exit ${sCode}`);
  if (runs > 1 || configs.length > 1) {
    console.log('  medians per configuration (engine):');
    for (const [label, rs] of results) {
      const ok = rs.filter((x) => x.warmS !== null);
      if (ok.length === 0) {
        console.log(`    ${label.padEnd(16)} no run warmed up`);
        continue;
      }
      const m = (k) => median(ok.map((x) => x[k]));
      console.log(`    ${label.padEnd(16)} warm-up ${m('warmS').toFixed(1)} s | peak while warming ${mb(m('warmPeak'))} | live VmRSS ${mb(m('live'))} | VmHWM ${mb(m('hwm'))} | CPU to warm ${m('cpuWarm').toFixed(1)} s, live ${m('cpuLive')}% | ${m('tps')} ticks/s  (${ok.length} runs)`);
    }
  }
}

/** One engine process with configuration `c` against the running sim; prints its figures. */
async function engineRun(c, r, { cli, common, dir, rest, ws, sim, simServing }) {
  const stateDir = join(dir, `state-${c.label}-${r}`);
  const heap = process.env.HEAPSNAP === '1';
  const nodeArgs = [...(heap ? ['--heapsnapshot-signal=SIGUSR2'] : []), ...(process.env.MEMLOG_GC === '1' ? ['--expose-gc'] : []), ...c.node];
  const t1 = performance.now();
  const engine = start([...nodeArgs, cli, 'engine', ...common(stateDir)], {
    ...c.env,
    ...(process.env.MEMLOG === '0' ? {} : { ALGO_TUI_MEMLOG: '1' }),
    ALGO_TUI_STATE_DIR: stateDir,
    OPENALGO_HOST: `http://127.0.0.1:${rest}`,
    OPENALGO_WS_URL: `ws://127.0.0.1:${ws}`,
    OPENALGO_API_KEY: 'x',
  }, dir);
  const waitS = Number(process.env.ENGINE_WAIT_S ?? 600);
  const liveS = Number(process.env.LIVE_S ?? 20);
  const samples = [];
  let warmedAt = 0;
  let ticks0 = null;
  let tTicks0 = 0;
  let cpuWarm = NaN;
  while (engine.code === null && performance.now() - t1 < waitS * 1000) {
    await sleep(1000);
    if (!warmedAt && engine.out.includes('warm-up complete')) {
      warmedAt = performance.now();
      cpuWarm = await cpuSeconds(engine.child.pid).catch(() => NaN);
    }
    const [e, s] = await Promise.all([status(engine.child.pid).catch(() => null), status(sim.child.pid).catch(() => null)]);
    if (e) samples.push({ e: e.rss, warmed: warmedAt !== 0 });
    if (s) simServing.push(s.rss);
    if (warmedAt && ticks0 === null && engine.out.includes('engine running')) {
      ticks0 = await feedTicks(common(stateDir));
      tTicks0 = performance.now();
    }
    if (warmedAt && samples.filter((x) => x.warmed).length >= liveS) break;
  }
  const ticks1 = warmedAt ? await feedTicks(common(stateDir)) : null;
  const tTicks1 = performance.now();
  const eLast = await status(engine.child.pid).catch(() => null);
  const cpuLive = ((await cpuSeconds(engine.child.pid).catch(() => NaN)) - cpuWarm) / ((performance.now() - warmedAt) / 1000);
  if (heap && engine.code === null) {
    engine.child.kill('SIGUSR2');
    await sleep(Number(process.env.HEAPSNAP_WAIT_S ?? 60) * 1000); // writing a GB-sized snapshot takes a while
  }
  const eCode = await stop(engine);
  const flags = [...Object.entries(c.env).map(([k, v]) => `${k}=${v}`), ...c.node].join(' ') || 'as shipped';
  const v8Flags = /"v8Flags":"([^"]*)"/.exec(engine.out)?.[1] ?? '?';
  console.log(`  engine [${c.label}] run ${r} (${flags}; engine's V8 flags: ${v8Flags}); load ${(await readFile('/proc/loadavg', 'utf8')).trim()}`);
  if (!warmedAt) {
    console.log(`    no "warm-up complete" within ${waitS} s (exit ${eCode}); VmRSS max ${mb(Math.max(0, ...samples.map((x) => x.e)))}; output tail:\n${engine.out.slice(-800)}`);
    return { warmS: null };
  }
  const live = samples.filter((x) => x.warmed).map((x) => x.e);
  const warming = samples.filter((x) => !x.warmed).map((x) => x.e);
  const tps = ticks0 !== null && ticks1 !== null ? Math.round((ticks1 - ticks0) / ((tTicks1 - tTicks0) / 1000)) : NaN;
  const res = { warmS: (warmedAt - t1) / 1000, warmPeak: Math.max(0, ...warming), live: median(live), hwm: eLast?.hwm ?? NaN, tps, cpuWarm, cpuLive: Math.round(cpuLive * 100) };
  console.log(`    warm-up complete after ${res.warmS.toFixed(1)} s (±1 s; ${cpuWarm.toFixed(1)} CPU s to then; peak VmRSS while warming ${mb(res.warmPeak)})`);
  console.log(`    VmRSS over ${live.length} s live: median ${mb(res.live)}, max ${mb(Math.max(...live))}; VmHWM ${eLast ? mb(eLast.hwm) : '?'}; ` +
    `feed ${tps} ticks/s (${ticks0} → ${ticks1}), engine CPU ${res.cpuLive}% of a core; SIGTERM → exit ${eCode}`);
  if (process.env.MEMLOG !== '0') printMemlog(engine.out);
  if (heap) console.log(`    heap snapshot (if written): ${dir}/*.heapsnapshot`);
  return res;
}

/** The engine's ALGO_TUI_MEMLOG stage lines (JSON log records) as a table, in MB. */
function printMemlog(out) {
  const rows = [];
  for (const line of out.split('\n')) {
    if (!line.includes('memlog ')) continue;
    try {
      rows.push(JSON.parse(line));
    } catch {
      // a pretty (non-JSON) line: skip
    }
  }
  if (rows.length === 0) return;
  const cols = ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers', 'anon', 'fileRss'];
  console.log(`    memlog (MB) ${'stage'.padEnd(24)} ${cols.map((c) => c.padStart(9)).join(' ')}  old/new space`);
  for (const r of rows) {
    const f = r.fields ?? r;
    const stage = String(r.msg ?? '').replace('memlog ', '') + (f.gc === false ? ' (no gc)' : '');
    const sp = f.spaces ?? {};
    console.log(`                ${stage.padEnd(24)} ${cols.map((c) => (typeof f[c] === 'number' ? f[c].toFixed(0) : '?').padStart(9)).join(' ')}  ${sp.old ?? '?'}/${sp.new ?? '?'}`);
  }
}

const keep = process.env.INPROC === '0' ? null : await inProcess();
if (process.env.ENGINE !== '0') await separateProcesses();
void keep;
