// Counts rejected input by reason and logs it without flooding: a misbehaving symbol that sends
// thousands of bad frames a second produces one warning per reason per minute of clock time.
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';

export const REJECT_LOG_INTERVAL_MS = 60_000;

export class RejectLog {
  private readonly counts: Record<string, number> = {};
  private readonly lastLogged = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly source: string,
  ) {}

  /** Counts one rejection; logs it unless the same reason for the same symbol was logged within a minute. */
  record(reason: string, detail: string, key?: string): void {
    this.counts[reason] = (this.counts[reason] ?? 0) + 1;
    const slot = `${reason}|${key ?? '*'}`;
    const now = this.clock.now();
    const prev = this.lastLogged.get(slot);
    if (prev !== undefined && now - prev.at < REJECT_LOG_INTERVAL_MS) {
      prev.suppressed++;
      return;
    }
    const fields: Record<string, unknown> = { source: this.source, reason, detail };
    if (key !== undefined) fields.symbol = key;
    if (prev !== undefined && prev.suppressed > 0) fields.suppressed = prev.suppressed;
    this.logger.warn(`${this.source}: rejected input (${reason})`, fields);
    this.lastLogged.set(slot, { at: now, suppressed: 0 });
  }

  /** Adds to a counter without logging (for callers that already logged). */
  count(reason: string, n = 1): void {
    this.counts[reason] = (this.counts[reason] ?? 0) + n;
  }

  snapshot(): Readonly<Record<string, number>> {
    return { ...this.counts };
  }
}
