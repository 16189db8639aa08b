// A small in-test EngineControl: records every command so tests can assert "executed once / not at all".
import type { EngineView, LogRecord } from '../../../source/domain/view.js';
import type { ControlResult, EngineControl } from '../../../source/ports/control.js';

export function makeView(over: Partial<EngineView> = {}): EngineView {
  return {
    mode: 'SIM',
    engineState: 'ACTIVE',
    stateReason: null,
    startedAt: 1_750_000_000_000,
    pid: 4242,
    clock: { now: 1_750_000_000_000, phase: 'OPEN', tradingDay: true, next: null, speed: 1 },
    feed: { status: 'LIVE', source: 'sim', lastTickAt: 1_750_000_000_000, ticks: 10, staleSymbols: 0, rejected: {}, reconnects: 0 },
    broker: { name: 'paper', status: 'ok' },
    positions: [],
    constraints: {
      openPositions: 0,
      maxOpenPositions: 3,
      tradesToday: 0,
      maxDailyTrades: 5,
      strategies: [],
      realizedPaise: 0,
      unrealizedPaise: 0,
      lossLimitPaise: 600_000,
      capitalPaise: 20_000_000,
      capitalInUsePaise: 0,
      rejectionCounts: {},
      lastRejections: [],
    },
    watchlist: [],
    trades: [],
    unmanaged: [],
    niftyTrend: null,
    symbols: 0,
    ...over,
  };
}

export class FakeEngine implements EngineControl {
  readonly calls: string[] = [];
  current: EngineView = makeView();
  logs: LogRecord[] = [{ ts: 1, level: 'info', msg: 'engine started' }];
  /** Lets a test hold a command open to check that a retry joins it instead of running it again. */
  gate: Promise<void> = Promise.resolve();

  view(): EngineView {
    return this.current;
  }
  recentLogs(): readonly LogRecord[] {
    return this.logs;
  }
  async flatten(symbol: string): Promise<ControlResult> {
    this.calls.push(`flatten ${symbol}`);
    await this.gate;
    if (symbol === 'NOPE') return { ok: false, error: 'no open position in NOPE' };
    return { ok: true, message: `closed ${symbol}`, closed: [{ symbol, outcome: symbol === 'BAD' ? 'REJECTED' : 'FILLED', price: 100.05 }] };
  }
  async flattenAll(): Promise<ControlResult> {
    this.calls.push('flatten-all');
    return { ok: true, message: 'nothing open', closed: [] };
  }
  async pause(): Promise<ControlResult> {
    this.calls.push('pause');
    this.current = { ...this.current, engineState: 'PAUSED' };
    return { ok: true, message: 'paused' };
  }
  async resume(): Promise<ControlResult> {
    this.calls.push('resume');
    this.current = { ...this.current, engineState: 'ACTIVE' };
    return { ok: true, message: 'resumed' };
  }
  async halt(): Promise<ControlResult> {
    this.calls.push('halt');
    this.current = { ...this.current, engineState: 'HALTED' };
    return { ok: true, message: 'halted', closed: [] };
  }
  setLogLevel(level: 'debug' | 'info' | 'warn' | 'error'): ControlResult {
    this.calls.push(`log ${level}`);
    return { ok: true, message: `log level ${level}` };
  }
}
