import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../../source/adapters/config/index.js';
import {
  ServiceConfigError,
  cliPathFor,
  renderSystemdUnit,
  systemdEnvFilePath,
  systemdNextSteps,
  systemdUnitPath,
  type ServiceSpec,
  type SystemdScope,
} from '../../../source/adapters/service/index.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'algo-tui-systemd-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const root = findPackageRoot(import.meta.url);
const spec: ServiceSpec = {
  nodePath: process.execPath,
  cliPath: cliPathFor(root),
  engineArgs: ['--symbols', 'live', '--max-symbols', '20'],
  stateDir: path.join(tmp, 'state'),
  envFile: path.join(tmp, 'engine.env'),
  version: '9.9.9',
};
const userScope: SystemdScope = { kind: 'user' };
const systemScope: SystemdScope = { kind: 'system', user: os.userInfo().username };

type Unit = Map<string, Map<string, string[]>>;

/** A small unit-file reader: sections, keys (repeatable), comments and blank lines skipped. */
function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | null = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const head = /^\[([A-Za-z]+)\]$/.exec(line);
    if (head) {
      if (unit.has(head[1]!)) throw new Error(`line ${i + 1}: section [${head[1]}] repeated`);
      section = new Map();
      unit.set(head[1]!, section);
      return;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!kv || section === null) throw new Error(`line ${i + 1}: not a key=value inside a section: ${raw}`);
    const values = section.get(kv[1]!) ?? [];
    values.push(kv[2]!);
    section.set(kv[1]!, values);
  });
  return unit;
}

const one = (u: Unit, section: string, key: string): string | undefined => {
  const v = u.get(section)?.get(key);
  if (v !== undefined && v.length !== 1) throw new Error(`${section}.${key} given ${v.length} times`);
  return v?.[0];
};

/** Runs `systemd-analyze verify` where it exists (CI installs it); returns null where it does not. */
function verify(unitText: string, user: boolean): { status: number | null; complaints: string[] } | null {
  if (spawnSync('systemd-analyze', ['--version']).error !== undefined) return null;
  const dir = mkdtempSync(path.join(tmp, 'verify-'));
  const file = path.join(dir, 'algo-tui-engine.service');
  writeFileSync(file, unitText);
  const runtime = path.join(dir, 'runtime');
  mkdirSync(runtime, { mode: 0o700 });
  // A user-mode verify needs a runtime dir even when no user manager runs (CI, containers).
  const args = user ? ['--user', 'verify', file] : ['verify', file];
  const r = spawnSync('systemd-analyze', args, { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime } });
  // Only complaints about our unit count: verify also reports on unrelated units installed on the host.
  const complaints = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.includes('algo-tui-engine'));
  return { status: r.status, complaints };
}

describe('renderSystemdUnit', () => {
  it('user unit: absolute node + cli, env file, state dir, restart and stop policy, default.target', () => {
    const text = renderSystemdUnit(spec, userScope);
    const u = parseUnit(text);
    expect([...u.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(one(u, 'Unit', 'After')).toBe('network-online.target');
    expect(one(u, 'Service', 'ExecStart')).toBe(`${process.execPath} ${cliPathFor(root)} engine --symbols live --max-symbols 20`);
    expect(one(u, 'Service', 'EnvironmentFile')).toBe(spec.envFile);
    expect(one(u, 'Service', 'Environment')).toBe(`ALGO_TUI_STATE_DIR=${spec.stateDir}`);
    expect(one(u, 'Service', 'WorkingDirectory')).toBe(spec.stateDir);
    expect(one(u, 'Service', 'Restart')).toBe('on-failure');
    expect(one(u, 'Service', 'RestartSec')).toBe('5');
    expect(one(u, 'Service', 'KillSignal')).toBe('SIGTERM');
    expect(one(u, 'Service', 'TimeoutStopSec')).toBe('10');
    expect(one(u, 'Service', 'NoNewPrivileges')).toBe('yes');
    expect(one(u, 'Service', 'User')).toBeUndefined();
    expect(one(u, 'Service', 'ProtectSystem')).toBeUndefined();
    expect(one(u, 'Install', 'WantedBy')).toBe('default.target');
    expect(text).not.toMatch(/OPENALGO_API_KEY=/);
  });

  it('system unit: User=, PrivateTmp, ProtectSystem=strict with the state dir writable, multi-user.target', () => {
    const u = parseUnit(renderSystemdUnit(spec, systemScope));
    expect(one(u, 'Service', 'User')).toBe(os.userInfo().username);
    expect(one(u, 'Service', 'PrivateTmp')).toBe('yes');
    expect(one(u, 'Service', 'NoNewPrivileges')).toBe('yes');
    expect(one(u, 'Service', 'ProtectSystem')).toBe('strict');
    expect(one(u, 'Service', 'ReadWritePaths')).toBe(spec.stateDir);
    expect(one(u, 'Install', 'WantedBy')).toBe('multi-user.target');
  });

  it('passes systemd-analyze verify (user and system) wherever systemd-analyze is installed', () => {
    for (const [scope, user] of [
      [userScope, true],
      [systemScope, false],
    ] as const) {
      const text = renderSystemdUnit(spec, scope);
      const r = verify(text, user);
      if (r === null) {
        // No systemd here: the structure checks above and this one are what can be done.
        expect(parseUnit(text).get('Service')?.get('ExecStart')?.[0]?.split(' ')[0]).toBe(process.execPath);
        continue;
      }
      expect(r.complaints).toEqual([]);
      expect(r.status).toBe(0);
    }
  });

  it('escapes % (specifiers) everywhere and $ in ExecStart', () => {
    const u = parseUnit(renderSystemdUnit({ ...spec, stateDir: '/srv/100%/algo', engineArgs: ['--symbols', '/data/$HOME%.csv'] }, userScope));
    expect(one(u, 'Service', 'WorkingDirectory')).toBe('/srv/100%%/algo');
    expect(one(u, 'Service', 'ExecStart')).toMatch(/--symbols \/data\/\$\$HOME%%\.csv$/);
  });

  it('refuses paths a unit cannot hold and relative paths, naming them', () => {
    expect(() => renderSystemdUnit({ ...spec, stateDir: '/home/a b/state' }, userScope)).toThrow(ServiceConfigError);
    expect(() => renderSystemdUnit({ ...spec, stateDir: '/home/a b/state' }, userScope)).toThrow(/state directory "\/home\/a b\/state"/);
    expect(() => renderSystemdUnit({ ...spec, envFile: '/x/"q".env' }, userScope)).toThrow(/environment file/);
    expect(() => renderSystemdUnit({ ...spec, nodePath: 'node' }, userScope)).toThrow(/node binary must be an absolute path/);
    expect(() => renderSystemdUnit(spec, { kind: 'system', user: 'bad user' })).toThrow(/not a valid user name/);
  });
});

describe('paths and next steps', () => {
  const dirs = { configHome: '/home/u/.config', etcDir: '/etc' };
  it('installs to the user config dir or /etc/systemd/system', () => {
    expect(systemdUnitPath('user', dirs)).toBe('/home/u/.config/systemd/user/algo-tui-engine.service');
    expect(systemdUnitPath('system', dirs)).toBe('/etc/systemd/system/algo-tui-engine.service');
    expect(systemdEnvFilePath('user', dirs)).toBe('/home/u/.config/algo-tui/engine.env');
    expect(systemdEnvFilePath('system', dirs)).toBe('/etc/algo-tui/engine.env');
  });
  it('prints the systemctl and loginctl commands', () => {
    expect(systemdNextSteps(userScope, 'asha')).toEqual([
      'systemctl --user daemon-reload && systemctl --user enable --now algo-tui-engine',
      'loginctl enable-linger asha',
    ]);
    expect(systemdNextSteps(systemScope, 'asha')).toEqual(['systemctl daemon-reload && systemctl enable --now algo-tui-engine']);
  });
});
