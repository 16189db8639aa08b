// The last N log records of every component, for a late-joining front-end's snapshot.
import type { LogRecord } from '../../domain/view.js';

export class LogBuffer {
  private readonly items: LogRecord[] = [];
  constructor(private readonly capacity = 300) {}

  push(r: LogRecord): void {
    this.items.push(r);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  recent(): readonly LogRecord[] {
    return [...this.items];
  }
}
