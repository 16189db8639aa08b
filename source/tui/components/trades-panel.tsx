// Today's closed trades, newest first, with net P&L (gross less charges, docs/charges.md), the charges and
// why each closed.
import React from 'react';
import { Box } from 'ink';
import { istTime } from '../../domain/time.js';
import type { Trade } from '../../domain/trading.js';
import { formatPaise } from '../../domain/money.js';
import { netPnlPaise } from '../../domain/charges.js';
import { fitColumns, headerCell, pnlColor, price, rowSegments, signedPaise, type Column } from '../format.js';
import { plainLine, renderLine, type RenderedLine } from '../text.js';
import { Lines } from './line.js';
import { panelTitle } from './panel-title.js';

export interface TradesPanelProps {
  readonly trades: readonly Trade[];
  readonly focused: boolean;
  readonly width: number;
  readonly height: number;
  readonly scroll: number;
}

const COLUMNS: readonly Column<Trade>[] = [
  { key: 'time', title: 'Exit', width: 8, align: 'left', priority: 1, text: (t) => istTime(t.exitTime) },
  { key: 'symbol', title: 'Symbol', width: 10, align: 'left', priority: 0, text: (t) => t.symbol },
  { key: 'side', title: 'Side', width: 5, align: 'left', priority: 2, text: (t) => t.side },
  { key: 'qty', title: 'Qty', width: 5, align: 'right', priority: 3, text: (t) => String(t.qty) },
  { key: 'entry', title: 'Entry', width: 9, align: 'right', priority: 4, text: (t) => price(t.entryPrice) },
  { key: 'exit', title: 'Exit₹', width: 9, align: 'right', priority: 4, text: (t) => price(t.exitPrice) },
  { key: 'pnl', title: 'Net P&L', width: 12, align: 'right', priority: 0, text: (t) => signedPaise(netPnlPaise(t)), color: (t) => pnlColor(netPnlPaise(t)) },
  { key: 'charges', title: 'Chg', width: 8, align: 'right', priority: 5, text: (t) => formatPaise(t.chargesPaise ?? 0) },
  { key: 'strategy', title: 'Str', width: 3, align: 'right', priority: 3, text: (t) => t.strategy },
  { key: 'reason', title: 'Why', width: 11, align: 'left', priority: 2, text: (t) => t.exitReason },
];

export function tradesLines({ trades, focused, width, height, scroll }: TradesPanelProps): RenderedLine[] {
  const body = Math.max(0, height - 2);
  const columns = fitColumns(COLUMNS, width);
  const newestFirst = [...trades].sort((a, b) => b.exitTime - a.exitTime);
  const start = Math.min(scroll, Math.max(0, newestFirst.length - body));
  const shown = newestFirst.slice(start, start + body);
  const net = trades.reduce((s, t) => s + netPnlPaise(t), 0);
  const charges = trades.reduce((s, t) => s + (t.chargesPaise ?? 0), 0);
  const info = `${trades.length} closed · net ${signedPaise(net)}${charges !== 0 ? ` · chg ${formatPaise(charges)}` : ''}`;
  const lines = [panelTitle({ title: 'Trades today', focused, width, info }), plainLine(columns.map(headerCell).join(' '), width, { dim: true })];
  if (shown.length === 0 && body > 0) lines.push(plainLine('  no trades yet', width, { dim: true }));
  for (const t of shown) lines.push(renderLine(rowSegments(columns, t), width));
  return lines;
}

export const TradesPanel = React.memo(function TradesPanel(props: TradesPanelProps): React.JSX.Element {
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Lines lines={tradesLines(props)} />
    </Box>
  );
});
