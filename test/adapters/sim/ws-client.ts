// A small recording WebSocket client for the simulator's protocol tests.
import WebSocket from 'ws';

export type Frame = Record<string, unknown>;

export class WsProbe {
  readonly frames: Frame[] = [];
  readonly raw: string[] = [];
  pings = 0;
  closed: { code: number; reason: string } | null = null;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      try {
        this.frames.push(JSON.parse(text) as Frame);
      } catch {
        // kept in raw only
      }
    });
    ws.on('ping', () => void this.pings++);
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static async open(url: string): Promise<WsProbe> {
    const ws = new WebSocket(url);
    const probe = new WsProbe(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return probe;
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  async waitFor(pred: (f: Frame) => boolean, what = 'frame', timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.frames.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.frames.slice(-3))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Sends and waits for the next frame matching pred that arrives after the send. */
  async request(msg: unknown, pred: (f: Frame) => boolean, what = 'reply'): Promise<Frame> {
    const from = this.frames.length;
    this.send(msg);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const hit = this.frames.slice(from).find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async authed(key = 'secret'): Promise<this> {
    await this.request({ action: 'authenticate', api_key: key }, (f) => f.type === 'auth', 'auth');
    return this;
  }

  marketData(): Frame[] {
    return this.frames.filter((f) => f.type === 'market_data');
  }

  close(): void {
    this.ws.terminate();
  }
}

export const isError = (code: string) => (f: Frame): boolean => f.status === 'error' && f.code === code;
