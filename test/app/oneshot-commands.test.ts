import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Io } from '../../source/app/commands/bus-command.js';
import { flattenCommand } from '../../source/app/commands/flatten.js';
import { haltCommand } from '../../source/app/commands/halt.js';
import { pauseCommand } from '../../source/app/commands/pause.js';
import { resumeCommand } from '../../source/app/commands/resume.js';
import { statusCommand } from '../../source/app/commands/status.js';
import type { CommandContext } from '../../source/app/commands/types.js';
import type { AppConfig } from '../../source/domain/config.js';
import { harness, type Harness } from '../adapters/bus/harness.js';
import { makeView } from '../adapters/bus/fake-engine.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function ctxFor(hh: Harness, args: string[] = [], flags: Record<string, unknown> = {}): CommandContext {
  const config = {
    stateDir: hh.stateDir,
    bus: { pubEndpoint: hh.server.pubEndpoint, routerEndpoint: hh.server.routerEndpoint, maxStateHz: 10, heartbeatMs: 100 },
  } as unknown as AppConfig;
  return { config, flags, args, packageRoot: '.', configSources: [] };
}

function capture(): Io & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += `${t}\n`), err: (t: string) => void (io.stderr += `${t}\n`) };
  return io;
}

const position = {
  id: 'p1', symbol: 'SBIN', side: 'LONG' as const, strategy: '11', timeframe: '5m' as const, qty: 10, entryPrice: 812.35,
  entryTime: 1_750_000_000_000, atr: 2, stop: 805, best: 815, lastPrice: 815, status: 'OPEN' as const, entryOrderId: 'o1',
  stopHistory: [], unrealizedPaise: 2650, stopDistance: 10, stopDistanceAtr: 5, ageMs: 60_000,
};

describe('one-shot bus commands', () => {
  it('status prints a human summary with positions and P&L, and --json the snapshot', async () => {
    h = await harness();
    h.engine.current = makeView({ positions: [position] });
    const io = capture();
    expect(await statusCommand(ctxFor(h), io)).toBe(0);
    expect(io.stdout).toMatch(/SIM\s+ACTIVE/);
    expect(io.stdout).toMatch(/SBIN\s+LONG\s+10 @ 812\.35/);
    expect(io.stdout).toContain('26.50');
    const json = capture();
    expect(await statusCommand(ctxFor(h, [], { json: true }), json)).toBe(0);
    const snap = JSON.parse(json.stdout);
    expect(snap).toMatchObject({ engineId: h.server.engineId, view: { positions: [{ symbol: 'SBIN' }] } });
  });

  it('flatten, pause, resume and halt change the engine and exit 0', async () => {
    h = await harness();
    const io = capture();
    expect(await flattenCommand(ctxFor(h, ['sbin']), io)).toBe(0);
    expect(io.stdout).toMatch(/SBIN\s+FILLED @ 100\.05/);
    expect(await flattenCommand(ctxFor(h, [], { all: true }), io)).toBe(0);
    expect(await pauseCommand(ctxFor(h), io)).toBe(0);
    expect(h.engine.current.engineState).toBe('PAUSED');
    expect(await resumeCommand(ctxFor(h), io)).toBe(0);
    expect(await haltCommand(ctxFor(h), io)).toBe(0);
    expect(h.engine.calls).toEqual(['flatten SBIN', 'flatten-all', 'pause', 'resume', 'halt']);
  });

  it('exits 1 when the engine refuses or an exit is REJECTED', async () => {
    h = await harness();
    const refused = capture();
    expect(await flattenCommand(ctxFor(h, ['NOPE']), refused)).toBe(1);
    expect(refused.stderr).toContain('no open position in NOPE');
    const rejected = capture();
    expect(await flattenCommand(ctxFor(h, ['BAD']), rejected)).toBe(1);
    expect(rejected.stdout).toContain('REJECTED');
  });

  it('exits 1 and changes nothing without request.secret', async () => {
    h = await harness();
    await rm(join(h.stateDir, 'bus', 'request.secret'));
    const io = capture();
    expect(await haltCommand(ctxFor(h), io)).toBe(1);
    expect(io.stderr).toContain('unauthorized');
    expect(h.engine.calls).toEqual([]);
  });

  it('exits 3 with a hint when no engine answers', async () => {
    h = await harness();
    const ctx = ctxFor(h);
    await h.server.close();
    const io = capture();
    expect(await statusCommand(ctx, io)).toBe(3);
    expect(io.stderr).toMatch(/no engine answers.*\n.*algo-tui engine/);
    const noKeys = capture();
    expect(await pauseCommand({ ...ctx, config: { ...ctx.config, stateDir: join(h.stateDir, 'empty') } }, noKeys)).toBe(3);
  });
});
