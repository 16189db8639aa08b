import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatImportSummary, importExitCode, importFiles } from '../../../source/adapters/bars/import-run.js';
import { cliPath } from '../../helpers/engine-process.js';

let dir = '';
let data = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'algo-tui-import-'));
  data = path.join(dir, 'data');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fixture(name: string, text: string): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, text);
  return p;
}

const day = (d: string, sym: string) => readFile(path.join(data, d, `${sym}.csv`), 'utf8');

describe('importFiles', () => {
  it('writes the layout: IST minute starts, ascending, one file per day and symbol', async () => {
    // UTC, out of order, two days, one pre-open bar.
    const f = await fixture('NSE_SBIN-EQ.csv', [
      'Date Time,Open,High,Low,Close,Volume',
      '2026-01-06 03:46:00,801,802,800,801.5,7',
      '2026-01-05 03:46:00,800.5,801,800,800.8,5',
      '2026-01-05 03:45:00,800,801,799.5,800.5,10',
      '2026-01-05 03:40:00,799,799,799,799,1',
    ].join('\n'));
    const s = await importFiles({ files: [f], dataDir: data, tz: 'utc' });
    expect(importExitCode(s)).toBe(0);
    expect(s).toMatchObject({ rowsRead: 4, outsideSession: 1, rejects: [], symbols: [{ symbol: 'SBIN', written: 3, unchanged: 0, days: 2 }] });
    expect(await day('2026-01-05', 'SBIN')).toBe(
      'timestamp,open,high,low,close,volume\n2026-01-05T09:15:00+05:30,800,801,799.5,800.5,10\n2026-01-05T09:16:00+05:30,800.5,801,800,800.8,5\n',
    );
    expect(await day('2026-01-06', 'SBIN')).toBe('timestamp,open,high,low,close,volume\n2026-01-06T09:16:00+05:30,801,802,800,801.5,7\n');
    expect(formatImportSummary(s, data)).toContain('SBIN: 3 bars written, 0 already there, 2 days');
  });

  it('is idempotent, merges new minutes into existing day files, and leaves no temp files', async () => {
    const a = await fixture('INFY.csv', '2026-01-05 09:15,1500,1501,1499,1500.5,10\n2026-01-05 09:17,1500,1501,1499,1500.5,10\n');
    await importFiles({ files: [a], dataDir: data });
    const first = await day('2026-01-05', 'INFY');
    const again = await importFiles({ files: [a], dataDir: data });
    expect(importExitCode(again)).toBe(0);
    expect(again.symbols).toEqual([{ symbol: 'INFY', written: 0, unchanged: 2, days: 1 }]);
    expect(await day('2026-01-05', 'INFY')).toBe(first);
    const b = await fixture('INFY_part2.csv', '2026-01-05 09:16,1500.5,1502,1500,1501,3\n2026-01-05 09:17,1500,1501,1499,1500.5,10\n');
    const merged = await importFiles({ files: [b], dataDir: data });
    expect(merged.symbols).toEqual([{ symbol: 'INFY', written: 1, unchanged: 1, days: 1 }]);
    expect((await day('2026-01-05', 'INFY')).trim().split('\n').slice(1).map((l) => l.slice(11, 16))).toEqual(['09:15', '09:16', '09:17']);
    expect(await readdir(path.join(data, '2026-01-05'))).toEqual(['INFY.csv']);
  });

  it('refuses a conflicting minute in an existing day file and leaves that file untouched', async () => {
    const a = await fixture('TCS.csv', '2026-01-05 09:15,3000,3001,2999,3000.5,10\n');
    await importFiles({ files: [a], dataDir: data });
    const before = await day('2026-01-05', 'TCS');
    const b = await fixture('TCS_new.csv', '2026-01-05 09:15,3000,3009,2999,3000.5,10\n2026-01-05 09:16,3000,3001,2999,3000.5,10\n2026-01-06 09:15,3000,3001,2999,3000.5,10\n');
    const s = await importFiles({ files: [b], dataDir: data });
    expect(importExitCode(s)).toBe(1);
    expect(s.dayErrors).toEqual([`${b}:1: field 'timestamp': 2026-01-05T09:15:00+05:30 is already in ${path.join(data, '2026-01-05', 'TCS.csv')}:2 with different values`]);
    expect(await day('2026-01-05', 'TCS')).toBe(before);
    // Other days are independent.
    expect(await day('2026-01-06', 'TCS')).toContain('2026-01-06T09:15:00+05:30');
    expect(s.symbols).toEqual([{ symbol: 'TCS', written: 1, unchanged: 0, days: 1 }]);
  });

  it('fails (exit 1) when a file is missing or every row is rejected, and still imports the good files', async () => {
    const good = await fixture('WIPRO.csv', '2026-01-05 09:15,1,1,1,1,0\n');
    const bad = await fixture('ITC.csv', 'timestamp,open,high,low,close,volume\n2026-01-05 09:15,0,1,1,1,0\n');
    const s = await importFiles({ files: [good, path.join(dir, 'missing.csv')], dataDir: data });
    expect(importExitCode(s)).toBe(1);
    expect(s.fileErrors[0]).toMatch(/missing\.csv: cannot read: ENOENT/);
    expect(await day('2026-01-05', 'WIPRO')).toContain('09:15');
    const all = await importFiles({ files: [bad], dataDir: data });
    expect(importExitCode(all)).toBe(1);
    expect(formatImportSummary(all, data)).toContain(`rejected rows: 1 (open: 1)\n    ${bad}:2: field 'open': '0' is not a positive price`);
  });
});

describe('algo-tui import (built CLI)', () => {
  it('imports, prints the summary and exits 0; exits 1 with the messages when nothing is usable', async () => {
    const f = await fixture('HDFCBANK.csv', 'date,time,open,high,low,close,volume\n05-01-2026,09:15,1700,1701,1699,1700.5,100\n05-01-2026,09:16,1700.5,1701,1700,1700,50\n05-01-2026,09:16:30,1,1,1,1,1\n');
    const ok = spawnSync(process.execPath, [cliPath, 'import', f, '--data', data], { encoding: 'utf8', env: { ...process.env, ALGO_TUI_STATE_DIR: path.join(dir, 'state') } });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('HDFCBANK: 2 bars written, 0 already there, 1 day');
    expect(ok.stdout).toContain(`${f}:4: field 'time': 2026-01-05T03:46:30.000Z is not on a minute boundary`);
    expect(await day('2026-01-05', 'HDFCBANK')).toBe('timestamp,open,high,low,close,volume\n2026-01-05T09:15:00+05:30,1700,1701,1699,1700.5,100\n2026-01-05T09:16:00+05:30,1700.5,1701,1700,1700,50\n');

    const bad = await fixture('bad.csv', 'timestamp,open,high,low,close,volume\nnope,1,1,1,1,1\n');
    const fail = spawnSync(process.execPath, [cliPath, 'import', bad, '--data', data, '--symbol', 'ITC', '--tz', 'utc'], { encoding: 'utf8', env: { ...process.env, ALGO_TUI_STATE_DIR: path.join(dir, 'state') } });
    expect(fail.status).toBe(1);
    expect(fail.stdout).toContain(`${bad}:2: field 'timestamp': 'nope' is not a timestamp`);
    expect(fail.stderr).toContain('algo-tui import: failed: no row was accepted');
  });
});
