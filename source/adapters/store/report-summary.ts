// The numbers of `algo-tui report`, computed from a day's trades alone (pure, no I/O). Money stays in
// integer paise until it is formatted, so totals are exact to the paisa. Gross P&L is before charges,
// net = gross − charges (docs/charges.md). Wins, losses, profits, best and worst are judged on NET P&L
// (a trade whose charges eat its gross gain lost money). Win rate = wins ÷ all trades (a net break-even
// trade counts as neither a win nor a loss, but it is a trade). Trades written before charges existed
// carry none (0).
import type { Trade } from '../../domain/trading.js';
import { netPnlPaise } from '../../domain/charges.js';
import { istTime } from '../../domain/time.js';
import type { Paise } from '../../domain/money.js';
import { chargesOf } from '../../domain/charges.js';

/** /2: charges and net P&L added; wins/losses/profits/best/worst now on net P&L. */
export const REPORT_SCHEMA = 'algo-tui.report/2';

export interface GroupSummary {
  readonly key: string;
  readonly count: number;
  readonly wins: number;
  readonly losses: number;
  /** Gross P&L of the group. */
  readonly pnlPaise: Paise;
  readonly chargesPaise: Paise;
  readonly netPaise: Paise;
}

export interface TradeSummary {
  readonly count: number;
  readonly wins: number;
  readonly losses: number;
  readonly breakeven: number;
  /** wins ÷ count, 0..1; null when there are no trades. */
  readonly winRate: number | null;
  readonly grossPaise: Paise;
  readonly chargesPaise: Paise;
  /** grossPaise − chargesPaise. */
  readonly netPaise: Paise;
  readonly profitPaise: Paise; // sum of winning trades' net P&L
  readonly lossPaise: Paise; // sum of losing trades' net P&L (≤ 0)
  readonly bestPaise: Paise | null; // net
  readonly worstPaise: Paise | null; // net
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
  /** Gross P&L. */
  readonly pnlPaise: Paise;
  readonly chargesPaise: Paise;
  readonly netPaise: Paise;
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
  const map = new Map<string, { count: number; wins: number; losses: number; pnlPaise: number; chargesPaise: number; netPaise: number }>();
  for (const t of trades) {
    const key = keyOf(t);
    const g = map.get(key) ?? { count: 0, wins: 0, losses: 0, pnlPaise: 0, chargesPaise: 0, netPaise: 0 };
    const net = netPnlPaise(t);
    g.count++;
    if (net > 0) g.wins++;
    if (net < 0) g.losses++;
    g.pnlPaise += t.pnlPaise;
    g.chargesPaise += chargesOf(t);
    g.netPaise += net;
    map.set(key, g);
  }
  return [...map.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([key, g]) => ({ key, ...g }));
}

/** A trade's charges; 0 for trades recorded before charges existed. */

export function summarizeTrades(trades: readonly Trade[]): TradeSummary {
  for (const t of trades) {
    if (!Number.isInteger(t.pnlPaise)) throw new Error(`trade ${t.id}: pnlPaise must be an integer number of paise, got ${t.pnlPaise}`);
    const c = chargesOf(t);
    if (!Number.isInteger(c) || c < 0) throw new Error(`trade ${t.id}: chargesPaise must be a whole number of paise ≥ 0, got ${c}`);
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const net = trades.map(netPnlPaise);
  const wins = net.filter((p) => p > 0);
  const losses = net.filter((p) => p < 0);
  const grossPaise = sum(trades.map((t) => t.pnlPaise));
  const chargesPaise = sum(trades.map(chargesOf));
  return {
    count: trades.length,
    wins: wins.length,
    losses: losses.length,
    breakeven: trades.length - wins.length - losses.length,
    winRate: trades.length === 0 ? null : wins.length / trades.length,
    grossPaise,
    chargesPaise,
    netPaise: grossPaise - chargesPaise,
    profitPaise: sum(wins),
    lossPaise: sum(losses),
    bestPaise: net.length === 0 ? null : Math.max(...net),
    worstPaise: net.length === 0 ? null : Math.min(...net),
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
      chargesPaise: chargesOf(t),
      netPaise: netPnlPaise(t),
      exitReason: t.exitReason,
    }));
}

export function buildDayReport(date: string, trades: readonly Trade[], note: string | null = null): DayReport {
  return { schema: REPORT_SCHEMA, date, note, trades: reportRows(trades), summary: summarizeTrades(trades) };
}
