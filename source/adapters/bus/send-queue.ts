// zeromq.js allows one send in flight per socket; this serializes sends from many callers in order.
import type { Publisher, Router } from 'zeromq';

type Frames = Array<string | Buffer>;

export class SendQueue {
  private readonly queue: Frames[] = [];
  private pumping = false;
  private closed = false;

  constructor(
    private readonly socket: Publisher | Router,
    private readonly onError: (e: unknown) => void,
  ) {}

  push(frames: Frames): void {
    if (this.closed) return;
    this.queue.push(frames);
    if (!this.pumping) void this.pump();
  }

  get depth(): number {
    return this.queue.length;
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const frames = this.queue.shift()!;
        try {
          await this.socket.send(frames);
        } catch (e) {
          if (this.closed) return;
          this.onError(e);
        }
      }
    } finally {
      this.pumping = false;
    }
  }
}
