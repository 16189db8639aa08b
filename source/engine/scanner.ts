// The scanner: each closed 5m/15m bar is evaluated against the strategies of its timeframe once, when it
// closes, and only first-of-day matches are kept; each scan (every scanMs) turns those matches into live
// signals and returns the live signals in entry-priority order for the risk gate. A signal lives until the
// close of the next bar of its timeframe and is retried on every scan until it enters or expires.
// Evaluation is deferred to the next scan (latest bar per symbol/timeframe wins, as a queue would) for
// warm-up bars and for bars that close before the NIFTY 15m bar of the same boundary, so the strategies
// see the same NIFTY trend a scan would.
import type { TimeframeFeatures } from '../domain/features.js';
import { NIFTY, TIMEFRAME_MS } from '../domain/market.js';
import type { ConditionResult, RejectReason, Signal, StrategyId } from '../domain/trading.js';
import { istMinuteOfDay } from '../domain/time.js';
import type { BarCloseEvent, MarketDataView } from './market-data-view.js';
import type { Strategy, StrategyContext, StrategyEvaluation } from '../strategies/strategy.js';

/** Entry priority within a symbol (seed-strategies.md §4.1): long 12 then 11; short 8, 10, 9. */
const PRIORITY: Readonly<Record<string, number>> = { '12': 0, '11': 1, '8': 0, '10': 1, '9': 2 };
const M15 = TIMEFRAME_MS['15m'];

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

export type ConditionListener = (symbol: string, s: Strategy, c: readonly ConditionResult[], match: boolean) => void;
/** A strategy threw while evaluating a bar: the bar counts as "no match" for it. */
export type StrategyErrorListener = (symbol: string, s: Strategy, err: unknown) => void;

/** A first-of-day match waiting for the next scan to become a live signal. */
interface Match {
  readonly id: string;
  readonly e: BarCloseEvent;
  readonly s: Strategy;
  readonly evaluation: StrategyEvaluation;
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * A symbol's watchlist setups: per strategy its progress (insertion order = order of first appearance,
 * bestSetup's tie-break), the context a strategy was last checked with through matches() only (counted
 * with evaluate when bestSetup asks; contexts and features are immutable), and bestSetup's cached answer.
 */
interface SymbolSetups {
  readonly progress: Map<StrategyId, SetupProgress>;
  /** By strategy index: the context not yet counted, or undefined. */
  readonly lazy: (StrategyContext | undefined)[];
  lazyCount: number;
  /** bestSetup's answer until this symbol's setups change; undefined = not computed. */
  best: SetupProgress | null | undefined;
}

export class Scanner {
  private readonly byTf: ReadonlyMap<string, readonly Strategy[]>;
  private readonly pending = new Map<string, BarCloseEvent>();
  private matches: Match[] = [];
  private readonly live = new Map<string, LiveSignal>();
  private consumed = new Set<string>();
  /** Setups per symbol (the view asks bestSetup for every symbol every 2 s; the backtest never does). */
  private readonly setups = new Map<string, SymbolSetups>();
  /** Each strategy's index in `strategies` (SymbolSetups.lazy). */
  private readonly index: ReadonlyMap<Strategy, number>;
  /** End of the last closed NIFTY 15m bar: equity bars ending after its boundary wait for the next scan. */
  private niftyClosedUntil = Number.NEGATIVE_INFINITY;
  private nextExpiry = Number.POSITIVE_INFINITY;
  /** Candidate groups, rebuilt only when the live set changes. */
  private groups: LiveSignal[][] | null = [];
  /** Strategies with a matches() fast path. */
  private readonly fast: ReadonlySet<Strategy>;
  /** Evaluations that threw, per strategy id (since construction). */
  private readonly errors = new Map<StrategyId, number>();

  constructor(
    private readonly strategies: readonly Strategy[],
    private readonly market: MarketDataView,
    private readonly onStrategyError?: StrategyErrorListener,
  ) {
    const byTf = new Map<string, Strategy[]>();
    for (const s of strategies) {
      const list = byTf.get(s.timeframe) ?? [];
      list.push(s);
      byTf.set(s.timeframe, list);
    }
    this.byTf = byTf;
    this.fast = new Set(strategies.filter((s) => typeof s.matches === 'function'));
    this.index = new Map(strategies.map((s, i) => [s, i]));
  }

  /** Restores the ids of signals already fired on this date (survives restarts via PersistedState). */
  reset(consumed: Iterable<string>): void {
    this.consumed = new Set(consumed);
    this.live.clear();
    this.pending.clear();
    this.matches = [];
    this.setups.clear();
    this.nextExpiry = Number.POSITIVE_INFINITY;
    this.groups = [];
  }

  /** How many evaluations threw, per strategy id. */
  strategyErrors(): Record<StrategyId, number> {
    return Object.fromEntries(this.errors);
  }

  consumedIds(): string[] {
    return [...this.consumed];
  }

  /** Number of consumed ids (cheap change detection for persisting them). */
  consumedCount(): number {
    return this.consumed.size;
  }

  /**
   * A bar closed. `date` is today's trading date (it keys signal ids). Live bars are evaluated now; a
   * match on a warm-up (history) bar of today uses up the first-of-day rule without being traded.
   */
  onBarClose(e: BarCloseEvent, date: string, onConditions?: ConditionListener): void {
    if (e.symbol === NIFTY.symbol && e.tf === '15m') {
      const end = e.bar.start + M15;
      if (end > this.niftyClosedUntil) this.niftyClosedUntil = end;
      // Bars that waited for this NIFTY bar can be evaluated with the trend a scan would see.
      if (this.pending.size > 0) this.flush(date, onConditions, false);
      return;
    }
    if (e.features === null || (e.tf !== '5m' && e.tf !== '15m')) return;
    if (e.fromHistory || !this.niftyCurrent(e)) {
      this.pending.set(`${e.symbol}|${e.tf}`, e);
      return;
    }
    if (this.pending.size > 0) this.pending.delete(`${e.symbol}|${e.tf}`); // a later bar wins, as in a queue
    this.evaluate(e, date, onConditions);
  }

  /**
   * Turns matches into live signals and expires old signals. Bars still queued (warm-up, or waiting for
   * NIFTY) are evaluated first, with the market as it is now.
   */
  scan(now: number, date: string, onConditions?: ConditionListener): ScanResult {
    if (this.pending.size > 0) this.flush(date, onConditions, true);
    let created: Signal[] | readonly never[] = NONE;
    if (this.matches.length > 0) {
      const ms = this.matches;
      this.matches = [];
      for (const m of ms) {
        const { e } = m;
        const f = e.features as TimeframeFeatures;
        const expiresAt = e.bar.start + 2 * TIMEFRAME_MS[e.tf];
        if (e.fromHistory || f.stopAtr === null || !(f.stopAtr > 0) || now >= expiresAt) continue;
        const signal: Signal = {
          id: m.id,
          symbol: e.symbol,
          strategy: m.s.id,
          side: m.s.side,
          timeframe: e.tf,
          barStart: e.bar.start,
          barClose: e.bar.close,
          atr: f.stopAtr,
          ts: now,
          expiresAt,
          conditions: m.evaluation.conditions,
        };
        this.live.set(m.id, { signal, rejected: new Set() });
        if (expiresAt < this.nextExpiry) this.nextExpiry = expiresAt;
        this.groups = null;
        if (created === NONE) created = [];
        (created as Signal[]).push(signal);
      }
    }

    let expired: Signal[] | readonly never[] = NONE;
    if (now >= this.nextExpiry) {
      let next = Number.POSITIVE_INFINITY;
      for (const [id, ls] of this.live) {
        if (now >= ls.signal.expiresAt) {
          this.live.delete(id);
          if (expired === NONE) expired = [];
          (expired as Signal[]).push(ls.signal);
          this.groups = null;
        } else if (ls.signal.expiresAt < next) next = ls.signal.expiresAt;
      }
      this.nextExpiry = next;
    }
    return { created, expired, candidates: this.candidates() };
  }

  /** Removes a signal once it has been acted on (entered, or refused by the broker). */
  retire(id: string): void {
    if (this.live.delete(id)) this.groups = null;
  }

  liveSignals(): LiveSignal[] {
    return [...this.live.values()];
  }

  /** Best partially met strategy for the watchlist (highest met/total, then most met). */
  bestSetup(symbol: string): SetupProgress | null {
    const st = this.setups.get(symbol);
    if (st === undefined) return null;
    if (st.best !== undefined) return st.best;
    if (st.lazyCount > 0) this.countLazy(st);
    let best: SetupProgress | null = null;
    for (const p of st.progress.values()) {
      if (!best || p.met / p.total > best.met / best.total || (p.met / p.total === best.met / best.total && p.met > best.met)) best = p;
    }
    st.best = best;
    return best;
  }

  /**
   * Whether the NIFTY 15m bar ending at this bar's last 15-minute boundary has closed, i.e. the trend is
   * the one a scan right now would see. (15m boundaries are multiples of 15 min in epoch ms: IST is +5:30.)
   */
  private niftyCurrent(e: BarCloseEvent): boolean {
    const end = e.bar.start + TIMEFRAME_MS[e.tf];
    return this.niftyClosedUntil >= end - (end % M15);
  }

  private flush(date: string, onConditions: ConditionListener | undefined, all: boolean): void {
    for (const [key, e] of this.pending) {
      if (!all && (e.fromHistory || !this.niftyCurrent(e))) continue;
      this.pending.delete(key);
      this.evaluate(e, date, onConditions);
    }
  }

  private evaluate(e: BarCloseEvent, date: string, onConditions: ConditionListener | undefined): void {
    const list = this.byTf.get(e.tf);
    if (!list) return;
    const f = e.features as TimeframeFeatures;
    const ctx = {
      symbol: e.symbol,
      features: f,
      daily: this.market.daily(e.symbol),
      niftyTrend: this.market.niftyTrend(),
      barStartMinute: istMinuteOfDay(e.bar.start),
    };
    let st: SymbolSetups | undefined;
    for (const s of list) {
      let evaluation: StrategyEvaluation;
      try {
        if (onConditions === undefined && this.fast.has(s)) {
          // Nobody reads the conditions unless it matches: the setup is counted later, if ever asked.
          if (!(s.matches as (c: StrategyContext) => boolean)(ctx)) {
            this.noteLazy((st ??= this.symbolSetups(e.symbol)), s, ctx);
            continue;
          }
        }
        evaluation = s.evaluate(ctx);
      } catch (err) {
        // One faulty strategy must not stop the scan (or, from a timer, the process): no match, counted.
        this.errors.set(s.id, (this.errors.get(s.id) ?? 0) + 1);
        this.onStrategyError?.(e.symbol, s, err);
        continue;
      }
      const conditions = evaluation.conditions;
      let met = 0;
      for (const c of conditions) if (c.ok) met++;
      this.noteSetup((st ??= this.symbolSetups(e.symbol)), s, met, conditions.length);
      onConditions?.(e.symbol, s, conditions, evaluation.match);
      if (!evaluation.match) continue;
      const id = `${date}:${e.symbol}:${s.id}`;
      if (this.consumed.has(id)) continue; // first qualifying bar of the day only
      this.consumed.add(id);
      this.matches.push({ id, e, s, evaluation });
    }
  }

  private candidates(): readonly LiveSignal[][] {
    if (this.groups) return this.groups;
    const bySymbol = new Map<string, LiveSignal[]>();
    for (const ls of this.live.values()) {
      const group = bySymbol.get(ls.signal.symbol);
      if (group) group.push(ls);
      else bySymbol.set(ls.signal.symbol, [ls]);
    }
    const groups = [...bySymbol.values()];
    for (const g of groups) g.sort(compareSignals);
    this.groups = groups;
    return groups;
  }

  private symbolSetups(symbol: string): SymbolSetups {
    let st = this.setups.get(symbol);
    if (st === undefined) this.setups.set(symbol, (st = { progress: new Map(), lazy: [], lazyCount: 0, best: undefined }));
    return st;
  }

  /** A setup checked through matches only: its count waits for bestSetup (the newest context wins). */
  private noteLazy(st: SymbolSetups, s: Strategy, ctx: StrategyContext): void {
    st.best = undefined;
    const i = this.index.get(s) as number;
    if (st.lazy[i] === undefined) {
      st.lazyCount++;
      // Keep the order of first appearance (bestSetup's tie-break) as an eager count would have it.
      if (!st.progress.has(s.id)) st.progress.set(s.id, { strategy: s.id, met: 0, total: 0 });
    }
    st.lazy[i] = ctx;
  }

  /** Counts the symbol's lazy setups with evaluate, exactly as an eager count at their bar would have. */
  private countLazy(st: SymbolSetups): void {
    for (let i = 0; i < st.lazy.length; i++) {
      const ctx = st.lazy[i];
      if (ctx === undefined) continue;
      st.lazy[i] = undefined;
      const s = this.strategies[i] as Strategy;
      let conditions: readonly ConditionResult[] | null = null;
      try {
        conditions = s.evaluate(ctx).conditions;
      } catch {
        // matches() did not throw for this context, so evaluate does not either (Strategy.matches' contract).
      }
      let met = 0;
      if (conditions !== null) for (const c of conditions) if (c.ok) met++;
      const total = conditions === null ? 0 : conditions.length;
      const p = st.progress.get(s.id) as { strategy: StrategyId; met: number; total: number } | undefined;
      if (total === 0) {
        // An eager count ignores an empty evaluation: drop a placeholder nobody counted.
        if (p !== undefined && p.total === 0) st.progress.delete(s.id);
        continue;
      }
      if (p) {
        p.met = met;
        p.total = total;
      } else st.progress.set(s.id, { strategy: s.id, met, total });
    }
    st.lazyCount = 0;
  }

  private noteSetup(st: SymbolSetups, s: Strategy, met: number, total: number): void {
    if (total === 0) return;
    st.best = undefined;
    const i = this.index.get(s) as number;
    if (st.lazy[i] !== undefined) {
      st.lazy[i] = undefined;
      st.lazyCount--;
    }
    const p = st.progress.get(s.id) as { strategy: StrategyId; met: number; total: number } | undefined;
    if (p) {
      p.met = met;
      p.total = total;
    } else st.progress.set(s.id, { strategy: s.id, met, total });
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
