// The embedded simulator restarts its day every time the engine starts, so its state directory must
// never resume a run that lies in the simulated future (time would go backwards). Such a state is moved
// aside, intact, into earlier-runs/ rather than deleted.
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { istCompactDate, istTime } from '../../domain/time.js';

export async function setAsideFutureSimState(stateDir: string, simNow: number): Promise<string | null> {
  const file = join(stateDir, 'state.json');
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return null; // nothing saved yet
  }
  let updatedAt: unknown;
  try {
    updatedAt = (JSON.parse(raw) as { updatedAt?: unknown }).updatedAt;
  } catch {
    return null; // corrupt: the store reports it and refuses to touch it
  }
  if (typeof updatedAt !== 'number' || updatedAt <= simNow) return null;
  const dir = join(stateDir, 'earlier-runs');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const target = join(dir, `state-${istCompactDate(updatedAt)}-${istTime(updatedAt).replaceAll(':', '')}-${process.pid}.json`);
  await rename(file, target);
  return target;
}
