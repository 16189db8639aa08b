// live_trading_YYYYMMDD.log in the state directory, one file per IST date of the record's
// timestamp (engine clock time, which may be simulated): when the date changes the next record goes
// to the new day's file, without a restart. Writes are synchronous appends, so a line that was
// logged is in the file even if the process is killed right after.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { istCompactDate } from '../../domain/time.js';

export const LOG_FILE_PREFIX = 'live_trading_';

export function logFileName(ts: number): string {
  return `${LOG_FILE_PREFIX}${istCompactDate(ts)}.log`;
}

export class DailyLogFile {
  private fd: number | null = null;
  private day: string | null = null;
  private path: string | null = null;
  private closed = false;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** Path of the file the last record went to (null before the first record). */
  get currentPath(): string | null {
    return this.path;
  }

  write(ts: number, line: string): void {
    if (this.closed) return;
    const day = istCompactDate(ts);
    if (day !== this.day || this.fd === null) this.open(ts, day);
    if (this.fd !== null) writeSync(this.fd, line);
  }

  close(): void {
    this.closed = true;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private open(ts: number, day: string): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.day = day;
    this.path = join(this.dir, logFileName(ts));
    this.fd = openSync(this.path, 'a', 0o600);
  }
}
