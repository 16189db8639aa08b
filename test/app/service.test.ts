import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import plist from 'plist';
import { afterAll, describe, expect, it } from 'vitest';
import { findPackageRoot, resolveConfig } from '../../source/adapters/config/index.js';
import { runService, type ServiceRunOptions } from '../../source/app/commands/service.js';

const root = findPackageRoot(import.meta.url);
const cli = path.join(root, 'dist', 'app', 'cli.js');
const base = mkdtempSync(path.join(os.tmpdir(), 'algo-tui-service-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const mode = (p: string): number => statSync(p).mode & 0o777;

let n = 0;
/** A fresh HOME (and /etc stand-in) per call; runs the command as the CLI would after parsing. */
async function service(manager: string | undefined, flags: Record<string, unknown> = {}, home?: string, extra: Partial<ServiceRunOptions> = {}) {
  const h = home ?? path.join(base, `home-${++n}`);
  mkdirSync(h, { recursive: true });
  const env = { HOME: h, ...extra.env };
  const { config } = resolveConfig({ flags, env, cwd: h, packageRoot: root });
  const out: string[] = [];
  const err: string[] = [];
  const o: ServiceRunOptions = {
    manager,
    flags,
    config,
    packageRoot: root,
    cwd: h,
    nodePath: process.execPath,
    nodeVersion: process.version,
    uid: process.getuid?.() ?? -1,
    etcDir: path.join(h, 'etc'),
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    ...extra,
    env,
  };
  const code = await runService(o);
  return { code, out: out.join(''), err: err.join(''), home: h };
}

describe('algo-tui service systemd', () => {
  it('prints the unit (and writes nothing) without --install', async () => {
    const r = await service('systemd', { user: true });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\[Service\]$/m);
    expect(r.out).toContain(`ExecStart=${process.execPath} ${cli} engine\n`);
    expect(r.err).toContain('--install writes it to');
    expect(existsSync(path.join(r.home, '.config'))).toBe(false);
  });

  it('--user --install writes the unit 0644, the env file 0600, the state dir, and prints the commands', async () => {
    const r = await service('systemd', { user: true, install: true });
    expect(r.code).toBe(0);
    const unit = path.join(r.home, '.config', 'systemd', 'user', 'algo-tui-engine.service');
    const envFile = path.join(r.home, '.config', 'algo-tui', 'engine.env');
    const stateDir = path.join(r.home, '.local', 'state', 'algo-tui');
    expect(mode(unit)).toBe(0o644);
    expect(mode(envFile)).toBe(0o600);
    expect(mode(stateDir)).toBe(0o700);
    const text = readFileSync(unit, 'utf8');
    expect(text).toContain(`EnvironmentFile=${envFile}\n`);
    expect(text).toContain(`Environment=ALGO_TUI_STATE_DIR=${stateDir}\n`);
    expect(r.out).toContain('systemctl --user daemon-reload && systemctl --user enable --now algo-tui-engine');
    expect(r.out).toContain(`loginctl enable-linger ${os.userInfo().username}`);
    expect(r.out).toContain(`created ${envFile} (mode 0600)`);
  });

  it('re-installing replaces the unit but never overwrites the env file', async () => {
    const first = await service('systemd', { user: true, install: true });
    const envFile = path.join(first.home, '.config', 'algo-tui', 'engine.env');
    writeFileSync(envFile, 'OPENALGO_API_KEY=mine\n');
    const again = await service('systemd', { user: true, install: true, symbols: 'live' }, first.home);
    expect(again.code).toBe(0);
    expect(readFileSync(envFile, 'utf8')).toBe('OPENALGO_API_KEY=mine\n');
    expect(again.out).toContain(`kept ${envFile} as it is (never overwritten)`);
    expect(readFileSync(path.join(first.home, '.config', 'systemd', 'user', 'algo-tui-engine.service'), 'utf8')).toContain('engine --symbols live\n');
  });

  it('system --install: /etc unit with User= and ProtectSystem, /etc/algo-tui/engine.env 0600, no linger', async () => {
    const r = await service('systemd', { install: true });
    expect(r.code).toBe(0);
    const unit = readFileSync(path.join(r.home, 'etc', 'systemd', 'system', 'algo-tui-engine.service'), 'utf8');
    expect(unit).toContain(`User=${os.userInfo().username}\n`);
    expect(unit).toContain(`ReadWritePaths=${path.join(r.home, '.local', 'state', 'algo-tui')}\n`);
    expect(mode(path.join(r.home, 'etc', 'algo-tui', 'engine.env'))).toBe(0o600);
    expect(r.out).toContain('systemctl daemon-reload && systemctl enable --now algo-tui-engine');
    expect(r.out).not.toContain('loginctl');
  });

  it('printed under sudo: runs as the sudo user, with the state dir in their home, not root\'s', async () => {
    const passwdFile = path.join(base, 'passwd');
    writeFileSync(passwdFile, 'root:x:0:0:root:/root:/bin/sh\nasha:x:1001:1001::/home/asha:/bin/bash\n');
    const r = await service('systemd', {}, undefined, { uid: 0, passwdFile, env: { SUDO_USER: 'asha', SUDO_UID: '1001', SUDO_GID: '1001' } });
    expect(r.code).toBe(0);
    expect(r.out).toContain('User=asha\n');
    expect(r.out).toContain('ReadWritePaths=/home/asha/.local/state/algo-tui\n');
    expect(r.out).toContain(`EnvironmentFile=${path.join(r.home, 'etc', 'algo-tui', 'engine.env')}\n`);
  });

  it('carries engine flags into ExecStart with absolute paths', async () => {
    const h = path.join(base, 'flags-home');
    mkdirSync(path.join(h, 'cfg'), { recursive: true });
    writeFileSync(path.join(h, 'cfg', 'c.json'), '{}');
    writeFileSync(path.join(h, 'syms.csv'), 'Symbol\nTCS\n');
    const r = await service('systemd', { user: true, config: 'cfg/c.json', symbols: './syms.csv', maxSymbols: 5, dryRun: true, flattenOnExit: true }, h);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`engine --config ${path.join(h, 'cfg', 'c.json')} --symbols ${path.join(h, 'syms.csv')} --max-symbols 5 --dry-run --flatten-on-exit\n`);
  });
});

describe('algo-tui service launchd', () => {
  it('prints a property list without --install', async () => {
    const r = await service('launchd');
    expect(r.code).toBe(0);
    const doc = plist.parse(r.out) as Record<string, unknown>;
    expect(doc.Label).toBe('in.algo-tui.engine');
    expect(doc.ProgramArguments).toEqual([process.execPath, `--env-file=${path.join(r.home, '.config', 'algo-tui', 'engine.env')}`, cli, 'engine']);
  });

  it('--install writes the LaunchAgent, the log dir and the env file, and prints launchctl bootstrap', async () => {
    const r = await service('launchd', { install: true });
    expect(r.code).toBe(0);
    const file = path.join(r.home, 'Library', 'LaunchAgents', 'in.algo-tui.engine.plist');
    expect(mode(file)).toBe(0o644);
    expect((plist.parse(readFileSync(file, 'utf8')) as Record<string, unknown>).RunAtLoad).toBe(true);
    expect(statSync(path.join(r.home, 'Library', 'Logs', 'algo-tui')).isDirectory()).toBe(true);
    expect(mode(path.join(r.home, '.config', 'algo-tui', 'engine.env'))).toBe(0o600);
    expect(r.out).toContain(`launchctl bootstrap gui/$(id -u) ${file}`);
  });
});

describe('usage errors exit 2 and name the problem', () => {
  it.each([
    [undefined, {}, /name the service manager: algo-tui service systemd/],
    ['upstart', {}, /unknown service manager "upstart"; expected "systemd" \(Linux\) or "launchd" \(macOS\)/],
    ['launchd', { user: true }, /--user means nothing for launchd/],
    ['systemd', { speed: 10, json: true }, /--speed, --json cannot be used with service/],
  ])('%s %o', async (manager, flags, message) => {
    const r = await service(manager, flags);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('a state dir a unit cannot hold is refused by name', async () => {
    const r = await service('systemd', { user: true, stateDir: '/tmp/with space' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('the state directory "/tmp/with space" contains a space');
  });
});

describe('through the built CLI', () => {
  it('node dist/app/cli.js service systemd --user --install into a temp HOME', () => {
    const home = path.join(base, 'cli-home');
    mkdirSync(home);
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
    for (const k of ['XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'ALGO_TUI_STATE_DIR', 'OPENALGO_API_KEY', 'OPENALGO_HOST', 'OPENALGO_WS_URL']) delete env[k];
    const r = spawnSync(process.execPath, [cli, 'service', 'systemd', '--user', '--install'], { env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(home, '.config', 'systemd', 'user', 'algo-tui-engine.service'), 'utf8')).toContain(`ExecStart=${process.execPath} ${cli} engine\n`);
    expect(mode(path.join(home, '.config', 'algo-tui', 'engine.env'))).toBe(0o600);
    const bad = spawnSync(process.execPath, [cli, 'service', 'launchd', '--user'], { env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--user means nothing for launchd');
  });
});
