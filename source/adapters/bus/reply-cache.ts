// Replies to recent mutating requests by id, so a retried request is answered, never executed twice.
// An id still executing is joined rather than started again.
import type { Reply, RequestType } from '../../protocol/index.js';

interface Entry {
  readonly type: RequestType;
  readonly reply: Promise<Reply>;
}

export class ReplyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 1000) {}

  get(id: string): Entry | undefined {
    const e = this.entries.get(id);
    if (e) {
      // refresh recency: Map iteration order is insertion order
      this.entries.delete(id);
      this.entries.set(id, e);
    }
    return e;
  }

  set(id: string, type: RequestType, reply: Promise<Reply>): void {
    this.entries.set(id, { type, reply });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
