import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENV_FILE_TEMPLATE, ensureDir, ensureEnvFile, invokingUser, writeReplacing } from '../../../source/adapters/service/index.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'algo-tui-install-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const mode = (p: string): number => statSync(p).mode & 0o777;

describe('ensureEnvFile', () => {
  it('creates the file (and its directory) with mode 0600 and commented placeholders', async () => {
    const file = path.join(tmp, 'a', 'cfg', 'engine.env');
    expect(await ensureEnvFile(file)).toBe('created');
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(ENV_FILE_TEMPLATE);
    for (const k of ['OPENALGO_API_KEY', 'OPENALGO_HOST', 'OPENALGO_WS_URL']) expect(text).toMatch(new RegExp(`^# ${k}=`, 'm'));
    // Nothing is set until the user uncomments a line.
    expect(text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'))).toEqual([]);
  });

  it('never overwrites an existing file, whatever its content or mode', async () => {
    const file = path.join(tmp, 'b.env');
    writeFileSync(file, 'OPENALGO_API_KEY=secret\n', { mode: 0o640 });
    expect(await ensureEnvFile(file)).toBe('kept');
    expect(readFileSync(file, 'utf8')).toBe('OPENALGO_API_KEY=secret\n');
    expect(mode(file)).toBe(0o640);
  });
});

describe('writeReplacing', () => {
  it('writes with the given mode, replaces an older version, leaves no temp file', async () => {
    const file = path.join(tmp, 'units', 'x.service');
    await writeReplacing(file, 'one\n', 0o644);
    await writeReplacing(file, 'two\n', 0o644);
    expect(readFileSync(file, 'utf8')).toBe('two\n');
    expect(mode(file)).toBe(0o644);
    expect(readdirSync(path.dirname(file))).toEqual(['x.service']);
  });
});

describe('ensureDir', () => {
  it('creates missing directories with the mode, and chowns what it created to the owner', async () => {
    const dir = path.join(tmp, 'state', 'deep', 'algo-tui');
    const me = os.userInfo();
    await ensureDir(dir, 0o700, { uid: me.uid, gid: me.gid });
    expect(mode(dir)).toBe(0o700);
    expect(statSync(dir).uid).toBe(me.uid);
    await ensureDir(dir, 0o700); // existing: no error
  });
});

describe('invokingUser', () => {
  const passwd = path.join(tmp, 'passwd');
  writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\nasha:x:1001:1002:Asha,,,:/home/asha:/bin/bash\n');

  it('under sudo, is the user who typed sudo, with their home from the passwd file', () => {
    expect(invokingUser({ env: { SUDO_USER: 'asha', SUDO_UID: '1001', SUDO_GID: '1002', HOME: '/root' }, uid: 0, passwdFile: passwd })).toEqual({
      name: 'asha',
      uid: 1001,
      gid: 1002,
      home: '/home/asha',
      viaSudo: true,
    });
  });

  it('otherwise (no sudo, sudo to root, unknown user, not root) is this process user with $HOME', () => {
    const me = os.userInfo();
    for (const env of [{ HOME: '/h' }, { HOME: '/h', SUDO_USER: 'root' }, { HOME: '/h', SUDO_USER: 'ghost' }]) {
      expect(invokingUser({ env, uid: 0, passwdFile: passwd })).toEqual({ name: me.username, uid: me.uid, gid: me.gid, home: '/h', viaSudo: false });
    }
    expect(invokingUser({ env: { HOME: '/h', SUDO_USER: 'asha' }, uid: 1001, passwdFile: passwd }).viaSudo).toBe(false);
  });
});
