// Every replay starts clean: a replay plays its days from the first one, so a state left by an earlier
// replay (positions, counters, archived days) would be resumed into the wrong time. It is moved aside,
// intact, into earlier-runs/ (as the embedded simulator does with a future state), never deleted.
// Called with the state directory already locked by this engine's store, before the engine loads it.
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BACKUP_FILE, STATE_FILE, TRADES_DIR } from '../../adapters/store/lowdb-store.js';

/** Where the replay keeps its state: apart from paper/live state, as the simulator's lives in sim/. */
export function replayStateDir(stateDir: string): string {
  return join(stateDir, 'replay');
}

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

/** Moves a previous replay's state files aside; returns the directory they went to, or null if there were none. */
export async function setAsideReplayState(dir: string, wallNow: number): Promise<string | null> {
  const names = [STATE_FILE, BACKUP_FILE, TRADES_DIR];
  const present: string[] = [];
  for (const n of names) if (await exists(join(dir, n))) present.push(n);
  // An empty trades/ directory (the store creates it on open) is not a state worth keeping.
  if (present.length === 0 || (present.length === 1 && present[0] === TRADES_DIR && !(await hasEntries(join(dir, TRADES_DIR))))) return null;
  const stamp = new Date(wallNow).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const target = join(dir, 'earlier-runs', `run-${stamp}-${process.pid}`);
  await mkdir(target, { recursive: true, mode: 0o700 });
  for (const n of present) await rename(join(dir, n), join(target, n));
  await mkdir(join(dir, TRADES_DIR), { recursive: true, mode: 0o700 });
  return target;
}

async function hasEntries(dir: string): Promise<boolean> {
  return (await readdir(dir)).length > 0;
}
