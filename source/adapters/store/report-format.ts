// The text form of `algo-tui report`: a table of the day's trades (gross, charges, net) and a summary, ₹
// with Indian grouping. Wins, losses and best/worst are on net P&L (report-summary.ts).
import { formatPaise } from '../../domain/money.js';
import { istWeekday } from '../../domain/time.js';
import type { DayReport, GroupSummary } from './report-summary.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const price = (p: number) => p.toFixed(2);
const pct = (r: number | null) => (r === null ? '-' : `${(r * 100).toFixed(1)}%`);

function groupTable(title: string, groups: readonly GroupSummary[]): string[] {
  const rows = groups.map((g) => [g.key, String(g.count), String(g.wins), String(g.losses), formatPaise(g.pnlPaise), formatPaise(g.chargesPaise), formatPaise(g.netPaise)]);
  return ['', ...table([title, 'Trades', 'Wins', 'Losses', 'Gross', 'Charges', 'Net'], rows, new Set([1, 2, 3, 4, 5, 6]))];
}

export function formatDayReport(r: DayReport): string {
  const out: string[] = [`Trades on ${r.date} (${WEEKDAYS[istWeekday(r.date)]})`];
  if (r.note) out.push(r.note);
  out.push('');
  if (r.trades.length === 0) {
    out.push('No trades on this day.');
    return `${out.join('\n')}\n`;
  }
  const rows = r.trades.map((t) => [
    t.entryIst,
    t.exitIst,
    t.symbol,
    t.side,
    t.strategy,
    String(t.qty),
    price(t.entryPrice),
    price(t.exitPrice),
    formatPaise(t.pnlPaise),
    formatPaise(t.chargesPaise),
    formatPaise(t.netPaise),
    t.exitReason,
  ]);
  out.push(...table(['In', 'Out', 'Symbol', 'Side', 'Strategy', 'Qty', 'Entry', 'Exit', 'Gross', 'Charges', 'Net', 'Exit reason'], rows, new Set([5, 6, 7, 8, 9, 10])));
  const s = r.summary;
  out.push(
    '',
    `Trades      ${s.count} (wins ${s.wins}, losses ${s.losses}, break-even ${s.breakeven})`,
    `Win rate    ${pct(s.winRate)}`,
    `Gross P&L   ${formatPaise(s.grossPaise)}`,
    `Charges     ${formatPaise(s.chargesPaise)} (from the configured rates; for live trades the broker's contract note is the truth)`,
    `Net P&L     ${formatPaise(s.netPaise)} (profits ${formatPaise(s.profitPaise)}, losses ${formatPaise(s.lossPaise)})`,
    `Best/worst  ${s.bestPaise === null ? '-' : formatPaise(s.bestPaise)} / ${s.worstPaise === null ? '-' : formatPaise(s.worstPaise)} (net)`,
  );
  out.push(...groupTable('Strategy', s.byStrategy), ...groupTable('Exit reason', s.byExitReason));
  return `${out.join('\n')}\n`;
}
