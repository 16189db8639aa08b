/* global process, console, performance, setTimeout, URL */
// Engine memory with 2,000 symbols and 10 sessions of history (prints figures; never asserts).
// 1. In process: MarketData for N symbols + NIFTY, warmed with 10 sessions of 1m/5m/15m bars and
//    30 daily bars each, then a stretch of live ticks; RSS and heap used (after gc when --expose-gc).
// 2. The real engine: `node dist/app/cli.js engine` on the embedded simulator with a generated
//    N-symbol CSV, a temp state dir and a temp config whose bus sits on free ports; VmRSS/VmHWM from
//    /proc/<pid>/status sampled after "warm-up complete" (skipped with ENGINE=0).
//
//   npm run build && node --expose-gc bench/engine-memory.mjs [symbols=2000]
//   ALGO_DIST=/other/dist  ENGINE_WAIT_S=120 (how long to wait for warm-up)  TICKS=1000000
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
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

const status = async (pid) => {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
};

async function realEngine() {
  const dir = await mkdtemp(join(tmpdir(), 'algo-engine-mem-'));
  const csv = join(dir, 'symbols.csv');
  // Real NSE-like names are not needed by the simulator; it models whatever the list holds.
  await writeFile(csv, `Symbol\n${Array.from({ length: N }, (_, i) => `SYM${String(i).padStart(4, '0')}`).join('\n')}\n`);
  const config = join(dir, 'config.json');
  const [pub, router] = [await freePort(), await freePort()];
  await writeFile(config, JSON.stringify({ sim: { wsPort: 0, restPort: 0 }, bus: { pubEndpoint: `tcp://127.0.0.1:${pub}`, routerEndpoint: `tcp://127.0.0.1:${router}` } }));
  const args = [resolve(DIST, 'app/cli.js'), 'engine', '--symbols', csv, '--config', config, '--state-dir', join(dir, 'state'), '--sim-start', '10:30'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ALGO_TUI_STATE_DIR: join(dir, 'state') } });
  let out = '';
  let warmedAt = 0;
  const t0 = performance.now();
  const onData = (d) => {
    out += d;
    if (!warmedAt && out.includes('warm-up complete')) warmedAt = performance.now();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((r) => child.once('exit', (code, sig) => r(`${code ?? sig}`)));
  let exitCode = null;
  void exited.then((c) => (exitCode = c));
  const waitS = Number(process.env.ENGINE_WAIT_S ?? 240);
  const samples = [];
  while (exitCode === null && performance.now() - t0 < waitS * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    if (exitCode !== null) break;
    const st = await status(child.pid).catch(() => null);
    if (st) samples.push({ ...st, warmed: warmedAt !== 0 });
    if (warmedAt && samples.filter((x) => x.warmed).length >= 15) break; // ~15 s of live ticks after warm-up
  }
  const last = exitCode === null ? await status(child.pid).catch(() => null) : null;
  if (exitCode === null) child.kill('SIGTERM');
  const code = await exited;
  await rm(dir, { recursive: true, force: true });
  if (!warmedAt) {
    const peak = samples.reduce((m, x) => Math.max(m, x.rss), 0);
    console.log(`real engine: no "warm-up complete" within ${waitS} s (exit ${exitCode ?? `${code} after SIGTERM`}); VmRSS while warming: last ${samples.length ? mb(samples.at(-1).rss) : '?'}, max ${mb(peak)}, VmHWM ${last ? mb(last.hwm) : '?'}; output tail:\n${out.slice(-600)}`);
    return;
  }
  const rss = samples.filter((x) => x.warmed).map((x) => x.rss).sort((a, b) => a - b);
  console.log(`real engine (${N} symbols, embedded sim, pid ${child.pid}): warm-up complete after ${((warmedAt - t0) / 1000).toFixed(1)} s`);
  console.log(`  VmRSS over ${rss.length} s after warm-up (peak while warming ${mb(samples.reduce((m, x) => Math.max(m, x.rss), 0))}): median ${mb(rss[rss.length >> 1])}, max ${mb(rss.at(-1))}; VmHWM ${last ? mb(last.hwm) : '?'}; stopped with SIGTERM → exit ${code}`);
}

const keep = await inProcess();
if (process.env.ENGINE !== '0') await realEngine();
void keep;
