/* global process, console, performance, setTimeout, URL */
// Engine memory with 2,000 symbols and 10 sessions of history (prints figures; never asserts).
// 1. In process: MarketData for N symbols + NIFTY, warmed with 10 sessions of 1m/5m/15m bars and
//    30 daily bars each, then a stretch of live ticks; RSS and heap used (after gc when --expose-gc).
//    (skipped with INPROC=0)
// 2. The real engine, measured on its own: `algo-tui sim` runs as its own process on free ports and
//    `algo-tui engine` (paper mode, OPENALGO_HOST/OPENALGO_WS_URL pointing at it) warms up over REST
//    and trades on its feed. VmRSS/VmHWM of BOTH processes from /proc/<pid>/status, sampled every
//    second; the engine's figures count only samples after "warm-up complete". Ticks/s is the
//    engine's own feed counter (`algo-tui status --json`, feed.ticks) over the live window.
//    (skipped with ENGINE=0)
//
//   npm run build && node --expose-gc bench/engine-memory.mjs [symbols=2000]
//   ALGO_DIST=/other/dist  ENGINE_WAIT_S=600 (how long to wait for warm-up)  LIVE_S=20 (live window)
//   SPEED=1 (sim speed)  TICKS=1000000 (in-process ticks)
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
  const stateDir = join(dir, 'state');
  const common = ['--symbols', csv, '--config', config, '--state-dir', stateDir];
  const cli = resolve(DIST, 'app/cli.js');

  const t0 = performance.now();
  const sim = start([cli, 'sim', ...common, '--sim-start', '10:30'], { ALGO_TUI_STATE_DIR: stateDir });
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

  const heap = process.env.HEAPSNAP === '1';
  const t1 = performance.now();
  const engine = start([...(heap ? ['--heapsnapshot-signal=SIGUSR2'] : []), cli, 'engine', ...common], {
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
  while (engine.code === null && performance.now() - t1 < waitS * 1000) {
    await sleep(1000);
    if (!warmedAt && engine.out.includes('warm-up complete')) warmedAt = performance.now();
    const [e, s] = await Promise.all([status(engine.child.pid).catch(() => null), status(sim.child.pid).catch(() => null)]);
    if (e && s) samples.push({ e: e.rss, s: s.rss, warmed: warmedAt !== 0 });
    if (warmedAt && ticks0 === null && engine.out.includes('engine running')) {
      ticks0 = await feedTicks(common);
      tTicks0 = performance.now();
    }
    if (warmedAt && samples.filter((x) => x.warmed).length >= liveS) break;
  }
  const ticks1 = warmedAt ? await feedTicks(common) : null;
  const tTicks1 = performance.now();
  const [eLast, sLast] = await Promise.all([status(engine.child.pid).catch(() => null), status(sim.child.pid).catch(() => null)]);
  if (heap && engine.code === null) {
    engine.child.kill('SIGUSR2');
    await sleep(Number(process.env.HEAPSNAP_WAIT_S ?? 60) * 1000); // writing a GB-sized snapshot takes a while
  }
  const eCode = await stop(engine);
  const sCode = await stop(sim);
  if (!heap) await rm(dir, { recursive: true, force: true });
  console.log(`separate processes: ${N} symbols + NIFTY, sim speed ×${Number(process.env.SPEED ?? 1)}; load ${(await readFile('/proc/loadavg', 'utf8')).trim()}`);
  console.log(`  sim:    ready after ${simReadyS.toFixed(1)} s, VmRSS at ready ${mb(simAtStart.rss)} (peak while starting ${mb(Math.max(...simPeak, simAtStart.rss))}), ` +
    `while serving median ${mb(median(samples.map((x) => x.s)))}, VmHWM ${sLast ? mb(sLast.hwm) : '?'}; SIGTERM → exit ${sCode}`);
  if (!warmedAt) {
    console.log(`  engine: no "warm-up complete" within ${waitS} s (exit ${eCode}); VmRSS max ${mb(Math.max(0, ...samples.map((x) => x.e)))}; output tail:\n${engine.out.slice(-800)}`);
    return;
  }
  const live = samples.filter((x) => x.warmed).map((x) => x.e);
  const warming = samples.filter((x) => !x.warmed).map((x) => x.e);
  const tps = ticks0 !== null && ticks1 !== null ? ((ticks1 - ticks0) / ((tTicks1 - tTicks0) / 1000)).toFixed(0) : '?';
  console.log(`  engine: warm-up complete after ${((warmedAt - t1) / 1000).toFixed(1)} s (±1 s; peak VmRSS while warming ${mb(Math.max(0, ...warming))})`);
  console.log(`          VmRSS over ${live.length} s live: median ${mb(median(live))}, max ${mb(Math.max(...live))}; VmHWM ${eLast ? mb(eLast.hwm) : '?'}; ` +
    `feed ${tps} ticks/s (${ticks0} → ${ticks1}); SIGTERM → exit ${eCode}`);
  if (heap) console.log(`  heap snapshot (if written): ${dir}/*.heapsnapshot`);
}

const keep = process.env.INPROC === '0' ? null : await inProcess();
if (process.env.ENGINE !== '0') await separateProcesses();
void keep;
