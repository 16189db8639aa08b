// --out DIR: trades.csv (one row per closed trade) and summary.json (the JSON summary), each written to a
// temporary file and renamed into place, so a reader never sees half a file. The directory is created.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic-file.js';
import type { Trade } from '../../domain/trading.js';
import { tradeRow, type BacktestSummary } from './summary.js';

export const TRADE_COLUMNS = [
  'id', 'date', 'symbol', 'side', 'strategy', 'qty', 'entry_time', 'entry_price', 'exit_time', 'exit_price', 'exit_reason',
  'gross_inr', 'charges_inr', 'net_inr',
] as const;

const inr = (paise: number): string => (paise / 100).toFixed(2);
/** Order prices are on the ₹0.05 grid (or an average of fills): two decimals, like the rupee columns. */
const price = (rupees: number): string => rupees.toFixed(2);

/** Quotes a field only when it needs it (RFC 4180). */
function field(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function tradesCsv(trades: readonly Trade[]): string {
  const rows = [TRADE_COLUMNS.join(',')];
  for (const t of trades) {
    const r = tradeRow(t);
    rows.push(
      [
        r.id, r.date, r.symbol, r.side, r.strategy, r.qty, r.entryTime, price(r.entryPrice), r.exitTime, price(r.exitPrice),
        r.exitReason, inr(r.grossPaise), inr(r.chargesPaise), inr(r.netPaise),
      ].map(field).join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

/** Writes DIR/trades.csv and DIR/summary.json; returns their paths. */
export async function writeBacktestOut(dir: string, trades: readonly Trade[], summary: BacktestSummary): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const csv = path.join(dir, 'trades.csv');
  const json = path.join(dir, 'summary.json');
  await writeFileAtomic(csv, tradesCsv(trades));
  await writeFileAtomic(json, `${JSON.stringify(summary, null, 2)}\n`);
  return [csv, json];
}
