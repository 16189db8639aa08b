// An in-memory TuiBackend for tests: the test pushes phases, views and events, and sees every request.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EngineEvent, EngineView, LogRecord } from '../../source/domain/view.js';
import type { ConnectionPhase, RequestReply, RequestType, TuiBackend } from '../../source/tui/backend.js';

export function loadView(name: string): EngineView {
  const file = fileURLToPath(new URL(`../fixtures/views/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')) as EngineView;
}

export interface SentRequest {
  readonly type: RequestType;
  readonly args: Readonly<Record<string, unknown>> | undefined;
}

export class FakeBackend implements TuiBackend {
  readonly requests: SentRequest[] = [];
  logs: LogRecord[] = [];
  reply: (type: RequestType, args?: Readonly<Record<string, unknown>>) => RequestReply | Promise<RequestReply> = () => ({
    ok: true,
    result: { ok: true, message: 'done' },
  });
  private readonly phaseL = new Set<(p: ConnectionPhase, d?: string) => void>();
  private readonly stateL = new Set<(v: EngineView) => void>();
  private readonly eventL = new Set<(e: EngineEvent) => void>();

  onPhase(l: (p: ConnectionPhase, d?: string) => void): () => void {
    this.phaseL.add(l);
    return () => this.phaseL.delete(l);
  }
  onState(l: (v: EngineView) => void): () => void {
    this.stateL.add(l);
    return () => this.stateL.delete(l);
  }
  onEvent(l: (e: EngineEvent) => void): () => void {
    this.eventL.add(l);
    return () => this.eventL.delete(l);
  }
  async request(type: RequestType, args?: Readonly<Record<string, unknown>>): Promise<RequestReply> {
    this.requests.push({ type, args });
    return this.reply(type, args);
  }
  snapshotLogs(): readonly LogRecord[] {
    return this.logs;
  }

  phase(p: ConnectionPhase, detail?: string): void {
    for (const l of this.phaseL) l(p, detail);
  }
  state(v: EngineView): void {
    for (const l of this.stateL) l(v);
  }
  event(e: EngineEvent): void {
    for (const l of this.eventL) l(e);
  }
  get listeners(): number {
    return this.phaseL.size + this.stateL.size + this.eventL.size;
  }
}

export function sampleLogs(start: number, n: number): LogRecord[] {
  const levels = ['info', 'debug', 'warn', 'info', 'error'] as const;
  return Array.from({ length: n }, (_, i) => ({
    ts: start + i * 1000,
    level: levels[i % levels.length] ?? 'info',
    msg: `log line ${i}`,
    fields: { i },
  }));
}
