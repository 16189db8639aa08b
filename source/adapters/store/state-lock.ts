// One engine per state directory. proper-lockfile makes `engine.lock` (a directory: mkdir is atomic)
// and keeps touching its mtime; a lock whose mtime is older than STALE_MS belongs to a process that
// died and is taken over. Beside it, `engine.lock.json` names the owner (pid, host, since) so that a
// refusal can say who holds the lock, and so that a lock left by a SIGKILLed process on this host is
// taken over at once instead of after the stale period (systemd restarts within seconds).
import { hostname } from 'node:os';
import { readFile, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { writeDurably } from './durable-json-file.js';

export const LOCK_DIR_NAME = 'engine.lock';
export const LOCK_OWNER_NAME = 'engine.lock.json';
const STALE_MS = 10_000;
const UPDATE_MS = 2_000;

export interface LockOwner {
  pid: number;
  host: string;
  since: string; // ISO instant, wall time
}

export class StateDirLockedError extends Error {
  constructor(
    readonly stateDir: string,
    readonly owner: LockOwner | null,
  ) {
    const who = owner ? ` (lock held since ${owner.since} by pid ${owner.pid} on ${owner.host})` : ' (lock held since an unknown time)';
    super(`another algo-tui engine is using state directory ${stateDir}${who}; stop it first, or use another state directory`);
    this.name = 'StateDirLockedError';
  }
}

export interface StateLock {
  release(): Promise<void>;
  /** True once the lock was lost (e.g. the machine slept past the stale period and another engine took it). */
  readonly compromised: boolean;
}

export async function lockStateDir(stateDir: string, onCompromised: (err: Error) => void): Promise<StateLock> {
  const lockPath = join(stateDir, LOCK_DIR_NAME);
  const ownerPath = join(stateDir, LOCK_OWNER_NAME);
  let compromised = false;
  const options = {
    lockfilePath: lockPath,
    stale: STALE_MS,
    update: UPDATE_MS,
    realpath: false,
    retries: 0,
    onCompromised: (err: Error) => {
      compromised = true;
      onCompromised(err);
    },
  };

  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(stateDir, options);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
    const owner = await readOwner(ownerPath);
    if (!owner || !ownerIsDeadHere(owner)) throw new StateDirLockedError(stateDir, owner);
    // The owner crashed without releasing: take the lock over now. Re-read the owner just before
    // removing so that we never remove a lock that someone else has taken over meanwhile.
    const again = await readOwner(ownerPath);
    if (!again || again.pid !== owner.pid || again.since !== owner.since) throw new StateDirLockedError(stateDir, again);
    await rmdir(lockPath).catch(() => {});
    try {
      release = await lockfile.lock(stateDir, options);
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'ELOCKED') throw new StateDirLockedError(stateDir, await readOwner(ownerPath));
      throw e2;
    }
  }

  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  await writeDurably(ownerPath, join(stateDir, `.${LOCK_OWNER_NAME}.tmp`), `${JSON.stringify(me)}\n`);

  let released = false;
  return {
    get compromised() {
      return compromised;
    },
    async release() {
      if (released) return;
      released = true;
      await unlink(ownerPath).catch(() => {});
      if (!compromised) await release().catch(() => {});
    },
  };
}

export async function readOwner(ownerPath: string): Promise<LockOwner | null> {
  try {
    const doc = JSON.parse(await readFile(ownerPath, 'utf8')) as Partial<LockOwner>;
    if (typeof doc.pid === 'number' && typeof doc.host === 'string' && typeof doc.since === 'string') {
      return { pid: doc.pid, host: doc.host, since: doc.since };
    }
    return null;
  } catch {
    return null;
  }
}

function ownerIsDeadHere(owner: LockOwner): boolean {
  if (owner.host !== hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (e) {
    // EPERM: the pid exists but belongs to another user, so it is alive.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
