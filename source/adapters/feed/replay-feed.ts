// Plays recorded ticks or 1-minute bars from CSV files as a Feed, on the injected clock: the gap
// between two events in the data becomes gap/speed of clock time. Tick timestamps are the data's own,
// so a backtest sets its clock to the first row and runs it at speed 1 (or lets a fast clock drive it).
import type { Instrument, InstrumentKey, Tick } from '../../domain/market.js';
import { instrumentKey } from '../../domain/market.js';
import type { FeedHealth, FeedStatus } from '../../domain/view.js';
import type { Clock, TimerHandle } from '../../ports/clock.js';
import type { Feed } from '../../ports/feed.js';
import type { Logger } from '../../ports/logger.js';
import { formatRowError, loadReplayCsv, type ReplayEvent, type ReplayRowError } from './replay-csv.js';

export interface ReplayFeedOptions {
  readonly files: readonly string[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Data milliseconds per clock millisecond; 1 plays in real time on a wall clock. */
  readonly speed?: number;
  /** Malformed rows logged one by one before switching to a summary. */
  readonly maxLoggedErrors?: number;
}

interface Resolved {
  readonly ev: ReplayEvent;
  readonly inst: Instrument;
  readonly key: InstrumentKey;
}

export class ReplayFeed implements Feed {
  private readonly listeners: Array<(t: Tick) => void> = [];
  private readonly rejected: Record<string, number> = {};
  private readonly speed: number;
  private events: Resolved[] = [];
  private next = 0;
  private timer: TimerHandle | null = null;
  private phase: 'idle' | 'loading' | 'playing' | 'finished' | 'stopped' = 'idle';
  private ticks = 0;
  private lastTickAt: number | null = null;
  private message: string | undefined;
  private finish: (() => void) | null = null;
  private readonly finished: Promise<void>;

  constructor(private readonly opts: ReplayFeedOptions) {
    const speed = opts.speed ?? 1;
    if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`replay speed must be a positive number, got ${speed}`);
    this.speed = speed;
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  /** Loads every file (rejects on an unreadable file or header) and starts playing on the clock. */
  async start(instruments: readonly Instrument[]): Promise<void> {
    if (this.phase !== 'idle') throw new Error('ReplayFeed.start called twice');
    this.phase = 'loading';
    const byKey = new Map<InstrumentKey, Instrument>();
    const bySymbol = new Map<string, Instrument>();
    for (const i of instruments) {
      byKey.set(instrumentKey(i), i);
      bySymbol.set(i.symbol, i);
    }
    const loaded = await Promise.all(this.opts.files.map((f) => loadReplayCsv(f)));
    const errors = loaded.flatMap((l) => l.errors);
    this.reportRowErrors(errors);
    const unknown = new Set<string>();
    const resolved: Resolved[] = [];
    for (const ev of loaded.flatMap((l) => l.events)) {
      // Bars name a bare symbol; it matches the instrument of that symbol in the subscription list.
      const inst = ev.exchange === null ? bySymbol.get(ev.symbol) : byKey.get(`${ev.exchange}:${ev.symbol}`);
      if (inst === undefined) {
        this.rejected.unknown_symbol = (this.rejected.unknown_symbol ?? 0) + 1;
        unknown.add(ev.exchange === null ? ev.symbol : `${ev.exchange}:${ev.symbol}`);
        continue;
      }
      resolved.push({ ev, inst, key: instrumentKey(inst) });
    }
    if (unknown.size > 0) {
      this.opts.logger.info('replay: rows for symbols not in the list were skipped', { symbols: [...unknown].slice(0, 20), count: unknown.size });
    }
    this.events = resolved.sort((a, b) => a.ev.ts - b.ev.ts);
    if (this.phase !== 'loading') return; // stopped while loading
    this.phase = 'playing';
    this.opts.logger.info('replay: playing', { files: this.opts.files.length, events: this.events.length, speed: this.speed });
    this.schedule(0);
  }

  async stop(): Promise<void> {
    if (this.timer) this.opts.clock.clear(this.timer);
    this.timer = null;
    if (this.phase !== 'finished') {
      this.phase = 'stopped';
      this.message = 'stopped';
    }
    this.finish?.();
  }

  /** Resolves when the last event has been played (or the feed is stopped). */
  done(): Promise<void> {
    return this.finished;
  }

  onTick(listener: (tick: Tick) => void): void {
    this.listeners.push(listener);
  }

  health(): FeedHealth {
    const status: FeedStatus = this.phase === 'playing' ? 'LIVE' : this.phase === 'idle' || this.phase === 'loading' ? 'CONNECTING' : 'DOWN';
    const h: FeedHealth = {
      status,
      source: 'replay',
      lastTickAt: this.lastTickAt,
      ticks: this.ticks,
      staleSymbols: 0,
      rejected: { ...this.rejected },
      reconnects: 0,
    };
    return this.message === undefined ? h : { ...h, message: this.message };
  }

  private schedule(delay: number): void {
    if (this.next >= this.events.length) {
      this.phase = 'finished';
      this.message = `replay finished (${this.ticks} ticks)`;
      this.opts.logger.info('replay: finished', { ticks: this.ticks });
      this.finish?.();
      return;
    }
    this.timer = this.opts.clock.setTimeout(() => this.playGroup(), delay);
  }

  /** Emits every event that shares the next timestamp, then waits for the following one. */
  private playGroup(): void {
    this.timer = null;
    const first = this.events[this.next];
    if (first === undefined || this.phase !== 'playing') return;
    const ts = first.ev.ts;
    while (this.next < this.events.length && this.events[this.next]!.ev.ts === ts) {
      this.emit(this.events[this.next]!);
      this.next++;
    }
    const following = this.events[this.next];
    this.schedule(following === undefined ? 0 : (following.ev.ts - ts) / this.speed);
  }

  private emit(r: Resolved): void {
    const tick: Tick =
      r.ev.volume === undefined
        ? { key: r.key, symbol: r.inst.symbol, exchange: r.inst.exchange, ltp: r.ev.ltp, ts: r.ev.ts }
        : { key: r.key, symbol: r.inst.symbol, exchange: r.inst.exchange, ltp: r.ev.ltp, ts: r.ev.ts, volume: r.ev.volume };
    this.ticks++;
    this.lastTickAt = this.opts.clock.now();
    for (const l of this.listeners) {
      try {
        l(tick);
      } catch (err) {
        this.opts.logger.error('replay: tick listener threw', { error: String(err), symbol: r.key });
      }
    }
  }

  private reportRowErrors(errors: readonly ReplayRowError[]): void {
    if (errors.length === 0) return;
    this.rejected.malformed_row = (this.rejected.malformed_row ?? 0) + errors.length;
    const max = this.opts.maxLoggedErrors ?? 20;
    for (const e of errors.slice(0, max)) this.opts.logger.warn(`replay: row rejected: ${formatRowError(e)}`, { file: e.file, line: e.line, field: e.field });
    if (errors.length > max) this.opts.logger.warn(`replay: ${errors.length - max} more malformed rows skipped`, { total: errors.length });
  }
}
