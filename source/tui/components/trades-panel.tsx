// Today's closed trades, newest first, with realised P&L and why each closed.
import React from 'react';
import { Box, Text } from 'ink';
import { istTime } from '../../domain/time.js';
import type { Trade } from '../../domain/trading.js';
import { cell, fitColumns, headerCell, pnlColor, price, signedPaise, type Column } from '../format.js';
import { Line } from './line.js';
import { PanelTitle } from './panel-title.js';

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
  { key: 'pnl', title: 'P&L', width: 12, align: 'right', priority: 0, text: (t) => signedPaise(t.pnlPaise), color: (t) => pnlColor(t.pnlPaise) },
  { key: 'strategy', title: 'Str', width: 3, align: 'right', priority: 3, text: (t) => t.strategy },
  { key: 'reason', title: 'Why', width: 11, align: 'left', priority: 2, text: (t) => t.exitReason },
];

export function TradesPanel({ trades, focused, width, height, scroll }: TradesPanelProps): React.JSX.Element {
  const body = Math.max(0, height - 2);
  const columns = fitColumns(COLUMNS, width);
  const newestFirst = [...trades].sort((a, b) => b.exitTime - a.exitTime);
  const start = Math.min(scroll, Math.max(0, newestFirst.length - body));
  const shown = newestFirst.slice(start, start + body);
  const total = trades.reduce((s, t) => s + t.pnlPaise, 0);
  const info = `${trades.length} closed · ${signedPaise(total)}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PanelTitle title="Trades today" focused={focused} width={width} info={info} />
      <Text dimColor wrap="truncate">{columns.map(headerCell).join(' ')}</Text>
      {shown.length === 0 ? <Text dimColor>  no trades yet</Text> : null}
      {shown.map((t) => (
        <Line key={t.id} segments={columns.flatMap((c, i) => [...(i > 0 ? [{ text: ' ' }] : []), { text: cell(c, t), color: c.color?.(t) }])} />
      ))}
    </Box>
  );
}
