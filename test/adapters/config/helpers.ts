// Temp "installed package" and home directories for config tests: real files, removed afterwards.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Sandbox {
  readonly root: string;
  readonly pkg: string;
  readonly home: string;
  write(rel: string, content: unknown): string;
  cleanup(): void;
}

export function sandbox(strategies?: unknown): Sandbox {
  const root = mkdtempSync(path.join(os.tmpdir(), 'algo-tui-config-'));
  const pkg = path.join(root, 'pkg');
  const home = path.join(root, 'home');
  mkdirSync(path.join(pkg, 'config'), { recursive: true });
  mkdirSync(home, { recursive: true });
  copyFileSync(path.join(repo, 'config', 'default.json'), path.join(pkg, 'config', 'default.json'));
  copyFileSync(path.join(repo, 'config', 'holidays.json'), path.join(pkg, 'config', 'holidays.json'));
  if (strategies !== undefined) writeFileSync(path.join(pkg, 'config', 'strategies.json'), JSON.stringify(strategies));
  return {
    root,
    pkg,
    home,
    write(rel, content) {
      const file = path.join(root, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      return file;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
