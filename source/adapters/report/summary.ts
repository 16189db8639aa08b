// The backtest's JSON summary (what --json prints and --out writes as summary.json): every figure of
// the report, built from the run's trades, equity curve and counters. Pure.
import type { Trade } from '../../domain/trading.js';
import { istDate, istIso } from '../../domain/time.js';
import { chargesOf, netOf } from './metrics.js';
import { exposure, maxDrawdown, perDay, statsBy, tradeStats, type DayRow, type Drawdown, type EquitySample, type Exposure, type TradeStats } from './metrics.js';

export interface SummaryInput {
  readonly from: string;
  readonly to: string;
  readonly days: readonly string[];
  readonly source: string;
  readonly symbols: number;
  readonly bars: number;
  readonly capitalPaise: number;
  readonly trades: readonly Trade[];
  readonly equity: readonly EquitySample[];
  readonly rejections: Readonly<Record<string, number>>;
  readonly rowErrors: number;
  readonly notes: readonly string[];
}

/** One closed trade as the JSON summary lists it: IST times, rupee prices, paise P&L. */
export interface TradeRow {
  readonly id: string;
  readonly date: string;
  readonly symbol: string;
  readonly side: Trade['side'];
  readonly strategy: string;
  readonly qty: number;
  readonly entryTime: string;
  readonly entryPrice: number;
  readonly exitTime: string;
  readonly exitPrice: number;
  readonly exitReason: Trade['exitReason'];
  readonly grossPaise: number;
  readonly chargesPaise: number;
  readonly netPaise: number;
}

export interface BacktestSummary {
  readonly version: 1;
  readonly period: { readonly from: string; readonly to: string; readonly days: number; readonly dates: readonly string[] };
  readonly source: string;
  readonly symbols: number;
  readonly bars: number;
  readonly capitalPaise: number;
  readonly overall: TradeStats;
  readonly byStrategy: Record<string, TradeStats>;
  readonly byExitReason: Record<string, TradeStats>;
  readonly drawdown: Drawdown;
  readonly exposure: Exposure;
  readonly rejections: Record<string, number>;
  readonly perDay: readonly DayRow[];
  readonly trades: readonly TradeRow[];
  readonly rowErrors: number;
  readonly notes: readonly string[];
}

export function tradeRow(t: Trade): TradeRow {
  return {
    id: t.id, date: istDate(t.exitTime), symbol: t.symbol, side: t.side, strategy: t.strategy, qty: t.qty,
    entryTime: istIso(t.entryTime), entryPrice: t.entryPrice, exitTime: istIso(t.exitTime), exitPrice: t.exitPrice, exitReason: t.exitReason,
    grossPaise: t.pnlPaise, chargesPaise: chargesOf(t), netPaise: netOf(t),
  };
}

export function buildSummary(i: SummaryInput): BacktestSummary {
  const rejections: Record<string, number> = {};
  for (const k of Object.keys(i.rejections).sort((a, b) => (i.rejections[b] ?? 0) - (i.rejections[a] ?? 0) || (a < b ? -1 : 1))) {
    rejections[k] = i.rejections[k] ?? 0;
  }
  return {
    version: 1,
    period: { from: i.from, to: i.to, days: i.days.length, dates: [...i.days] },
    source: i.source,
    symbols: i.symbols,
    bars: i.bars,
    capitalPaise: i.capitalPaise,
    overall: tradeStats(i.trades),
    byStrategy: statsBy(i.trades, (t) => t.strategy),
    byExitReason: statsBy(i.trades, (t) => t.exitReason),
    drawdown: maxDrawdown(i.equity, i.capitalPaise),
    exposure: exposure(i.equity, i.capitalPaise),
    rejections,
    perDay: perDay(i.trades, i.days),
    trades: i.trades.map(tradeRow),
    rowErrors: i.rowErrors,
    notes: [...i.notes],
  };
}
