// The trading engine: wires scanner → risk gate → sizing → orders → position monitor on one injected
// clock, keeps the persisted state exact at every step (written whole through Store.save), and exposes
// the EngineControl commands. Behaviour is documented in docs/engine.md.
import type { AppConfig } from '../domain/config.js';
import { toPaise } from '../domain/money.js';
import { entryAction, exitAction } from '../domain/trading.js';
import type { EngineState, ExitReason, Mode, Order, OrderStatus, Position, RejectReason, Rejection, Signal, Trade } from '../domain/trading.js';
import type { EngineView, FeedHealth, LogLevelName, LogRecord, UnmanagedPosition } from '../domain/view.js';
import { formatPaise } from '../domain/money.js';
import type { Broker, BrokerOrderRow, BrokerPositionRow } from '../ports/broker.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { ClosedResult, ControlResult, EngineControl } from '../ports/control.js';
import type { LogFields, Logger } from '../ports/logger.js';
import type { Publisher } from '../ports/publisher.js';
import type { PersistedState, Store } from '../ports/store.js';
import type { Strategy } from '../strategies/strategy.js';
import type { BarCloseEvent, MarketDataView } from './market-data-view.js';
import { freshState, rollOver } from './day-rollover.js';
import { buildView, lossLimitPaise, marginInUsePaise, totalUnrealizedPaise } from './engine-view.js';
import { OrderManager, errText, isFinal, type ReconcileReport } from './order-manager.js';
import { applyBrokerBooks, type BrokerBooks, type ReconcileOutcome } from './reconcile-apply.js';
import { armStop, monitorPass, noteRestored, updateTrail } from './position-monitor.js';
import { checkEntry } from './risk-gate.js';
import { Scanner, type ConditionListener, type LiveSignal } from './scanner.js';
import { closeTrade } from './trade-book.js';
import { cachedSessionClock, type SessionClock } from './session-clock.js';
import { marginPaise, sizeQuantity } from './sizing.js';
import { copyPlain } from './copy-state.js';

export interface TradingEngineDeps {
  clock: Clock;
  calendar: SessionClock;
  config: AppConfig;
  market: MarketDataView;
  strategies: Strategy[];
  broker: Broker;
  store: Store;
  publisher: Publisher;
  logger: Logger;
  mode: Mode;
  feedHealth: () => FeedHealth;
  /** Shown in the view (the engine is pure and does not read process state itself). */
  pid?: number;
  /** How long flatten waits for the exit fill before answering PENDING (clock ms, default 10 s). */
  flattenTimeoutMs?: number;
  /** Entries wait (UNRECONCILED) until applyBrokerBooks has run once: for brokers whose books outlive a restart. */
  requireReconcile?: boolean;
}

const LEVELS: Record<LogLevelName, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const MAX_LOGS = 200;
const MAX_REJECTIONS = 20;
/** Errors of one strategy logged at error level before the rest are only counted (and debug-logged). */
const MAX_STRATEGY_ERROR_LOGS = 3;

export class TradingEngine implements EngineControl {
  readonly scanner: Scanner;
  readonly orders: OrderManager;
  private st: PersistedState;
  private readonly strategies: Strategy[];
  private started = false;
  private subscribed = false;
  private entriesOn = false;
  private timers: TimerHandle[] = [];
  private eodTimer: TimerHandle | null = null;
  private saving: Promise<void> = Promise.resolve();
  private rejectionCounts: Partial<Record<RejectReason, number>> = {};
  private lastRejections: Rejection[] = [];
  private logs: LogRecord[] = [];
  private level: LogLevelName;
  private unmanaged: UnmanagedPosition[] = [];
  /** Orders found INTENT/SENT when the state was loaded, with that status (for reconciliation). */
  private readonly inFlightAtRestart = new Map<string, OrderStatus>();
  private reconciled = true;
  private startedAt: number;
  /** The calendar, answered from a per-day cache (asked several times a second). */
  private readonly cal: SessionClock;
  /** Debug listener for condition outcomes (allocated once; used only when debug is on). */
  private readonly conditionLog: ConditionListener;
  /** Timer bodies (scan, monitor, EOD, status) and callbacks that threw: logged, counted, survived. */
  private tickErrors = 0;
  /**
   * Closes asked for by the user (flatten, flatten-all, stop --flatten) per position id: retried by the
   * monitor until the position is gone, and applied when an entry still in flight fills. (HALTED needs no
   * entry here: the persisted engine state forces HALT exits.)
   */
  private readonly closeRequests = new Map<string, ExitReason>();
  /** An archive of finished days is under way (one at a time). */
  private archiving = false;

  constructor(private readonly d: TradingEngineDeps) {
    this.cal = cachedSessionClock(d.calendar);
    this.conditionLog = (sym, s, c, match) => {
      if (match || c.some((x) => x.ok)) this.log('debug', `scan ${sym} ${s.id}: ${c.filter((x) => x.ok).length}/${c.length}${match ? ' MATCH' : ''}`);
    };
    this.strategies = d.strategies.filter((s) => d.config.strategies[s.id]?.enabled !== false);
    this.scanner = new Scanner(this.strategies, d.market, (sym, s, err) => {
      const n = this.scanner.strategyErrors()[s.id] ?? 0;
      const msg = `strategy ${s.id} threw on ${sym} (treated as no match): ${errText(err)}`;
      if (n <= MAX_STRATEGY_ERROR_LOGS) this.log('error', n === MAX_STRATEGY_ERROR_LOGS ? `${msg}; further errors of strategy ${s.id} are only counted` : msg, { stack: err instanceof Error ? err.stack : undefined });
      else this.log('debug', msg);
    });
    this.level = d.config.logLevel;
    this.startedAt = d.clock.now();
    this.st = freshState(this.cal.tradingDate(d.clock.now()), d.clock.now());
    this.orders = new OrderManager({
      clock: d.clock,
      broker: d.broker,
      logger: d.logger,
      state: () => this.st,
      persist: () => this.persist(),
      events: {
        changed: (o) => d.publisher.event({ type: 'order', order: { ...o } }),
        filled: (o, price, qty) => this.onFilled(o, price, qty),
        failed: (o) => this.onOrderFailed(o),
      },
    });
  }

  /** Loads persisted state and resumes exactly: positions, stops, counters, engine state, consumed signals. */
  async start(): Promise<void> {
    if (this.started) return;
    const { clock, config, store } = this.d;
    const calendar = this.cal;
    const now = clock.now();
    this.startedAt = now;
    const loaded = await store.load();
    const today = calendar.tradingDate(now);
    if (loaded) {
      this.st = loaded;
      // State from before charges: the store's schema fills 0, but a NaN here would silently disarm the loss limit.
      if (!Number.isFinite(loaded.counters.chargesPaise)) loaded.counters.chargesPaise = 0;
      if (this.d.requireReconcile !== true) this.dropLocalOrders();
      for (const o of loaded.orders) if (o.status === 'INTENT' || o.status === 'SENT') this.inFlightAtRestart.set(o.clientId, o.status);
      for (const o of this.orders.markInFlightUnknown()) this.log('warn', `order ${o.clientId} was in flight at restart: UNKNOWN until reconciled, not re-sent`);
      for (const p of this.st.positions) if (p.status === 'OPEN') noteRestored(p, now);
      if (this.st.positions.length > 0) this.log('info', `resumed ${this.st.positions.length} position(s) from saved state`);
    } else {
      this.st = freshState(today, now);
    }
    this.scanner.reset(this.st.consumedSignals);
    this.maybeRollover(now);
    this.reconciled = this.d.requireReconcile !== true;
    if (!this.subscribed) {
      this.subscribed = true;
      this.d.broker.onUpdate((u) => {
        if (this.started) this.guarded('broker update', () => this.orders.update(u));
      });
      this.d.market.onBarClose((e) => {
        if (this.started) this.guarded('bar close', () => this.onBarClose(e));
      });
    }
    this.started = true;
    this.entriesOn = true;
    // Timer bodies are guarded: one bad tick is logged and counted, and the next tick runs as usual.
    this.timers.push(clock.setInterval(() => this.guarded('scan', () => this.scanTick()), config.schedule.scanMs));
    this.timers.push(clock.setInterval(() => this.guarded('monitor', () => this.monitorTick()), config.schedule.monitorMs));
    this.timers.push(clock.setInterval(() => this.guarded('status', () => {
      this.statusLine();
      void this.archivePending();
    }), config.schedule.statusMs));
    this.scheduleEod();
    await this.persist();
    void this.archivePending();
    this.d.publisher.event({ type: 'engine-state', state: this.st.engineState, reason: this.st.stateReason });
    this.log('info', `engine started (${this.d.mode}, ${this.st.engineState}, ${this.strategies.length} strategies)`);
    this.publishState();
  }

  /** Stops entries and timers; with flatten, closes every position first (reason SHUTDOWN). */
  async stop(opts: { flatten: boolean }): Promise<ControlResult> {
    if (!this.started) return { ok: true, message: 'not running' };
    this.entriesOn = false;
    let result: ControlResult = { ok: true, message: 'stopped' };
    if (opts.flatten) result = await this.closeAll('SHUTDOWN');
    for (const t of this.timers) this.d.clock.clear(t);
    this.timers = [];
    if (this.eodTimer) this.d.clock.clear(this.eodTimer);
    this.eodTimer = null;
    await this.persist().catch((err: unknown) => this.log('error', `final state save failed: ${errText(err)}`));
    this.started = false;
    this.log('info', 'engine stopped');
    return result;
  }

  // ---- EngineControl ------------------------------------------------------------------------------

  view(): EngineView {
    const d = this.d;
    return buildView({
      now: d.clock.now(),
      speed: d.clock.speed,
      mode: d.mode,
      pid: d.pid ?? 0,
      startedAt: this.startedAt,
      config: d.config,
      calendar: this.cal,
      market: d.market,
      strategies: this.strategies,
      state: this.st,
      feed: d.feedHealth(),
      broker: d.broker.status(),
      rejectionCounts: this.rejectionCounts,
      lastRejections: this.lastRejections,
      unmanaged: this.unmanaged,
      bestSetup: (s) => this.scanner.bestSetup(s),
    });
  }

  async flatten(symbol: string): Promise<ControlResult> {
    const p = this.st.positions.find((x) => x.symbol === symbol.toUpperCase());
    if (!p) return { ok: false, error: `no open position in ${symbol}` };
    const r = await this.closeOne(p, 'MANUAL');
    return r.outcome === 'FILLED' ? { ok: true, message: `${symbol} closed at ₹${r.price}`, closed: [r] } : { ok: true, message: `${symbol}: ${r.outcome}${r.message ? ` (${r.message})` : ''}`, closed: [r] };
  }

  flattenAll(): Promise<ControlResult> {
    return this.closeAll('FLATTEN_ALL');
  }

  async pause(): Promise<ControlResult> {
    if (this.st.engineState === 'HALTED') return { ok: false, error: 'engine is halted until the next session' };
    await this.setEngineState('PAUSED', 'paused by user');
    return { ok: true, message: 'paused: no new entries; open positions are still managed' };
  }

  async resume(): Promise<ControlResult> {
    if (this.st.engineState === 'HALTED') return { ok: false, error: 'engine is halted until the next session' };
    await this.setEngineState('ACTIVE', null);
    return { ok: true, message: 'resumed: entries allowed' };
  }

  halt(reason = 'halted by user'): Promise<ControlResult> {
    return this.haltWith(reason);
  }

  setLogLevel(level: LogLevelName): ControlResult {
    this.level = level;
    const withLevel = this.d.logger as Logger & { setLevel?: (l: LogLevelName) => void };
    withLevel.setLevel?.(level);
    return { ok: true, message: `log level ${level}` };
  }

  recentLogs(): readonly LogRecord[] {
    return [...this.logs];
  }

  /** Hook for broker-book reconciliation (see OrderManager.reconcile); records unmanaged positions. */
  reconcile(brokerOrders: readonly BrokerOrderRow[], brokerPositions: readonly BrokerPositionRow[]): ReconcileReport {
    const report = this.orders.reconcile(brokerOrders, brokerPositions);
    this.unmanaged = report.unmanaged.map((p) => ({ symbol: p.symbol, qty: p.qty, avgPrice: p.avgPrice, note: 'not opened by this engine' }));
    this.changed();
    return report;
  }

  /** Applies the broker's books (docs/crash-safety.md): settles orders, closes/flags positions; unblocks entries. */
  applyBrokerBooks(books: BrokerBooks): ReconcileOutcome {
    const now = this.d.clock.now();
    const out = applyBrokerBooks({
      now, state: this.st, orders: this.orders, inFlightAtRestart: this.inFlightAtRestart, rates: this.d.config.charges,
      lastPrice: (s) => this.d.market.lastPrice(s),
      warn: (msg, fields) => this.log('warn', msg, fields),
      closed: (p, trade) => {
        this.d.publisher.event({ type: 'position', change: 'closed', position: copyPosition(p) });
        this.d.publisher.event({ type: 'trade', trade, reason: 'RECONCILED' });
      },
    }, books);
    this.unmanaged = out.unmanaged.map((u) => ({ ...u }));
    if (!this.reconciled) this.log('info', `first reconciliation done: ${out.orders.length} order and ${out.positions.length} position correction(s); entries allowed`);
    this.reconciled = true;
    this.changed();
    return out;
  }

  /** Whether the first reconciliation with the broker has completed (entries wait for it). */
  isReconciled(): boolean {
    return this.reconciled;
  }

  /** Errors contained so far: strategy evaluations that threw (per id) and timer bodies that threw. */
  faults(): { strategyErrors: Record<string, number>; tickErrors: number } {
    return { strategyErrors: this.scanner.strategyErrors(), tickErrors: this.tickErrors };
  }

  /** The live state, not copied: read-only, for per-step checks in simulated days (do not mutate). */
  peek(): Readonly<PersistedState> {
    return this.st;
  }

  /** A deep copy of the current state (for tests and diagnostics). */
  snapshot(): PersistedState {
    return structuredClone(this.st);
  }

  // ---- loops -------------------------------------------------------------------------------------

  private scanTick(): void {
    const now = this.d.clock.now();
    this.maybeRollover(now);
    if (!this.entriesOn) return;
    const res = this.scanner.scan(now, this.st.date, this.enabled('debug') ? this.conditionLog : undefined);
    let dirty = false;
    // The persisted list mirrors the scanner's set (ids are only ever added within a day).
    if (this.scanner.consumedCount() !== this.st.consumedSignals.length) {
      this.st.consumedSignals = this.scanner.consumedIds();
      dirty = true;
    }
    for (const s of res.created) {
      this.d.publisher.event({ type: 'signal', signal: s });
      this.log('info', `signal ${s.strategy} ${s.side} ${s.symbol} at ₹${s.barClose} (ATR ${s.atr.toFixed(2)})`);
    }
    for (const s of res.expired) this.log('debug', `signal ${s.id} expired`);
    for (const group of res.candidates) {
      for (const ls of group) if (this.tryEnter(ls, now)) dirty = true;
    }
    if (dirty) this.persistQuietly();
    if (dirty || res.created.length > 0) this.publishState();
  }

  private tryEnter(ls: LiveSignal, now: number): boolean {
    if (!this.reconciled) {
      this.reject(ls, 'UNRECONCILED', 'waiting for the first reconciliation with the broker', now);
      return false;
    }
    const broker = this.d.broker.status();
    if (broker.status === 'BLOCKED') {
      this.reject(ls, 'BROKER_BLOCKED', broker.message ?? 'the broker does not execute orders automatically', now);
      return false;
    }
    const { config, market } = this.d;
    const calendar = this.cal;
    const sig = ls.signal;
    const risk = config.risk;
    const price = market.lastPrice(sig.symbol);
    const qty = price === null ? 0 : sizeQuantity(risk, price);
    const times = calendar.sessionTimes(this.st.date);
    const gate = checkEntry({
      now,
      phase: calendar.phaseAt(now),
      window: times ? { start: times.tradingStart, end: times.tradingEnd } : null,
      engineState: this.st.engineState,
      feedStatus: this.d.feedHealth().status,
      lastTickAt: market.lastTickAt(sig.symbol),
      openPositions: this.st.positions.length,
      tradesToday: this.st.counters.tradesToday,
      strategyUses: this.st.counters.strategyUses[sig.strategy] ?? 0,
      symbolHeld: this.st.positions.some((p) => p.symbol === sig.symbol),
      dayPnlPaise: this.dayPnlPaise(),
      lossLimitPaise: lossLimitPaise(config),
      price,
      qty,
      marginInUsePaise: marginInUsePaise(this.st.positions, risk.leverage),
      newMarginPaise: price === null ? 0 : marginPaise(price, qty, risk.leverage),
      capitalPaise: toPaise(risk.capital),
      limits: {
        maxOpenPositions: risk.maxOpenPositions,
        maxDailyTrades: risk.maxDailyTrades,
        maxStrategyUsesPerDay: risk.maxStrategyUsesPerDay,
        feedStaleMs: risk.feedStaleSeconds * 1000,
      },
    });
    if (!gate.ok) {
      this.reject(ls, gate.reason, gate.message, now);
      if (gate.haltEngine && this.st.engineState !== 'HALTED') void this.haltWith(gate.message);
      return false;
    }
    this.scanner.retire(sig.id);
    this.openPosition(sig, price as number, qty, now);
    return true;
  }

  private monitorTick(): void {
    const now = this.d.clock.now();
    this.maybeRollover(now);
    if (!this.started) return;
    const mult = this.d.config.exits.atrMultiple;
    const decisions = monitorPass(this.st.positions, {
      now,
      tradingEnd: this.tradingEnd(),
      multiple: mult,
      lastPrice: (s) => this.d.market.lastPrice(s),
      forced: (p) => this.forcedExit(p),
    });
    let dirty = false;
    for (const dec of decisions) {
      if (dec.stopChange) {
        dirty = true;
        this.d.publisher.event({ type: 'position', change: 'stop', position: copyPosition(dec.position) });
        this.log('debug', `${dec.position.symbol} stop → ₹${dec.stopChange.stop} (best ₹${dec.stopChange.best})`);
      }
      if (dec.exit) {
        this.log('info', `${dec.position.symbol} exit: ${dec.exit} at ₹${dec.position.lastPrice} (stop ₹${dec.position.stop})`);
        this.requestExit(dec.position, dec.exit);
      }
    }
    this.checkLossLimit();
    if (dirty) this.persistQuietly();
    this.publishState();
  }

  private statusLine(): void {
    const st = this.st;
    const risk = this.d.config.risk;
    const feed = this.d.feedHealth();
    this.log('info', `status: ${st.engineState}, positions ${st.positions.length}/${risk.maxOpenPositions}, trades ${st.counters.tradesToday}/${risk.maxDailyTrades}, P&L ${formatPaise(this.dayPnlPaise())} (realized ${formatPaise(st.counters.realizedPaise)}, charges ${formatPaise(st.counters.chargesPaise)}), feed ${feed.status}`, {
      positions: st.positions.map((p) => `${p.side} ${p.symbol} ${p.qty}@${p.entryPrice} stop ${p.stop}`),
      feedTicks: feed.ticks,
    });
  }

  private onBarClose(e: BarCloseEvent): void {
    this.maybeRollover(this.d.clock.now());
    // Matches consume their ids now; the next scan persists them and turns them into live signals.
    this.scanner.onBarClose(e, this.st.date, this.enabled('debug') ? this.conditionLog : undefined);
    const atr = e.features?.stopAtr ?? null;
    if (e.fromHistory || atr === null || !(atr > 0)) return;
    let dirty = false;
    for (const p of this.st.positions) {
      if (p.status !== 'OPEN' || p.symbol !== e.symbol || p.timeframe !== e.tf) continue;
      const change = updateTrail(p, this.d.clock.now(), null, atr, this.d.config.exits.atrMultiple);
      if (change) {
        dirty = true;
        this.d.publisher.event({ type: 'position', change: 'stop', position: copyPosition(p) });
      }
    }
    if (dirty) {
      this.persistQuietly();
      this.publishState();
    }
  }

  // ---- positions ---------------------------------------------------------------------------------

  private openPosition(sig: Signal, price: number, qty: number, now: number): void {
    const order = this.orders.intent({ symbol: sig.symbol, action: entryAction(sig.side), qty, purpose: 'ENTRY', strategy: sig.strategy });
    const p: Position = {
      id: order.clientId,
      symbol: sig.symbol,
      side: sig.side,
      strategy: sig.strategy,
      timeframe: sig.timeframe,
      qty,
      entryPrice: price,
      entryTime: now,
      atr: this.atrOf(sig.symbol, sig.timeframe) ?? sig.atr,
      stop: 0,
      best: price,
      lastPrice: price,
      status: 'OPENING',
      entryOrderId: order.clientId,
      stopHistory: [],
    };
    this.st.positions.push(p);
    // Counters are reserved at the decision so that the gate sees in-flight entries; a refused entry releases them.
    this.st.counters.tradesToday += 1;
    this.st.counters.strategyUses[sig.strategy] = (this.st.counters.strategyUses[sig.strategy] ?? 0) + 1;
    this.log('info', `entry ${sig.side} ${sig.symbol} x${qty} @ ~₹${price} (strategy ${sig.strategy}, order ${order.clientId})`);
    void this.orders.send(order, price);
  }

  private onFilled(o: Order, price: number, qty: number): void {
    const now = this.d.clock.now();
    const i = this.st.positions.findIndex((p) => p.id === o.positionId);
    this.d.publisher.event({ type: 'fill', order: { ...o }, price, qty });
    if (i < 0) {
      this.log('error', `fill for ${o.clientId} has no position ${o.positionId}; left for reconciliation`);
      return;
    }
    const p = this.st.positions[i] as Position;
    if (o.purpose === 'ENTRY') {
      const atr = this.atrOf(p.symbol, p.timeframe) ?? p.atr;
      const opened: Position = { ...p, qty, entryPrice: price, entryTime: now, atr, lastPrice: this.d.market.lastPrice(p.symbol) ?? price, status: 'OPEN', stopHistory: [] };
      armStop(opened, now, this.d.config.exits.atrMultiple);
      this.st.positions[i] = opened;
      this.log('info', `opened ${opened.side} ${opened.symbol} x${qty} @ ₹${price}, stop ₹${opened.stop}`);
      this.d.publisher.event({ type: 'position', change: 'opened', position: copyPosition(opened) });
      // An entry that fills after a halt, a flatten request or 15:20 is closed at once.
      const forced = this.forcedExit(opened);
      if (forced !== null) this.requestExit(opened, forced);
      else if (this.tradingEnd() !== null && now >= (this.tradingEnd() as number)) this.requestExit(opened, 'EOD');
    } else {
      const exitQty = Math.min(qty, p.qty);
      const reason: ExitReason = p.exitReason ?? 'MANUAL';
      const id = exitQty < p.qty ? `${p.id}/${o.clientId}` : p.id;
      const trade = closeTrade(this.st, this.d.config.charges, p, { id, qty: exitQty, exitPrice: price, exitTime: now, reason });
      if (exitQty < p.qty) {
        p.qty -= exitQty;
        p.status = 'OPEN';
        delete p.exitOrderId;
        this.log('warn', `${p.symbol} exit filled ${exitQty} of ${p.qty + exitQty}; the rest stays open`);
      } else {
        this.st.positions.splice(i, 1);
        this.closeRequests.delete(p.id);
        p.lastPrice = price;
        this.d.publisher.event({ type: 'position', change: 'closed', position: copyPosition(p) });
      }
      this.d.publisher.event({ type: 'trade', trade, reason });
      this.log('info', `closed ${p.side} ${p.symbol} x${exitQty} @ ₹${price} (${reason}) P&L ${formatPaise(trade.pnlPaise)}, charges ${formatPaise(trade.chargesPaise)}`);
      this.checkLossLimit();
    }
    this.persistQuietly();
    this.publishState();
  }

  private onOrderFailed(o: Order): void {
    const i = this.st.positions.findIndex((p) => p.id === o.positionId);
    const p = this.st.positions[i];
    if (!p) return;
    if (o.purpose === 'ENTRY') {
      this.st.positions.splice(i, 1);
      this.closeRequests.delete(p.id);
      this.st.counters.tradesToday = Math.max(0, this.st.counters.tradesToday - 1);
      this.st.counters.strategyUses[p.strategy] = Math.max(0, (this.st.counters.strategyUses[p.strategy] ?? 1) - 1);
      this.log('warn', `entry ${p.symbol} not filled: ${o.status} (${o.reason ?? ''})`);
    } else if (p.exitOrderId === o.clientId) {
      // The exit did not happen: the position is still open and the monitor tries again on its next pass.
      p.status = 'OPEN';
      delete p.exitOrderId;
      this.log('warn', `exit ${p.symbol} ${o.status} (${o.reason ?? ''}); position still open`);
    }
    this.persistQuietly();
    this.publishState();
  }

  /**
   * A paper or dry-run broker keeps its orders in this process only, so after a restart an order the
   * previous process had not settled provably reached nobody: it is final (not placed), its entry position
   * is dropped and its exit position is OPEN again for the monitor. (Brokers whose books outlive the
   * engine are reconciled instead: requireReconcile.)
   */
  private dropLocalOrders(): void {
    for (const o of [...this.st.orders]) {
      if (isFinal(o)) continue;
      const before = o.status;
      const reason = `${before === 'INTENT' ? 'never sent' : 'not placed'}: in flight (${before}) when the previous process ended; a local broker (${this.d.broker.name}) keeps orders only in its process`;
      this.log('warn', `order ${o.clientId} ${o.purpose} ${o.symbol}: ${reason}`);
      this.orders.markNotPlaced(o, before === 'INTENT' ? 'CANCELLED' : 'REJECTED', reason);
    }
  }

  private requestExit(p: Position, reason: ExitReason): Order | null {
    if (p.status !== 'OPEN') return null;
    p.status = 'CLOSING';
    p.exitReason = reason;
    const order = this.orders.intent({ symbol: p.symbol, action: exitAction(p.side), qty: p.qty, purpose: 'EXIT', strategy: p.strategy, positionId: p.id });
    p.exitOrderId = order.clientId;
    void this.orders.send(order, this.d.market.lastPrice(p.symbol) ?? p.lastPrice);
    return order;
  }

  /** The reason a position must be closed regardless of its stop: HALTED, or a close the user asked for. */
  private forcedExit(p: Position): ExitReason | null {
    if (this.st.engineState === 'HALTED') return 'HALT';
    return this.closeRequests.get(p.id) ?? null;
  }

  private async closeOne(p: Position, reason: ExitReason): Promise<ClosedResult> {
    // The request outlives this call: a rejected exit is retried by the monitor, an entry in flight is
    // closed when it fills.
    if (reason !== 'HALT') this.closeRequests.set(p.id, reason);
    if (p.status === 'OPENING') return { symbol: p.symbol, outcome: 'PENDING', message: 'entry not filled yet; it is closed as soon as it fills' };
    let order = p.status === 'CLOSING' && p.exitOrderId ? this.orders.find(p.exitOrderId) ?? null : this.requestExit(p, reason);
    if (!order) return { symbol: p.symbol, outcome: 'ERROR', message: 'could not send the exit' };
    order = await this.orders.waitFinal(order, this.d.flattenTimeoutMs ?? 10_000);
    if (!order) return { symbol: p.symbol, outcome: 'PENDING', message: 'no fill yet' };
    if (order.status === 'FILLED') return { symbol: p.symbol, outcome: 'FILLED', price: order.avgPrice as number };
    return { symbol: p.symbol, outcome: order.status === 'REJECTED' && !(order.reason ?? '').startsWith('not sent') ? 'REJECTED' : 'ERROR', message: order.reason ?? order.status };
  }

  private async closeAll(reason: ExitReason): Promise<ControlResult> {
    const targets = [...this.st.positions];
    const closed = await Promise.all(targets.map((p) => this.closeOne(p, reason)));
    const filled = closed.filter((c) => c.outcome === 'FILLED').length;
    return { ok: true, message: targets.length === 0 ? 'no open positions' : `closed ${filled} of ${targets.length}`, closed };
  }

  private async haltWith(reason: string): Promise<ControlResult> {
    if (this.st.engineState !== 'HALTED') {
      this.st.haltedOn = this.st.date;
      await this.setEngineState('HALTED', reason);
    }
    const r = await this.closeAll('HALT');
    return r.ok ? { ok: true, message: `halted: ${reason}; ${r.message}`, closed: r.closed ?? [] } : r;
  }

  private checkLossLimit(): void {
    if (this.st.engineState === 'HALTED') return;
    const pnl = this.dayPnlPaise();
    const limit = lossLimitPaise(this.d.config);
    if (pnl <= -limit) void this.haltWith(`daily loss limit: day P&L ${formatPaise(pnl)} ≤ -${formatPaise(limit)}`);
  }

  private async setEngineState(state: EngineState, reason: string | null): Promise<void> {
    this.st.engineState = state;
    this.st.stateReason = reason;
    if (state !== 'HALTED') this.st.haltedOn = null;
    this.d.publisher.event({ type: 'engine-state', state, reason });
    this.log(state === 'HALTED' ? 'warn' : 'info', `engine ${state}${reason ? `: ${reason}` : ''}`);
    this.publishState();
    await this.persist().catch((err: unknown) => this.log('error', `state save failed: ${errText(err)}`));
  }

  // ---- day, persistence, publishing ----------------------------------------------------------------

  private maybeRollover(now: number): void {
    const date = this.cal.tradingDate(now);
    if (date === this.st.date) return;
    const r = rollOver(this.st, date, now);
    this.scanner.reset([]);
    this.rejectionCounts = {};
    this.lastRejections = [];
    if (r.trades.length > 0) void this.archivePending();
    this.log('info', `new trading date ${date}: counters reset${r.clearedHalt ? ', halt lifted' : ''}`);
    if (r.clearedHalt) this.d.publisher.event({ type: 'engine-state', state: this.st.engineState, reason: null });
    if (this.started) this.scheduleEod();
    this.persistQuietly();
    this.publishState();
  }

  private tradingEnd(): number | null {
    const cal = this.cal;
    return cal.sessionTimes(this.st.date)?.tradingEnd ?? null;
  }

  /** An exact timer for 15:20 so the close goes out at 15:20:00, not at the next 2 s monitor pass. */
  private scheduleEod(): void {
    if (this.eodTimer) this.d.clock.clear(this.eodTimer);
    this.eodTimer = null;
    const end = this.tradingEnd();
    const now = this.d.clock.now();
    if (end === null || end <= now) return;
    this.eodTimer = this.d.clock.setTimeout(() => {
      this.eodTimer = null;
      this.guarded('15:20 close', () => this.monitorTick());
    }, end - now);
  }

  private reject(ls: LiveSignal, reason: RejectReason, message: string, now: number): void {
    const sig = ls.signal;
    if (ls.rejected.has(reason)) {
      // Retried every scan while it lives: build the line only when debug is on (log() would drop it).
      if (this.enabled('debug')) this.log('debug', `reject ${sig.symbol} ${sig.strategy}: ${reason} (again)`);
      return;
    }
    ls.rejected.add(reason);
    this.rejectionCounts[reason] = (this.rejectionCounts[reason] ?? 0) + 1;
    const rejection: Rejection = { ts: now, symbol: sig.symbol, strategy: sig.strategy, reason, message };
    this.lastRejections.push(rejection);
    if (this.lastRejections.length > MAX_REJECTIONS) this.lastRejections.shift();
    this.d.publisher.event({ type: 'rejection', rejection });
    this.log('info', `rejected ${sig.side} ${sig.symbol} (strategy ${sig.strategy}): ${reason}: ${message}`);
  }

  private atrOf(symbol: string, tf: Position['timeframe']): number | null {
    if (tf === '1m') return null;
    const atr = this.d.market.atr(symbol, tf);
    return atr !== null && atr > 0 ? atr : null;
  }

  /** The day's P&L the loss limit watches: realised net of charges (money paid) plus unrealised. */
  private dayPnlPaise(): number {
    return this.st.counters.realizedPaise - this.st.counters.chargesPaise + totalUnrealizedPaise(this.st.positions);
  }

  /**
   * Archives finished days still held in the state (`unarchived`), oldest first; each leaves the state only
   * after its archive succeeded. A failure is logged and retried on the next status tick or start.
   */
  private async archivePending(): Promise<void> {
    if (this.archiving) return;
    this.archiving = true;
    try {
      while (this.st.unarchived && this.st.unarchived.length > 0) {
        const day = this.st.unarchived[0] as { date: string; trades: Trade[] };
        try {
          await this.d.store.archiveDay(day.date, day.trades);
        } catch (err) {
          this.log('error', `archiving ${day.date} (${day.trades.length} trades) failed: ${errText(err)}; kept in the state, retried in a minute`);
          return;
        }
        this.st.unarchived = this.st.unarchived.filter((d) => d !== day);
        this.log('info', `archived ${day.trades.length} trade(s) of ${day.date}`);
        this.persistQuietly();
      }
    } finally {
      this.archiving = false;
    }
  }

  /** Writes the whole state; saves are chained so they land in order. */
  private persist(): Promise<void> {
    this.st.updatedAt = this.d.clock.now();
    const snap = copyPlain(this.st);
    const next = this.saving.catch(() => {}).then(() => this.d.store.save(snap));
    this.saving = next;
    return next;
  }

  private persistQuietly(): void {
    this.persist().catch((err: unknown) => this.log('error', `state save failed: ${errText(err)}`));
  }

  private changed(): void {
    this.persistQuietly();
    this.publishState();
  }

  /** Runs a timer or callback body; an exception is logged and counted instead of escaping to the clock. */
  private guarded(what: string, body: () => void): void {
    try {
      body();
    } catch (err) {
      this.tickErrors += 1;
      try {
        this.log('error', `${what} failed (continuing): ${errText(err)}`, { stack: err instanceof Error ? err.stack : undefined });
      } catch {
        // Even the logger failed: the count above still records it.
      }
    }
  }

  private publishState(): void {
    // Building the view walks every watched symbol: skipped when the publisher would not use it.
    if (this.d.publisher.wantsState?.() === false) return;
    this.d.publisher.state(this.view());
  }

  private enabled(level: LogLevelName): boolean {
    return LEVELS[level] >= LEVELS[this.level];
  }

  private log(level: LogLevelName, msg: string, fields?: LogFields): void {
    if (!this.enabled(level)) return;
    this.d.logger[level](msg, fields);
    this.logs.push({ ts: this.d.clock.now(), level, msg, ...(fields ? { fields } : {}) });
    if (this.logs.length > MAX_LOGS) this.logs.shift();
  }
}

function copyPosition(p: Position): Position {
  return { ...p, stopHistory: [...p.stopHistory] };
}
