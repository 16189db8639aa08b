// Writes what `algo-tui service … --install` installs: the unit/plist (replaced on every install, so
// an upgrade re-points it at the new node and CLI), the secrets file (created once, 0600, never
// overwritten: it holds the user's API key) and the directories the service needs to exist.
import { chown, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic-file.js';

export const ENV_FILE_TEMPLATE = `# Secrets and broker settings for the algo-tui engine service (KEY=VALUE, one per line).
# Read by systemd (EnvironmentFile=) and by node --env-file (launchd). Keep this file mode 0600.
# Quote a value that contains spaces or "#": KEY="a value".
# Uncomment and fill in to trade through OpenAlgo; with none set the engine runs the built-in simulator.
# OPENALGO_API_KEY=
# OPENALGO_HOST=http://127.0.0.1:5000
# OPENALGO_WS_URL=ws://127.0.0.1:8765
`;

export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/** Writes `content` to `file` through a temporary file and a rename, so a reader never sees half a unit. */
export async function writeReplacing(file: string, content: string, mode: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, content, { mode });
}

/**
 * Creates the env file with commented placeholders, mode 0600, unless it exists. The exclusive
 * create ('wx') makes "never overwrite" hold even against a file that appears meanwhile.
 */
export async function ensureEnvFile(file: string, owner?: Owner): Promise<'created' | 'kept'> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let handle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return 'kept';
    throw e;
  }
  try {
    await handle.writeFile(ENV_FILE_TEMPLATE);
    await handle.chmod(0o600);
    if (owner) await handle.chown(owner.uid, owner.gid);
  } finally {
    await handle.close();
  }
  return 'created';
}

/** mkdir -p with `mode` for the directories it creates; chowns the leaf when an owner is given (sudo). */
export async function ensureDir(dir: string, mode: number, owner?: Owner): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode });
  if (owner && first !== undefined) {
    // Every directory mkdir created, from the first one down to the leaf, belongs to the owner.
    let d = dir;
    const created: string[] = [];
    while (d.length >= first.length) {
      created.push(d);
      d = path.dirname(d);
    }
    for (const c of created) await chown(c, owner.uid, owner.gid);
  }
}
