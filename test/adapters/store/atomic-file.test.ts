import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../source/adapters/store/atomic-file.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'atomic-file-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces the file whole, with the mode when given, and leaves no temp file', async () => {
    const dir = mkdtempSync(path.join(tmp, 'ok-'));
    const file = path.join(dir, 'f.txt');
    await writeFileAtomic(file, 'one\n');
    await writeFileAtomic(file, 'two\n', { mode: 0o640 });
    expect(readFileSync(file, 'utf8')).toBe('two\n');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['f.txt']);
  });

  it('removes the temp file when the rename fails', async () => {
    const dir = mkdtempSync(path.join(tmp, 'fail-'));
    const target = path.join(dir, 'sub');
    // A non-empty directory where the file should go: the rename fails.
    await writeFileAtomic(path.join(dir, 'x'), 'x');
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep'), 'k');
    await expect(writeFileAtomic(target, 'text')).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['sub', 'x']);
  });
});
