// --out DIR: trades.csv (one row per closed trade) and summary.json (the JSON summary), each written to a
// temporary file and renamed into place, so a reader never sees half a file. The directory is created.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Trade } from '../../domain/trading.js';
import { istDate, istTime } from '../../domain/time.js';
import { chargesOf, netOf } from './metrics.js';
import type { BacktestSummary } from './summary.js';

export const TRADE_COLUMNS = [
  'id', 'date', 'symbol', 'side', 'strategy', 'qty', 'entry_time', 'entry_price', 'exit_time', 'exit_price', 'exit_reason',
  'gross_inr', 'charges_inr', 'net_inr',
] as const;

const istIso = (ms: number): string => `${istDate(ms)}T${istTime(ms)}+05:30`;
const inr = (paise: number): string => (paise / 100).toFixed(2);

/** Quotes a field only when it needs it (RFC 4180). */
function field(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function tradesCsv(trades: readonly Trade[]): string {
  const rows = [TRADE_COLUMNS.join(',')];
  for (const t of trades) {
    rows.push(
      [
        t.id, istDate(t.exitTime), t.symbol, t.side, t.strategy, t.qty, istIso(t.entryTime), t.entryPrice, istIso(t.exitTime), t.exitPrice,
        t.exitReason, inr(t.pnlPaise), inr(chargesOf(t)), inr(netOf(t)),
      ].map(field).join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, file);
}

/** Writes DIR/trades.csv and DIR/summary.json; returns their paths. */
export async function writeBacktestOut(dir: string, trades: readonly Trade[], summary: BacktestSummary): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const csv = path.join(dir, 'trades.csv');
  const json = path.join(dir, 'summary.json');
  await writeAtomic(csv, tradesCsv(trades));
  await writeAtomic(json, `${JSON.stringify(summary, null, 2)}\n`);
  return [csv, json];
}
