// Finds the installed package's root (the directory holding algo-tui's package.json), so the symbol
// lists and config/ are read from the package and not from whatever directory the user is in.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'algo-tui';

/** Walks up from `start` (a directory or file URL/path) to the algo-tui package.json; throws if none. */
export function findPackageRoot(start: string = import.meta.url): string {
  let dir = start.startsWith('file:') ? path.dirname(fileURLToPath(start)) : path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && readName(manifest) === PACKAGE_NAME) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${start}`);
    dir = parent;
  }
}

function readName(manifest: string): string | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'name' in parsed && typeof parsed.name === 'string' ? parsed.name : null;
  } catch {
    return null;
  }
}

let cached: string | undefined;

/** The package root of this installation, computed once. */
export function packageRoot(): string {
  cached ??= findPackageRoot(import.meta.url);
  return cached;
}

/** The package version from its package.json ('0.0.0' if unreadable). */
export function packageVersion(root: string = packageRoot()): string {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string') return parsed.version;
  } catch {
    // fall through
  }
  return '0.0.0';
}
