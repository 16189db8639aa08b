// `algo-tui backtest` as a user runs it: the built CLI in a child process.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../source/adapters/config/index.js';

const cli = path.join(packageRoot(), 'dist', 'app', 'cli.js');
const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  const home = await mkdtemp(path.join(os.tmpdir(), 'algo-bt-home-'));
  try {
    const r = await promisify(execFile)(process.execPath, [cli, 'backtest', ...args], { env: { PATH: process.env.PATH ?? '', HOME: home }, maxBuffer: 1 << 24 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
};

describe('algo-tui backtest (built CLI)', () => {
  it('--seed --json prints the summary only; --out writes trades.csv and summary.json', async () => {
    const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'algo-bt-cli-')), 'out');
    const r = await run(['--symbols', 'test', '--max-symbols', '4', '--from', '2025-06-02', '--to', '2025-06-03', '--seed', '5', '--json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { period: { days: number }; overall: { trades: number; netPaise: number }; symbols: number; bars: number };
    expect(summary.period.days).toBe(2);
    expect(summary.symbols).toBe(4);
    expect(summary.bars).toBeGreaterThan(2 * 5 * 300);
    expect(JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8'))).toEqual(summary);
    const csv = (await readFile(path.join(out, 'trades.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(summary.overall.trades + 1);
    const net = csv.slice(1).reduce((a, row) => a + Math.round(Number(row.split(',').at(-1)) * 100), 0);
    expect(net).toBe(summary.overall.netPaise);
  }, 30_000);

  it('prints the text report; exits 1 without data and 2 on usage errors', async () => {
    const text = await run(['--symbols', 'test', '--max-symbols', '3', '--from', '2025-06-02', '--to', '2025-06-02', '--seed', '5']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Backtest 2025-06-02 → 2025-06-02: 1 trading day\(s\), 3 symbols/);
    expect(text.stdout).toContain('Max drawdown');
    const empty = await mkdtemp(path.join(os.tmpdir(), 'algo-bt-empty-'));
    await mkdir(path.join(empty, '2025-06-07')); // a Saturday
    const none = await run(['--from', '2025-06-02', '--to', '2025-06-08', '--data', empty]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no data for any trading day from 2025-06-02 to 2025-06-08/);
    expect(none.stderr).toMatch(/not trading days, skipped: 2025-06-07/);
    const usage = await run(['--from', '2025-06-02', '--to', '2025-06-02', '--data', empty, '--seed', '3']);
    expect(usage.code).toBe(2);
  }, 30_000);

  it('warns about symbols without any bars, a missing NIFTY and too little warm-up history', async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'algo-bt-sparse-'));
    await mkdir(path.join(data, '2025-06-02'));
    await writeFile(path.join(data, '2025-06-02', 'RELIANCE.csv'), 'timestamp,open,high,low,close,volume\n2025-06-02T09:15:00+05:30,1400,1401,1399,1400.5,1000\n');
    const symbols = path.join(data, 'symbols.csv');
    await writeFile(symbols, 'Symbol\nRELIANCE\nTCS\nINFY\n');
    const r = await run(['--symbols', symbols, '--from', '2025-06-02', '--to', '2025-06-02', '--data', data, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: no bars at all for 2 of 3 symbol\(s\) \((TCS, INFY|INFY, TCS)\)/);
    expect(r.stderr).toMatch(/warning: no NIFTY bars on 1 of 1 day/);
    expect(r.stderr).toMatch(/note: only 0 trading session\(s\) of data before 2025-06-02; the indicators need 12/);
    const summary = JSON.parse(r.stdout) as { bars: number; notes: string[] };
    expect(summary.bars).toBe(1);
    expect(summary.notes.some((n) => n.startsWith('no bars at all for 2 of 3'))).toBe(true);
  }, 30_000);
});
