// The backtest report as text, readable at 80 columns: headline figures, per strategy, per exit reason,
// rejections by reason, per day, and the equity chart.
import { formatPaise } from '../../domain/money.js';
import type { TradeStats } from './metrics.js';
import type { BacktestSummary } from './summary.js';

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const pf = (s: TradeStats): string => (s.profitFactor !== null ? s.profitFactor.toFixed(2) : s.trades > 0 && s.grossPaise > 0 ? '∞' : '—');
const money = (p: number): string => formatPaise(p, 0);

function table(head: readonly string[], rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[]): string[] {
  const w = head.map((h, i) => {
    let n = h.length;
    for (const r of rows) n = Math.max(n, (r[i] ?? '').length);
    return n;
  });
  const line = (r: readonly string[]): string => r.map((c, i) => (align[i] === 'l' ? c.padEnd(w[i] as number) : c.padStart(w[i] as number))).join('  ').trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)];
}

function statsTable(title: string, by: Record<string, TradeStats>): string[] {
  const keys = Object.keys(by);
  if (keys.length === 0) return [];
  const rows = keys.map((k) => {
    const s = by[k] as TradeStats;
    return [k, String(s.trades), pct(s.winRate), money(s.grossPaise), money(s.chargesPaise), money(s.netPaise), pf(s)];
  });
  return ['', ...table([title, 'trades', 'win', 'gross', 'charges', 'net', 'PF'], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r'])];
}

export function formatSummary(s: BacktestSummary, chart: string | null): string {
  const o = s.overall;
  const out: string[] = [
    `Backtest ${s.period.from} → ${s.period.to}: ${s.period.days} trading day(s), ${s.symbols} symbols, ${s.bars.toLocaleString('en-IN')} bars`,
    `Data: ${s.source}`,
    '',
    `Trades ${o.trades}   wins ${o.wins}   losses ${o.losses}   win rate ${pct(o.winRate)}`,
    `Gross ${money(o.grossPaise)}   charges ${money(o.chargesPaise)}   net ${money(o.netPaise)}`,
    `Profit factor ${pf(o)} (gross)   ${o.netProfitFactor !== null ? o.netProfitFactor.toFixed(2) : '—'} (net)   avg net/trade ${o.avgNetPaise === null ? '—' : money(o.avgNetPaise)}`,
    `Max drawdown ${money(s.drawdown.maxPaise)} (${pct(s.drawdown.maxPctOfCapital)} of ${money(s.capitalPaise)} capital)`,
    `Exposure ${pct(s.exposure.pct)} of session minutes with a position; avg capital in use ${money(s.exposure.avgMarginPaise)} (${pct(s.exposure.avgMarginPctOfCapital)})`,
  ];
  out.push(...statsTable('strategy', s.byStrategy));
  out.push(...statsTable('exit', s.byExitReason));
  const rej = Object.entries(s.rejections);
  if (rej.length > 0) out.push('', ...table(['rejected by', 'count'], rej.map(([k, v]) => [k, String(v)]), ['l', 'r']));
  if (s.perDay.length > 0) {
    const rows = s.perDay.map((d) => [d.date, String(d.trades), String(d.wins), money(d.grossPaise), money(d.chargesPaise), money(d.netPaise)]);
    out.push('');
    for (const line of table(['date', 'trades', 'wins', 'gross', 'charges', 'net'], rows, ['l', 'r', 'r', 'r', 'r', 'r'])) out.push(line); // one line per day: no spread
  }
  if (chart !== null) out.push('', 'Equity (₹, net of charges, open positions marked to market)', chart);
  if (s.rowErrors > 0) out.push('', `${s.rowErrors} malformed row(s) skipped`);
  for (const n of s.notes) out.push(`note: ${n}`);
  return `${out.join('\n')}\n`;
}
