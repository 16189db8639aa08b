// The numbers of `algo-tui report`, computed from a day's trades alone (pure, no I/O). Money stays in
// integer paise until it is formatted, so totals are exact to the paisa. Win rate = wins ÷ all trades
// (a break-even trade counts as neither a win nor a loss, but it is a trade).
import type { Trade } from '../../domain/trading.js';
import { istTime } from '../../domain/time.js';
import type { Paise } from '../../domain/money.js';

export const REPORT_SCHEMA = 'algo-tui.report/1';

export interface GroupSummary {
  readonly key: string;
  readonly count: number;
  readonly wins: number;
  readonly losses: number;
  readonly pnlPaise: Paise;
}

export interface TradeSummary {
  readonly count: number;
  readonly wins: number;
  readonly losses: number;
  readonly breakeven: number;
  /** wins ÷ count, 0..1; null when there are no trades. */
  readonly winRate: number | null;
  readonly grossPaise: Paise;
  readonly profitPaise: Paise; // sum of winning trades
  readonly lossPaise: Paise; // sum of losing trades (≤ 0)
  readonly bestPaise: Paise | null;
  readonly worstPaise: Paise | null;
  readonly byStrategy: readonly GroupSummary[];
  readonly byExitReason: readonly GroupSummary[];
}

export interface ReportRow {
  readonly id: string;
  readonly symbol: string;
  readonly side: Trade['side'];
  readonly strategy: string;
  readonly qty: number;
  readonly entryTime: number;
  readonly exitTime: number;
  /** 'HH:MM:SS' IST. */
  readonly entryIst: string;
  readonly exitIst: string;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly pnlPaise: Paise;
  readonly exitReason: Trade['exitReason'];
}

/** The stable document printed by `algo-tui report --json`. */
export interface DayReport {
  readonly schema: typeof REPORT_SCHEMA;
  readonly date: string;
  /** Why this day was chosen, when it is not the one asked for (e.g. no trades today). */
  readonly note: string | null;
  readonly trades: readonly ReportRow[];
  readonly summary: TradeSummary;
}

function group(trades: readonly Trade[], keyOf: (t: Trade) => string): GroupSummary[] {
  const map = new Map<string, { count: number; wins: number; losses: number; pnlPaise: number }>();
  for (const t of trades) {
    const key = keyOf(t);
    const g = map.get(key) ?? { count: 0, wins: 0, losses: 0, pnlPaise: 0 };
    g.count++;
    if (t.pnlPaise > 0) g.wins++;
    if (t.pnlPaise < 0) g.losses++;
    g.pnlPaise += t.pnlPaise;
    map.set(key, g);
  }
  return [...map.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([key, g]) => ({ key, ...g }));
}

export function summarizeTrades(trades: readonly Trade[]): TradeSummary {
  for (const t of trades) {
    if (!Number.isInteger(t.pnlPaise)) throw new Error(`trade ${t.id}: pnlPaise must be an integer number of paise, got ${t.pnlPaise}`);
  }
  const pnl = trades.map((t) => t.pnlPaise);
  const wins = pnl.filter((p) => p > 0);
  const losses = pnl.filter((p) => p < 0);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    count: trades.length,
    wins: wins.length,
    losses: losses.length,
    breakeven: trades.length - wins.length - losses.length,
    winRate: trades.length === 0 ? null : wins.length / trades.length,
    grossPaise: sum(pnl),
    profitPaise: sum(wins),
    lossPaise: sum(losses),
    bestPaise: pnl.length === 0 ? null : Math.max(...pnl),
    worstPaise: pnl.length === 0 ? null : Math.min(...pnl),
    byStrategy: group(trades, (t) => t.strategy),
    byExitReason: group(trades, (t) => t.exitReason),
  };
}

export function reportRows(trades: readonly Trade[]): ReportRow[] {
  return [...trades]
    .sort((a, b) => a.entryTime - b.entryTime || a.exitTime - b.exitTime || a.id.localeCompare(b.id))
    .map((t) => ({
      id: t.id,
      symbol: t.symbol,
      side: t.side,
      strategy: t.strategy,
      qty: t.qty,
      entryTime: t.entryTime,
      exitTime: t.exitTime,
      entryIst: istTime(t.entryTime),
      exitIst: istTime(t.exitTime),
      entryPrice: t.entryPrice,
      exitPrice: t.exitPrice,
      pnlPaise: t.pnlPaise,
      exitReason: t.exitReason,
    }));
}

export function buildDayReport(date: string, trades: readonly Trade[], note: string | null = null): DayReport {
  return { schema: REPORT_SCHEMA, date, note, trades: reportRows(trades), summary: summarizeTrades(trades) };
}
