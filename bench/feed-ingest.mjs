/* global process, console, Buffer, performance, URL, setTimeout */
// Feed ingest throughput over a loopback WebSocket: the raw cost (ws + JSON.parse) against the full
// path (OpenAlgoFeed: parseFrame + validation + partial-tick merge → Tick, then MarketData.ingest:
// bars + indicators, when dist/engine/market-data.js exists). Prints ticks/s for both and the ratio.
// The sending server runs in a worker thread so the figures are the receiving side's.
// Last, a paced run (RATE ticks/s, default 100,000, sent in 1 ms batches) measures latency from a
// frame's arrival (the socket 'data' event that carried it) to the return of MarketData.ingest, i.e.
// the bar update, for every tick: p50/p99/p99.9/max.
//
//   npm run build && node bench/feed-ingest.mjs [symbols=2000] [rounds=200]     (RATE=100000 env)
//   ALGO_DIST=/some/other/dist node bench/feed-ingest.mjs     (compiled output elsewhere)
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { WebSocketServer, WebSocket } from 'ws';

const symbolList = (n) => Array.from({ length: n }, (_, i) => `SYM${String(i).padStart(4, '0')}`);

// Quote-mode frames as OpenAlgo sends them; timestamps ascend per symbol and sit near the wall clock.
function buildFrames(symbols, rounds, base) {
  const frames = [];
  for (let r = 0; r < rounds; r++) {
    for (let s = 0; s < symbols.length; s++) {
      const ltp = 100 + s * 0.5 + ((r * 7 + s) % 40) * 0.05;
      frames.push(
        Buffer.from(
          JSON.stringify({
            type: 'market_data', symbol: symbols[s], exchange: 'NSE', mode: 2, broker: 'bench',
            data: { ltp, ltt: base + r * 250, volume: 1000 + r * 10, open: 100 + s * 0.5, high: ltp + 1, low: ltp - 1,
              close: 100 + s * 0.5, last_trade_quantity: 5, average_price: ltp, timestamp: base + r * 250 },
          }),
        ),
      );
    }
  }
  return frames;
}

// ---- worker: an OpenAlgo-like server that blasts the frames once the client is subscribed ----
if (!isMainThread) {
  const { symbols: n, rounds, base, protocol, rate } = workerData;
  const frames = buildFrames(symbolList(n), rounds, base);
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  // ws.send costs more per frame than the client's whole receive path, so the frames are encoded once
  // here (unmasked server→client text frames, RFC 6455 §5.2) and written to the socket in 1 MiB chunks.
  const chunks = [];
  let parts = [];
  let size = 0;
  for (const f of frames) {
    const head = f.length < 126 ? Buffer.from([0x81, f.length]) : Buffer.from([0x81, 126, f.length >> 8, f.length & 0xff]);
    parts.push(head, f);
    size += head.length + f.length;
    if (size > 1 << 20) {
      chunks.push(Buffer.concat(parts));
      parts = [];
      size = 0;
    }
  }
  if (parts.length) chunks.push(Buffer.concat(parts));
  // Paced mode: one contiguous buffer of encoded frames, written up to "frames due by now" every ~1 ms.
  const paced = async (ws) => {
    const all = Buffer.concat(chunks);
    const ends = [];
    let at = 0;
    for (const f of frames) ends.push((at += (f.length < 126 ? 2 : 4) + f.length));
    const socket = ws._socket;
    const t0 = performance.now();
    let sent = 0;
    while (sent < frames.length) {
      const due = Math.min(frames.length, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
      if (due > sent) {
        socket.write(all.subarray(sent === 0 ? 0 : ends[sent - 1], ends[due - 1]));
        sent = due;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  const pump = async (ws) => {
    if (rate) return paced(ws);
    const socket = ws._socket;
    for (const c of chunks) if (!socket.write(c)) await new Promise((r) => socket.once('drain', r));
  };
  wss.on('connection', (ws) => {
    if (!protocol) return void pump(ws);
    const batches = Math.ceil(n / 500);
    let acked = 0;
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      if (m.action === 'authenticate') ws.send(JSON.stringify({ type: 'auth', status: 'success', message: 'ok', broker: 'bench' }));
      if (m.action === 'subscribe') {
        ws.send(JSON.stringify({ type: 'subscribe', status: 'success', request_id: m.request_id, subscriptions: m.symbols.map((s) => ({ ...s, status: 'success' })) }));
        if (++acked === batches) void pump(ws);
      }
    });
  });
  wss.once('listening', () => parentPort.postMessage(`ws://127.0.0.1:${wss.address().port}`));
  parentPort.on('message', () => wss.close(() => process.exit(0)));
} else {
  await main();
}

async function main() {
  const SYMBOLS = Number(process.argv[2] ?? 2000);
  const ROUNDS = Number(process.argv[3] ?? 200);
  const DIST = resolve(process.env.ALGO_DIST ?? fileURLToPath(new URL('../dist', import.meta.url)));
  const load = (rel) => import(pathToFileURL(resolve(DIST, rel)).href);
  const { OpenAlgoFeed } = await load('adapters/feed/openalgo-feed.js');
  const { WallClock } = await load('adapters/clock/wall-clock.js');
  const MarketData = existsSync(resolve(DIST, 'engine/market-data.js')) ? (await load('engine/market-data.js')).MarketData : null;
  const symbols = symbolList(SYMBOLS);
  const total = SYMBOLS * ROUNDS;
  const base = Date.now();

  const server = async (protocol, rate = 0, rounds = ROUNDS) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: { symbols: SYMBOLS, rounds, base, protocol, rate } });
    const url = await new Promise((r) => w.once('message', r));
    return { url, close: () => new Promise((r) => { w.once('exit', r); w.postMessage('stop'); }) };
  };

  // Raw: ws + JSON.parse and nothing else.
  let srv = await server(false);
  let n = 0;
  let t0 = 0;
  let sink = 0;
  const client = new WebSocket(srv.url, { perMessageDeflate: false });
  const rawMs = await new Promise((done) => {
    client.on('message', (data) => {
      if (n === 0) t0 = performance.now();
      sink += JSON.parse(data.toString()).data.ltp;
      if (++n === total) done(performance.now() - t0);
    });
  });
  client.terminate();
  await srv.close();

  // Full: OpenAlgoFeed alone, then OpenAlgoFeed + MarketData.ingest when it is built.
  const day = 86_400_000;
  const ist = 19_800_000;
  const feedRun = async (withMarketData, rate = 0) => {
    const rounds = rate ? Math.max(1, Math.round((rate * 3) / SYMBOLS)) : ROUNDS; // ~3 s when paced
    const n = SYMBOLS * rounds;
    const srv = await server(true, rate, rounds);
    const clock = new WallClock();
    const logger = { debug() {}, info() {}, warn() {}, error() {}, isLevelEnabled: () => false };
    const feed = new OpenAlgoFeed({ url: srv.url, apiKey: 'bench', clock, logger, isMarketOpen: () => true, staleAfterMs: 120_000 });
    // The whole IST day counts as session so that every bench tick reaches the bar builder.
    const md = withMarketData
      ? new MarketData({ symbols, sessionOpenMs: (ms) => ms - ((ms + ist) % day), sessionCloseMs: (ms) => ms - ((ms + ist) % day) + day - 1, now: () => clock.now() })
      : null;
    let count = 0;
    let start = 0;
    let arrival = 0;
    const lat = rate ? new Float64Array(n) : null;
    const ms = await new Promise((done) => {
      feed.onTick((tick) => {
        if (count === 0) start = performance.now();
        if (md) md.ingest(tick, clock.now());
        if (lat) lat[count] = performance.now() - arrival;
        if (++count === n) done(performance.now() - start);
      });
      void feed.start(symbols.map((symbol) => ({ symbol, exchange: 'NSE' }))).then(() => {
        // Arrival = the socket read that carried the frame (ws parses and emits synchronously inside it).
        feed.ws?._socket?.prependListener('data', () => (arrival = performance.now()));
      });
    });
    const rejected = feed.health().rejected;
    await feed.stop();
    await srv.close();
    lat?.sort();
    const q = (p) => lat[Math.min(n - 1, Math.floor(p * n))] * 1000;
    return { ms, n, rejected, stats: md?.stats(), lat: lat && { p50: q(0.5), p99: q(0.99), p999: q(0.999), max: lat[n - 1] * 1000 } };
  };
  const feedOnly = await feedRun(false);

  // In-process, no socket: JSON.parse alone vs parseFrame + merge on the same frame buffers.
  const { parseFrame } = await load('adapters/feed/frame-parser.js');
  const { SymbolState } = await load('adapters/feed/symbol-state.js');
  const frames = buildFrames(symbols, ROUNDS, base);
  const states = new Map(symbols.map((symbol) => { const st = new SymbolState({ symbol, exchange: 'NSE' }); return [st.key, st]; }));
  const ctx = { now: base, maxFrameBytes: 65_536, maxSkewMs: 300_000, symbols: states };
  let t = performance.now();
  for (const f of frames) sink += JSON.parse(f.toString('utf8')).data.ltp;
  const parseOnlyMs = performance.now() - t;
  t = performance.now();
  for (const f of frames) {
    const r = parseFrame(f, ctx);
    if (r.kind === 'tick') sink += states.get(r.key).merge(r.partial, base).ltp;
  }
  const parseFrameMs = performance.now() - t;
  const full = MarketData ? await feedRun(true) : null;
  const RATE = Number(process.env.RATE ?? 100_000);
  const paced = MarketData ? await feedRun(true, RATE) : null;

  const fmt = (ms, n = total) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US').padStart(9)} ticks/s (${ms.toFixed(0)} ms)`;
  console.log(`feed-ingest: ${SYMBOLS} symbols × ${ROUNDS} rounds = ${total} frames over loopback ws, node ${process.version} (checksum ${sink.toFixed(0)})`);
  console.log(`  raw ws + JSON.parse:              ${fmt(rawMs)}`);
  console.log(`  in-process JSON.parse only:       ${fmt(parseOnlyMs)}`);
  console.log(`  in-process parseFrame + merge:    ${fmt(parseFrameMs)}  ratio to JSON.parse ${(parseOnlyMs / parseFrameMs).toFixed(2)}`);
  console.log(`  OpenAlgoFeed (to Tick emission):  ${fmt(feedOnly.ms)}  ratio to raw ${(rawMs / feedOnly.ms).toFixed(2)}`);
  if (full) console.log(`  OpenAlgoFeed + MarketData.ingest: ${fmt(full.ms)}  ratio to raw ${(rawMs / full.ms).toFixed(2)}`);
  else console.log('  (dist/engine/market-data.js not built: measured up to Tick emission only)');
  if (paced) {
    const l = paced.lat;
    const us = (v) => `${v.toFixed(0)} µs`;
    console.log(`  paced ${RATE.toLocaleString('en-US')}/s, arrival → bar update (${paced.n} ticks at ${fmt(paced.ms, paced.n).trim()}): p50 ${us(l.p50)}, p99 ${us(l.p99)}, p99.9 ${us(l.p999)}, max ${us(l.max)}`);
  }
  console.log(`  feed rejected: ${JSON.stringify(feedOnly.rejected)}${full ? `; market-data stats: ${JSON.stringify(full.stats)}` : ''}`);
}
