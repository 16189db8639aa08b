import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, runReport } from '../../source/app/commands/report.js';
import type { CommandContext } from '../../source/app/commands/types.js';
import type { AppConfig } from '../../source/domain/config.js';
import { LowdbStore } from '../../source/adapters/store/lowdb-store.js';
import { istInstant } from '../../source/domain/time.js';
import { makeState, makeTrade } from '../adapters/store/helpers/state-fixture.js';

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'algo-report-')), 'state');
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

// A broker host is configured, so the report reads the state directory itself (not the simulator's sim/).
function ctx(flags: Record<string, unknown> = {}, host = 'http://127.0.0.1:5000'): CommandContext {
  const config = { stateDir: dir, openalgo: { host } } as unknown as AppConfig;
  return { config, flags, args: [], packageRoot: '', configSources: [] };
}

async function report(flags: Record<string, unknown>, today = '2026-11-20') {
  let out = '';
  let err = '';
  const code = await runReport(ctx(flags), { out: (s) => (out += s), err: (s) => (err += s), now: () => istInstant(today, '16:00') });
  return { code, out, err };
}

async function seed(): Promise<LowdbStore> {
  const store = await LowdbStore.open(dir);
  await store.archiveDay('2026-11-19', [
    makeTrade('2026-11-19', { id: 'y1', symbol: 'INFY', pnlPaise: 50_000, strategy: '12' }),
    makeTrade('2026-11-19', { id: 'y2', symbol: 'TCS', pnlPaise: -20_050, strategy: '10', exitReason: 'EOD' }),
  ]);
  await store.save(makeState('2026-11-20'));
  return store;
}

describe('algo-tui report', () => {
  it("prints today's trades from state.json while an engine holds the directory", async () => {
    const engine = await seed();
    const r = await report({});
    expect(r.code).toBe(0);
    expect(r.out).toContain('Trades on 2026-11-20 (Friday)');
    // Gross ₹1,017.00, charges ₹99.03 at the default rates (hand-computed in report-summary.test.ts), net ₹917.97.
    expect(r.out).toMatch(/SBIN\s+LONG\s+11\s+180\s+812\.40\s+818\.05\s+₹1,017\.00\s+₹99\.03\s+₹917\.97\s+TRAIL_STOP/);
    expect(r.out).toContain('Net P&L     ₹917.97');
    expect(r.out).toContain('Win rate    100.0%');
    await engine.release();
  });

  it('prints an archived day given --date, as a stable JSON document with --json', async () => {
    await (await seed()).release();
    const r = await report({ date: '2026-11-19', json: true });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(['schema', 'date', 'note', 'trades', 'summary']);
    expect(doc).toMatchObject({ schema: 'algo-tui.report/2', date: '2026-11-19', note: null });
    expect(doc.trades.map((t: { symbol: string; entryIst: string }) => [t.symbol, t.entryIst])).toEqual([['INFY', '09:25:00'], ['TCS', '09:25:00']]);
    expect(doc.summary).toMatchObject({ count: 2, wins: 1, losses: 1, winRate: 0.5, grossPaise: 29_950, chargesPaise: 19_806, netPaise: 10_144 });
    expect(doc.trades[0]).toMatchObject({ pnlPaise: 50_000, chargesPaise: 9_903, netPaise: 40_097 });
    expect(doc.summary.byStrategy[0]).toMatchObject({ key: '10', pnlPaise: -20_050, chargesPaise: 9_903, netPaise: -29_953 });
    expect(doc.summary.byStrategy.map((g: { key: string }) => g.key)).toEqual(['10', '12']);
  });

  it('falls back to the latest day with trades when today has none, and says so', async () => {
    await (await seed()).release();
    const r = await report({}, '2026-11-23');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Trades on 2026-11-20 (Friday)\nNo trades today (2026-11-23); showing the latest day with trades.');
  });

  it('says clearly when there are no trades, exit 0', async () => {
    let r = await report({});
    expect([r.code, r.out]).toEqual([0, `No trades today (2026-11-20) or on any earlier day in ${dir}.\n`]);
    await (await seed()).release();
    r = await report({ date: '2026-11-18' });
    expect([r.code, r.out]).toEqual([0, `No trades on 2026-11-18 in ${dir}.\n`]);
    r = await report({ date: '2026-11-18', json: true });
    expect(JSON.parse(r.out)).toMatchObject({ date: '2026-11-18', trades: [], summary: { count: 0, winRate: null } });
  });

  it('exits 1 with a message naming the file when the state is unreadable', async () => {
    await (await seed()).release();
    await writeFile(join(dir, 'state.json'), '{"version":1,');
    const r = await report({});
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(`cannot read the state in ${dir}`);
    expect(r.err).toContain(join(dir, 'state.json'));
    expect((await report({ date: '2026-13-01' })).err).toContain("--date '2026-13-01' is not a date");
  });

  it('exits 1 when an archive cannot be read', async () => {
    await (await seed()).release();
    const file = join(dir, 'trades', '2026-11-19.json');
    await writeFile(file, 'garbage');
    const r = await report({ date: '2026-11-19' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/2026-11-19\.json.*not valid JSON/);
  });

  it('run() writes to process stdout', async () => {
    await (await seed()).release();
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await run(ctx({ json: true, date: '2026-11-19' }))).toBe(0);
      expect(JSON.parse(String(write.mock.calls[0]?.[0])).date).toBe('2026-11-19');
    } finally {
      write.mockRestore();
    }
  });
});

describe('algo-tui report on the simulator', () => {
  it('reads the simulator engine state under sim/ when no broker is configured', async () => {
    let out = '';
    const code = await runReport(ctx({}, ''), { out: (s) => (out += s), err: () => {}, now: () => istInstant('2026-11-20', '16:00') });
    expect(code).toBe(0);
    expect(out).toContain(join(dir, 'sim'));
  });
});
