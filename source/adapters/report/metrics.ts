// Backtest figures from closed trades and the per-minute equity curve, pure. Money in integer paise.
// A trade wins when its net P&L (gross − charges) is above zero; the profit factor is gross wins over
// |gross losses| (net profit factor likewise on net), null when undefined (no losing trade, or no trade).
// Drawdown is measured on the equity curve including open positions' unrealised P&L.
import type { Trade } from '../../domain/trading.js';
import { istDate } from '../../domain/time.js';
import { chargesOf, netPnlPaise } from '../../domain/charges.js';

export interface EquitySample {
  readonly ts: number;
  /** Realised net P&L since the start plus open positions' unrealised P&L (paise). */
  readonly equityPaise: number;
  readonly openPositions: number;
  /** Capital in use by open positions (margin at the configured leverage, paise). */
  readonly marginPaise: number;
}

export interface TradeStats {
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  /** Share of trades with net P&L > 0 (0..1); null without trades. */
  readonly winRate: number | null;
  readonly grossPaise: number;
  readonly chargesPaise: number;
  readonly netPaise: number;
  /** Sum of winning trades' gross P&L / |sum of losing trades' gross P&L|; null when there is no loss. */
  readonly profitFactor: number | null;
  readonly netProfitFactor: number | null;
  readonly avgNetPaise: number | null;
}

export interface Drawdown {
  readonly maxPaise: number;
  /** Of the configured capital (0..1). */
  readonly maxPctOfCapital: number;
  readonly peakAt: number | null;
  readonly troughAt: number | null;
}

export interface Exposure {
  /** Session minutes sampled. */
  readonly minutes: number;
  readonly minutesWithPosition: number;
  /** minutesWithPosition / minutes (0..1); null without samples. */
  readonly pct: number | null;
  readonly avgMarginPaise: number;
  readonly avgMarginPctOfCapital: number;
}

export interface DayRow {
  readonly date: string;
  readonly trades: number;
  readonly wins: number;
  readonly grossPaise: number;
  readonly chargesPaise: number;
  readonly netPaise: number;
}

export { chargesOf };
export const netOf = (t: Trade): number => netPnlPaise(t);

export function tradeStats(trades: readonly Trade[]): TradeStats {
  let wins = 0;
  let gross = 0;
  let charges = 0;
  let grossWin = 0;
  let grossLoss = 0;
  let netWin = 0;
  let netLoss = 0;
  for (const t of trades) {
    const net = netOf(t);
    gross += t.pnlPaise;
    charges += chargesOf(t);
    if (net > 0) wins++;
    if (t.pnlPaise > 0) grossWin += t.pnlPaise;
    else grossLoss -= t.pnlPaise;
    if (net > 0) netWin += net;
    else netLoss -= net;
  }
  const n = trades.length;
  return {
    trades: n,
    wins,
    losses: n - wins,
    winRate: n === 0 ? null : wins / n,
    grossPaise: gross,
    chargesPaise: charges,
    netPaise: gross - charges,
    profitFactor: grossLoss > 0 ? grossWin / grossLoss : null,
    netProfitFactor: netLoss > 0 ? netWin / netLoss : null,
    avgNetPaise: n === 0 ? null : Math.round((gross - charges) / n),
  };
}

/** Stats per key (strategy, exit reason…), keys in ascending order. */
export function statsBy(trades: readonly Trade[], key: (t: Trade) => string): Record<string, TradeStats> {
  const groups = new Map<string, Trade[]>();
  for (const t of trades) {
    const k = key(t);
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  }
  const out: Record<string, TradeStats> = {};
  for (const k of [...groups.keys()].sort()) out[k] = tradeStats(groups.get(k) as Trade[]);
  return out;
}

/** Largest fall of the equity curve from a running peak; the curve starts at 0 (the capital). */
export function maxDrawdown(equity: readonly EquitySample[], capitalPaise: number): Drawdown {
  let peak = 0;
  let peakAt: number | null = null;
  let best = 0;
  let at: { peak: number | null; trough: number } | null = null;
  for (const s of equity) {
    if (s.equityPaise > peak) {
      peak = s.equityPaise;
      peakAt = s.ts;
    }
    const dd = peak - s.equityPaise;
    if (dd > best) {
      best = dd;
      at = { peak: peakAt, trough: s.ts };
    }
  }
  return { maxPaise: best, maxPctOfCapital: capitalPaise > 0 ? best / capitalPaise : 0, peakAt: at?.peak ?? null, troughAt: at?.trough ?? null };
}

export function exposure(equity: readonly EquitySample[], capitalPaise: number): Exposure {
  let held = 0;
  let margin = 0;
  for (const s of equity) {
    if (s.openPositions > 0) held++;
    margin += s.marginPaise;
  }
  const n = equity.length;
  const avg = n === 0 ? 0 : Math.round(margin / n);
  return { minutes: n, minutesWithPosition: held, pct: n === 0 ? null : held / n, avgMarginPaise: avg, avgMarginPctOfCapital: capitalPaise > 0 ? avg / capitalPaise : 0 };
}

/** One row per date of `dates` (days without trades included), trades grouped by their exit date (IST). */
export function perDay(trades: readonly Trade[], dates: readonly string[]): DayRow[] {
  const by = new Map<string, Trade[]>(dates.map((d) => [d, []]));
  for (const t of trades) {
    const d = istDate(t.exitTime);
    const g = by.get(d);
    if (g) g.push(t);
    else by.set(d, [t]);
  }
  return [...by.keys()].sort().map((date) => {
    const s = tradeStats(by.get(date) as Trade[]);
    return { date, trades: s.trades, wins: s.wins, grossPaise: s.grossPaise, chargesPaise: s.chargesPaise, netPaise: s.netPaise };
  });
}
