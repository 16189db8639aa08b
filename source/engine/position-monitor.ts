// ATR trailing stops (DESIGN.md §4): initial stop = entry ∓ k·ATR, then the stop trails the best price
// since entry by k·ATR and never loosens. Stops sit on the ₹0.05 tick, rounded away from the price
// (down for a long's stop, up for a short's) so rounding never tightens a stop past k·ATR.
import { roundToTick, TICK_SIZE } from '../domain/money.js';
import type { ExitReason, Position, Side, StopChange, StopReason } from '../domain/trading.js';

/**
 * A long's stop never goes below the lowest tick: with k·ATR larger than the price it would be negative,
 * which no price can cross and which the state schema refuses (a refused save blocks every order).
 */
export function initialStop(side: Side, entry: number, atr: number, multiple: number): number {
  return side === 'LONG' ? Math.max(TICK_SIZE, roundToTick(entry - multiple * atr, 'down')) : roundToTick(entry + multiple * atr, 'up');
}

/** The stop the trail asks for from `best`, before the never-loosen rule. */
export function trailCandidate(side: Side, best: number, atr: number, multiple: number): number {
  return initialStop(side, best, atr, multiple);
}

export function isTighter(side: Side, candidate: number, current: number): boolean {
  return side === 'LONG' ? candidate > current + 1e-9 : candidate < current - 1e-9;
}

export function stopHit(side: Side, price: number, stop: number): boolean {
  return side === 'LONG' ? price <= stop + 1e-9 : price >= stop - 1e-9;
}

export function betterPrice(side: Side, a: number, b: number): number {
  return side === 'LONG' ? Math.max(a, b) : Math.min(a, b);
}

function record(p: Position, ts: number, reason: StopReason): StopChange {
  const change: StopChange = { ts, stop: p.stop, atr: p.atr, reason, best: p.best };
  p.stopHistory.push(change);
  return change;
}

/** Sets the first stop from the fill; the position's history starts here. */
export function armStop(p: Position, ts: number, multiple: number): StopChange {
  p.best = p.entryPrice;
  p.stop = initialStop(p.side, p.entryPrice, p.atr, multiple);
  return record(p, ts, 'INITIAL');
}

/**
 * Feeds one observed price (and, when a bar of the position's timeframe closed, a fresh ATR) into the
 * trail. Mutates `p`; returns the stop change if the stop tightened.
 */
export function updateTrail(p: Position, ts: number, price: number | null, atr: number | null, multiple: number): StopChange | null {
  if (price !== null) {
    p.lastPrice = price;
    p.best = betterPrice(p.side, p.best, price);
  }
  if (atr !== null && atr > 0) p.atr = atr;
  const candidate = trailCandidate(p.side, p.best, p.atr, multiple);
  if (!isTighter(p.side, candidate, p.stop)) return null;
  p.stop = candidate;
  return record(p, ts, 'TRAIL');
}

export function noteRestored(p: Position, ts: number): StopChange {
  return record(p, ts, 'RESTORED');
}

export interface MonitorDecision {
  readonly position: Position;
  readonly exit: ExitReason | null;
  readonly stopChange: StopChange | null;
}

export interface MonitorInput {
  readonly now: number;
  /** 15:20 of today's session; null if none (then no EOD exit from the loop). */
  readonly tradingEnd: number | null;
  readonly multiple: number;
  lastPrice(symbol: string): number | null;
  /** A close that was asked for (halt, flatten): exit with this reason whatever the price. */
  forced?(p: Position): ExitReason | null;
}

/** One monitor pass over OPEN positions: trail, then decide forced (HALT, flatten) / EOD / TRAIL_STOP exits. */
export function monitorPass(positions: readonly Position[], m: MonitorInput): MonitorDecision[] {
  const out: MonitorDecision[] = [];
  for (const p of positions) {
    if (p.status !== 'OPEN') continue;
    const price = m.lastPrice(p.symbol);
    const stopChange = updateTrail(p, m.now, price, null, m.multiple);
    let exit: ExitReason | null = m.forced?.(p) ?? null;
    if (exit !== null) {
      // a requested close, retried on every pass until it fills
    } else if (m.tradingEnd !== null && m.now >= m.tradingEnd) exit = 'EOD';
    else if (price !== null && stopHit(p.side, price, p.stop)) exit = 'TRAIL_STOP';
    if (exit !== null || stopChange !== null) out.push({ position: p, exit, stopChange });
  }
  return out;
}
