// A lowdb Adapter that writes JSON durably: temp file → fsync → rename over the target → fsync the
// directory. lowdb's own JSONFile (through steno) also writes a temp file and renames it, which is
// atomic against a process crash, but it never fsyncs, so after a power cut the renamed file may be
// empty. The engine stores an order's client id *before* sending the order (a restart must never send
// it twice), so "save resolved" has to mean "on disk", not "in the page cache".
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { StateCorruptError } from '../../ports/store.js';

export class DurableJsonFile implements Adapter<unknown> {
  readonly tempFile: string;

  constructor(readonly file: string) {
    // Same naming as steno (.name.tmp) so a leftover is recognisable; one writer per directory is
    // guaranteed by the state-directory lock.
    this.tempFile = join(dirname(file), `.${basename(file)}.tmp`);
  }

  /** null when the file does not exist; StateCorruptError when it is not JSON. */
  async read(): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    if (text.trim() === '') throw new StateCorruptError(this.file, 'the file is empty');
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new StateCorruptError(this.file, `not valid JSON: ${(e as Error).message}`);
    }
  }

  async write(data: unknown): Promise<void> {
    await writeDurably(this.file, this.tempFile, `${JSON.stringify(data, null, 2)}\n`);
  }

  /** Removes a temp file left by a crash between write and rename (its content was never committed). */
  async removeLeftover(): Promise<void> {
    await unlink(this.tempFile).catch(() => {});
  }
}

export async function writeDurably(file: string, tempFile: string, text: string): Promise<void> {
  const fh = await open(tempFile, 'w', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tempFile, file);
  await syncDir(dirname(file));
}

/** Makes a rename durable. Some platforms (Windows) cannot open a directory; the rename still happened. */
export async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // Best effort: not every filesystem supports fsync on a directory.
  } finally {
    await fh?.close();
  }
}
