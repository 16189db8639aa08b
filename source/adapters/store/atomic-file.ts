// Writes a whole file through a temporary file in the same directory and a rename over the target,
// so a reader never sees half a file and a failed write leaves the old version as it was. Not fsynced
// (writeDurably in durable-json-file.ts is the durable variant, for the engine's state).
import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** The file's mode, exactly (chmod after the write, since the umask may narrow it). Default: 0o666 less the umask. */
  readonly mode?: number;
}

/** Writes `text` (UTF-8) to `file` atomically; the directory must exist. The temp file is removed on failure. */
export async function writeFileAtomic(file: string, text: string, opts: AtomicWriteOptions = {}): Promise<void> {
  // pid + random: two processes, or two writes of one process, never share a temp file.
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    if (opts.mode === undefined) await writeFile(tmp, text, 'utf8');
    else {
      await writeFile(tmp, text, { encoding: 'utf8', mode: opts.mode });
      await chmod(tmp, opts.mode);
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
