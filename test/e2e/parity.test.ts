// Parity (issue 7): the same bars through `algo-tui backtest` and through the real engine process on
// the replay feed at full speed (`algo-tui engine --replay`) produce the same trades, to the paisa.
// The bars come from the simulated market, exported as a broker would (one CSV per symbol, UTC epoch
// seconds, no header) and brought into the layout by `algo-tui import`, which is checked on the way.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SimBarSource } from '../../source/adapters/bars/sim-source.js';
import { LowdbStore } from '../../source/adapters/store/lowdb-store.js';
import { istDate } from '../../source/domain/time.js';
import { TRADE_COLUMNS, tradesCsv } from '../../source/adapters/report/write-out.js';
import type { Trade } from '../../source/domain/trading.js';
import { cliPath, writeBusConfig } from '../helpers/engine-process.js';
import { defaultSetup } from '../helpers/sim-day-runner.js';

const SEED = 7;
const SYMBOLS = ['RELIANCE', 'HDFCBANK', 'ICICIBANK', 'INFY', 'TCS', 'SBIN', 'AXISBANK', 'ITC'];
const FROM = '2026-01-12';
const TO = '2026-01-15';

const root = mkdtempSync(path.join(os.tmpdir(), 'algo-tui-parity-'));
afterAll(() => process.env.PARITY_KEEP ? undefined : rmSync(root, { recursive: true, force: true }));

/**
 * trades.csv rows without the id (each run's own): date, symbol, side, strategy, qty, entry time and
 * price, exit time and price, exit reason, gross, charges and net in rupees with paise, sorted.
 */
function rowsWithoutId(csv: string): string[] {
  const [header, ...rows] = csv.trim().split('\n');
  expect(header).toBe(TRADE_COLUMNS.join(','));
  return rows.map((r) => r.slice(r.indexOf(',') + 1)).sort();
}

async function exportSimCsvs(dir: string): Promise<string[]> {
  const { calendar } = defaultSetup();
  const source = new SimBarSource({ seed: SEED, symbols: SYMBOLS, from: FROM, to: TO, isTradingDay: (d) => calendar.isTradingDay(d) });
  const rows = new Map<string, string[]>();
  for (const date of source.dates()) {
    for (const b of (await source.loadDay(date)).bars) {
      let list = rows.get(b.symbol);
      if (!list) rows.set(b.symbol, (list = []));
      list.push(`${b.ts / 1000},${b.open},${b.high},${b.low},${b.close},${b.volume}`);
    }
  }
  const files: string[] = [];
  for (const [symbol, list] of rows) {
    const f = path.join(dir, `NSE_${symbol}-EQ.csv`);
    writeFileSync(f, `${list.join('\n')}\n`);
    files.push(f);
  }
  return files;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The engine as a real child process; resolves with its exit code and output once it exits by itself. */
function runEngine(args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ALGO_TUI_CHILD: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`engine --replay did not exit within ${timeoutMs} ms; output:\n${output.slice(-4000)}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('backtest and engine --replay parity', () => {
  it('trade the same bars identically, to the paisa', async () => {
    const exports = path.join(root, 'exports');
    const data = path.join(root, 'data');
    mkdirSync(exports, { recursive: true });
    const files = await exportSimCsvs(exports);
    const symbolsFile = path.join(root, 'symbols.csv');
    writeFileSync(symbolsFile, `Symbol\n${SYMBOLS.join('\n')}\n`);

    const imported = runCli(['import', ...files, '--data', data, '--tz', 'utc']);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    for (const s of [...SYMBOLS, 'NIFTY']) expect(imported.stdout).toMatch(new RegExp(`\\n  ${s}: [\\d,]+ bars written, 0 already there, \\d+ days`));
    expect(imported.stdout).not.toContain('rejected');

    const out = path.join(root, 'bt-out');
    const bt = runCli(['backtest', '--data', data, '--from', FROM, '--to', TO, '--symbols', symbolsFile, '--json', '--out', out], { ALGO_TUI_STATE_DIR: path.join(root, 'bt-state') });
    expect(bt.stderr).toBe('');
    expect(bt.status).toBe(0);
    const btRows = rowsWithoutId(readFileSync(path.join(out, 'trades.csv'), 'utf8'));

    const configFile = path.join(root, 'config.json');
    await writeBusConfig(configFile);
    const stateDir = path.join(root, 'state');
    const engine = await runEngine(['engine', '--replay', data, '--from', FROM, '--to', TO, '--symbols', symbolsFile, '--config', configFile, '--state-dir', stateDir], 150_000);
    expect(engine.output).toMatch(/replay finished: 3 day\(s\), \d+ bars, \d+ trade/);
    expect(engine.code).toBe(0);

    const store = LowdbStore.openReadOnly(path.join(stateDir, 'replay'));
    const replayTrades: Trade[] = [];
    for (const d of ['2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15']) replayTrades.push(...((await store.loadTrades(d)) ?? []));
    // The last day's trades are in the state, and archived too once the engine has archived that day.
    const archived = new Set(replayTrades.map((t) => t.id));
    replayTrades.push(...((await store.load())?.trades ?? []).filter((t) => !archived.has(t.id)));

    // The test can fail: several trades, more than one strategy or exit reason.
    expect(replayTrades.length).toBeGreaterThanOrEqual(3);
    expect(new Set(replayTrades.map((t) => `${t.strategy}/${t.exitReason}`)).size).toBeGreaterThanOrEqual(2);
    expect(rowsWithoutId(tradesCsv(replayTrades))).toEqual(btRows);

    // What a user reads back: `report --replay` shows each replayed day from the replay's own state.
    for (const d of ['2026-01-12', '2026-01-13', '2026-01-14']) {
      const rep = runCli(['report', '--replay', '--date', d, '--json', '--state-dir', stateDir]);
      expect(rep.status, rep.stderr).toBe(0);
      const day = JSON.parse(rep.stdout) as { date: string; trades: Array<{ id: string }> };
      expect(day.date).toBe(d);
      expect(day.trades.map((t) => t.id).sort()).toEqual(replayTrades.filter((t) => istDate(t.exitTime) === d).map((t) => t.id).sort());
    }
  }, 240_000);
});
