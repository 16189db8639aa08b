import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import plist from 'plist';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ENV_FILE_TEMPLATE,
  LAUNCHD_LABEL,
  ServiceConfigError,
  launchdNextSteps,
  launchdPaths,
  launchdReloadSteps,
  renderLaunchdPlist,
  supportsEnvFile,
  type ServiceSpec,
} from '../../../source/adapters/service/index.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'algo-tui-launchd-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const home = '/Users/asha';
const paths = launchdPaths(home);
const spec: ServiceSpec = {
  nodePath: '/opt/homebrew/bin/node',
  cliPath: '/opt/homebrew/lib/node_modules/algo-tui/dist/app/cli.js',
  engineArgs: ['--symbols', 'live'],
  stateDir: '/Users/asha/.local/state/algo-tui',
  envFile: '/Users/asha/.config/algo-tui/engine.env',
  version: '1.2.3',
};

const parse = (xml: string): Record<string, unknown> => plist.parse(xml) as Record<string, unknown>;

describe('renderLaunchdPlist', () => {
  it('is a property list with the agent keys', () => {
    const doc = parse(renderLaunchdPlist(spec, paths, 'v20.20.0'));
    expect(doc).toEqual({
      Label: LAUNCHD_LABEL,
      ProgramArguments: [spec.nodePath, `--env-file=${spec.envFile}`, spec.cliPath, 'engine', '--symbols', 'live'],
      EnvironmentVariables: { ALGO_TUI_STATE_DIR: spec.stateDir },
      WorkingDirectory: spec.stateDir,
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      ThrottleInterval: 5,
      ExitTimeOut: 10,
      ProcessType: 'Background',
      StandardOutPath: '/Users/asha/Library/Logs/algo-tui/engine.out.log',
      StandardErrorPath: '/Users/asha/Library/Logs/algo-tui/engine.err.log',
    });
  });

  it('escapes XML in paths and values so they round-trip exactly', () => {
    const odd = { ...spec, stateDir: '/Users/a&b/<state> "q" \'s\'', engineArgs: ['--symbols', '/x/]]>&amp;.csv'], version: '1--2' };
    const doc = parse(renderLaunchdPlist(odd, paths, 'v22.1.0'));
    expect(doc.WorkingDirectory).toBe(odd.stateDir);
    expect(doc.EnvironmentVariables).toEqual({ ALGO_TUI_STATE_DIR: odd.stateDir });
    expect((doc.ProgramArguments as string[]).at(-1)).toBe('/x/]]>&amp;.csv');
  });

  it('refuses a control character, a relative path, and a node without --env-file', () => {
    expect(() => renderLaunchdPlist({ ...spec, stateDir: '/a\u0001b' }, paths, 'v20.20.0')).toThrow(ServiceConfigError);
    expect(() => renderLaunchdPlist({ ...spec, cliPath: 'dist/app/cli.js' }, paths, 'v20.20.0')).toThrow(/algo-tui CLI must be an absolute path/);
    expect(() => renderLaunchdPlist(spec, paths, 'v20.5.1')).toThrow(/needs Node ≥ 20.6; .* is v20.5.1/);
  });

  it('supportsEnvFile knows where node --env-file began', () => {
    expect(['v20.5.9', 'v18.20.0', 'nonsense'].map(supportsEnvFile)).toEqual([false, false, false]);
    expect(['v20.6.0', 'v21.0.0', 'v24.3.1', process.version].map(supportsEnvFile)).toEqual([true, true, true, true]);
  });

  it('the env file the agent names is loaded by node --env-file (template as written, then filled in)', () => {
    const file = path.join(tmp, 'engine.env');
    const show = 'process.stdout.write(JSON.stringify([process.env.OPENALGO_API_KEY ?? null, process.env.OPENALGO_HOST ?? null]))';
    writeFileSync(file, ENV_FILE_TEMPLATE);
    const env = { ...process.env };
    delete env.OPENALGO_API_KEY;
    delete env.OPENALGO_HOST;
    const untouched = spawnSync(process.execPath, [`--env-file=${file}`, '-e', show], { encoding: 'utf8', env });
    expect(untouched.status).toBe(0);
    expect(JSON.parse(untouched.stdout)).toEqual([null, null]);
    writeFileSync(file, ENV_FILE_TEMPLATE.replace('# OPENALGO_API_KEY=', 'OPENALGO_API_KEY=abc123').replace('# OPENALGO_HOST=', 'OPENALGO_HOST='));
    const filled = spawnSync(process.execPath, [`--env-file=${file}`, '-e', show], { encoding: 'utf8', env });
    expect(JSON.parse(filled.stdout)).toEqual(['abc123', 'http://127.0.0.1:5000']);
  });
});

describe('launchd paths and commands', () => {
  it('installs into ~/Library/LaunchAgents and logs into ~/Library/Logs/algo-tui', () => {
    expect(paths.plist).toBe('/Users/asha/Library/LaunchAgents/in.algo-tui.engine.plist');
    expect(paths.logDir).toBe('/Users/asha/Library/Logs/algo-tui');
  });
  it('prints launchctl bootstrap (and bootout first when reloading), quoting odd paths', () => {
    expect(launchdNextSteps(paths)).toEqual(['launchctl bootstrap gui/$(id -u) /Users/asha/Library/LaunchAgents/in.algo-tui.engine.plist']);
    expect(launchdReloadSteps(launchdPaths("/Users/o'neil x"))).toEqual([
      'launchctl bootout gui/$(id -u)/in.algo-tui.engine',
      `launchctl bootstrap gui/$(id -u) '/Users/o'\\''neil x/Library/LaunchAgents/in.algo-tui.engine.plist'`,
    ]);
  });
});
