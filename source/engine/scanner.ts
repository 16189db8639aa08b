// The scanner: closed 5m/15m bars queue up as they close; each scan (every scanMs) evaluates the queued
// bars against the strategies of their timeframe, turns first-of-day matches into live signals, and
// returns the live signals in entry-priority order for the risk gate. A signal lives until the close of
// the next bar of its timeframe and is retried on every scan until it enters or expires.
import type { TimeframeFeatures } from '../domain/features.js';
import { TIMEFRAME_MS } from '../domain/market.js';
import type { ConditionResult, RejectReason, Signal, StrategyId } from '../domain/trading.js';
import { istMinuteOfDay } from '../domain/time.js';
import type { BarCloseEvent, MarketDataView } from './market-data-view.js';
import type { Strategy } from '../strategies/strategy.js';

/** Entry priority within a symbol (seed-strategies.md §4.1): long 12 then 11; short 8, 10, 9. */
const PRIORITY: Readonly<Record<string, number>> = { '12': 0, '11': 1, '8': 0, '10': 1, '9': 2 };

export interface LiveSignal {
  readonly signal: Signal;
  /** Reasons already counted for this signal: each is counted (and published) once. */
  readonly rejected: Set<RejectReason>;
}

export interface SetupProgress {
  readonly strategy: StrategyId;
  readonly met: number;
  readonly total: number;
}

export interface ScanResult {
  /** New signals created in this scan. */
  readonly created: readonly Signal[];
  /** Signals dropped in this scan because they expired. */
  readonly expired: readonly Signal[];
  /** Live signals grouped by symbol, each group long side first, then by priority. */
  readonly candidates: readonly LiveSignal[][];
}

export class Scanner {
  private readonly pending = new Map<string, BarCloseEvent>();
  private readonly live = new Map<string, LiveSignal>();
  private consumed = new Set<string>();
  private readonly setups = new Map<string, Map<StrategyId, SetupProgress>>();

  constructor(
    private readonly strategies: readonly Strategy[],
    private readonly market: MarketDataView,
  ) {}

  /** Restores the ids of signals already fired on this date (survives restarts via PersistedState). */
  reset(consumed: Iterable<string>): void {
    this.consumed = new Set(consumed);
    this.live.clear();
    this.pending.clear();
    this.setups.clear();
  }

  consumedIds(): string[] {
    return [...this.consumed];
  }

  /** Queues a closed bar for the next scan (latest bar per symbol and timeframe wins). */
  onBarClose(e: BarCloseEvent): void {
    if (e.features === null || (e.tf !== '5m' && e.tf !== '15m')) return;
    this.pending.set(`${e.symbol}|${e.tf}`, e);
  }

  /**
   * Evaluates queued bars and expires old signals. `date` is today's trading date: it keys signal ids.
   * A match on a warm-up (history) bar of today uses up the first-of-day rule without being traded.
   */
  scan(now: number, date: string, onConditions?: (symbol: string, s: Strategy, c: readonly ConditionResult[], match: boolean) => void): ScanResult {
    const created: Signal[] = [];
    for (const e of this.pending.values()) {
      const f = e.features as TimeframeFeatures;
      for (const s of this.strategies) {
        if (s.timeframe !== e.tf) continue;
        const evaluation = s.evaluate({
          symbol: e.symbol,
          features: f,
          daily: this.market.daily(e.symbol),
          niftyTrend: this.market.niftyTrend(),
          barStartMinute: istMinuteOfDay(e.bar.start),
        });
        const met = evaluation.conditions.filter((c) => c.ok).length;
        this.noteSetup(e.symbol, s.id, met, evaluation.conditions.length);
        onConditions?.(e.symbol, s, evaluation.conditions, evaluation.match);
        if (!evaluation.match) continue;
        const id = `${date}:${e.symbol}:${s.id}`;
        if (this.consumed.has(id)) continue; // first qualifying bar of the day only
        this.consumed.add(id);
        const expiresAt = e.bar.start + 2 * TIMEFRAME_MS[e.tf];
        if (e.fromHistory || f.atr14 === null || !(f.atr14 > 0) || now >= expiresAt) continue;
        const signal: Signal = {
          id,
          symbol: e.symbol,
          strategy: s.id,
          side: s.side,
          timeframe: e.tf,
          barStart: e.bar.start,
          barClose: e.bar.close,
          atr: f.atr14,
          ts: now,
          expiresAt,
          conditions: evaluation.conditions,
        };
        this.live.set(id, { signal, rejected: new Set() });
        created.push(signal);
      }
    }
    this.pending.clear();

    const expired: Signal[] = [];
    const bySymbol = new Map<string, LiveSignal[]>();
    for (const [id, ls] of this.live) {
      if (now >= ls.signal.expiresAt) {
        this.live.delete(id);
        expired.push(ls.signal);
        continue;
      }
      const group = bySymbol.get(ls.signal.symbol);
      if (group) group.push(ls);
      else bySymbol.set(ls.signal.symbol, [ls]);
    }
    const candidates = [...bySymbol.values()];
    for (const g of candidates) g.sort(compareSignals);
    return { created, expired, candidates };
  }

  /** Removes a signal once it has been acted on (entered, or refused by the broker). */
  retire(id: string): void {
    this.live.delete(id);
  }

  liveSignals(): LiveSignal[] {
    return [...this.live.values()];
  }

  /** Best partially met strategy for the watchlist (highest met/total, then most met). */
  bestSetup(symbol: string): SetupProgress | null {
    let best: SetupProgress | null = null;
    for (const p of this.setups.get(symbol)?.values() ?? []) {
      if (!best || p.met / p.total > best.met / best.total || (p.met / p.total === best.met / best.total && p.met > best.met)) best = p;
    }
    return best;
  }

  private noteSetup(symbol: string, strategy: StrategyId, met: number, total: number): void {
    if (total === 0) return;
    let m = this.setups.get(symbol);
    if (!m) this.setups.set(symbol, (m = new Map()));
    m.set(strategy, { strategy, met, total });
  }
}

function compareSignals(a: LiveSignal, b: LiveSignal): number {
  const sa = a.signal;
  const sb = b.signal;
  if (sa.side !== sb.side) return sa.side === 'LONG' ? -1 : 1;
  const pa = PRIORITY[sa.strategy] ?? 99;
  const pb = PRIORITY[sb.strategy] ?? 99;
  if (pa !== pb) return pa - pb;
  return sa.strategy < sb.strategy ? -1 : sa.strategy > sb.strategy ? 1 : 0;
}
