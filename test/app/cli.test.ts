import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPackageRoot, packageVersion } from '../../source/adapters/config/index.js';
import { loadCommand, main, type CliIo } from '../../source/app/cli-main.js';
import type { CommandContext } from '../../source/app/commands/types.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'algo-tui-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const root = findPackageRoot(import.meta.url);

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const calls: { command: string; ctx: CommandContext }[] = [];
  const value: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: { HOME: home, ...env },
    cwd: home,
    packageRoot: root,
    load: async (command) => ({
      run: async (ctx) => {
        calls.push({ command, ctx });
        if (ctx.args[0] === 'boom') throw new Error(`failed with key ${ctx.config.openalgo.apiKey}`);
        return 0;
      },
    }),
  };
  return { value, out, err, calls };
}

describe('main', () => {
  it('dispatches to the command with the resolved config, flags and args', async () => {
    const t = io();
    expect(await main(['flatten', 'TCS', '--symbols', 'live', '--max-symbols', '5'], t.value)).toBe(0);
    expect(t.calls).toHaveLength(1);
    const { command, ctx } = t.calls[0]!;
    expect(command).toBe('flatten');
    expect(ctx.args).toEqual(['TCS']);
    expect(ctx.config).toMatchObject({ symbols: 'live', maxSymbols: 5, mode: 'paper' });
    expect(ctx.flags).toMatchObject({ symbols: 'live', maxSymbols: 5 });
    expect(ctx.packageRoot).toBe(root);
    expect(ctx.configSources.at(-1)).toBe('flags --symbols --max-symbols');
  });
  it('no command runs the tui', async () => {
    const t = io();
    await main([], t.value);
    expect(t.calls[0]?.command).toBe('tui');
  });
  it('--help prints help and exits 0; --version prints the package version', async () => {
    const t = io();
    expect(await main(['--help'], t.value)).toBe(0);
    expect(t.out.join('')).toContain('Usage');
    const v = io();
    expect(await main(['--version'], v.value)).toBe(0);
    expect(v.out.join('')).toBe(`${packageVersion(root)}\n`);
    expect(t.calls).toHaveLength(0);
  });
  it('usage errors exit 2 and run nothing', async () => {
    const t = io();
    expect(await main(['--max-symbols', 'abc'], t.value)).toBe(2);
    expect(t.err.join('')).toContain('--max-symbols');
    expect(t.calls).toHaveLength(0);
  });
  it('configuration errors exit 2 with the ConfigError message', async () => {
    const t = io({ OPENALGO_HOST: 'http://127.0.0.1:5000' });
    expect(await main(['engine', '--live'], t.value)).toBe(2);
    expect(t.err.join('')).toContain('live trading needs OPENALGO_API_KEY and OPENALGO_HOST');
    const u = io({ OPENALGO_WS_URL: 'http://wrong' });
    expect(await main(['status'], u.value)).toBe(2);
    expect(u.err.join('')).toContain('openalgo.wsUrl = "http://wrong" in environment variable OPENALGO_WS_URL');
  });
  it('service --live writes a unit without the broker secrets in this shell (they go in its env file)', async () => {
    const t = io();
    expect(await main(['service', 'systemd', '--user', '--live'], t.value)).toBe(0);
    expect(t.calls[0]?.command).toBe('service');
    expect(t.calls[0]?.ctx.config.mode).toBe('live');
    const e = io();
    expect(await main(['engine', '--live'], e.value)).toBe(2);
  });

  it('warnings go to stderr and the command still runs', async () => {
    const t = io();
    expect(await main(['engine', '--dry-run'], t.value)).toBe(0);
    expect(t.err.join('')).toMatch(/warning: dry-run without OPENALGO_HOST/);
  });
  it('a command that throws exits 1 and the API key is masked', async () => {
    const key = 'abcdef0123456789abcdef0123456789';
    const t = io({ OPENALGO_API_KEY: key });
    expect(await main(['flatten', 'boom'], t.value)).toBe(1);
    expect(t.err.join('')).toContain('abcd…(masked)');
    expect(t.err.join('')).not.toContain(key);
  });
});

describe('loadCommand', () => {
  it('every command module exists and exports run()', async () => {
    for (const c of ['tui', 'engine', 'sim', 'report', 'status', 'flatten', 'pause', 'resume', 'halt', 'service'] as const) {
      const mod = await loadCommand(c);
      expect(typeof mod.run).toBe('function');
    }
  });
});
