// Open positions: one row per position with the numbers a trader watches (last vs stop, distance to the
// stop in ₹ and ATR, unrealised P&L), a totals row, and the selected row highlighted.
import React from 'react';
import { Box, Text } from 'ink';
import type { PositionView } from '../../domain/view.js';
import { age, cell, fitColumns, headerCell, padRight, pnlColor, price, signedPaise, windowStart, type Column } from '../format.js';
import { Line } from './line.js';
import { PanelTitle } from './panel-title.js';

export interface PositionsPanelProps {
  readonly positions: readonly PositionView[];
  readonly selectedSymbol: string | null;
  readonly focused: boolean;
  readonly width: number;
  /** Body rows available (title, column header and totals are extra). */
  readonly rows: number;
  readonly realizedPaise: number;
}

const COLUMNS: readonly Column<PositionView>[] = [
  { key: 'symbol', title: 'Symbol', width: 10, align: 'left', priority: 0, text: (p) => p.symbol },
  { key: 'side', title: 'Side', width: 5, align: 'left', priority: 1, text: (p) => p.side, color: (p) => (p.side === 'LONG' ? 'green' : 'magenta') },
  { key: 'qty', title: 'Qty', width: 5, align: 'right', priority: 1, text: (p) => String(p.qty) },
  { key: 'entry', title: 'Entry', width: 9, align: 'right', priority: 5, text: (p) => price(p.entryPrice) },
  { key: 'last', title: 'Last', width: 9, align: 'right', priority: 0, text: (p) => price(p.lastPrice) },
  { key: 'stop', title: 'Stop', width: 9, align: 'right', priority: 1, text: (p) => price(p.stop) },
  { key: 'dist', title: 'Dist₹', width: 7, align: 'right', priority: 3, text: (p) => price(p.stopDistance), color: (p) => (p.stopDistance <= 0 ? 'red' : undefined) },
  {
    key: 'atr', title: 'ATR', width: 5, align: 'right', priority: 2,
    text: (p) => (p.stopDistanceAtr === null ? '—' : `${p.stopDistanceAtr.toFixed(1)}×`),
    color: (p) => (p.stopDistanceAtr !== null && p.stopDistanceAtr < 0.5 ? 'yellow' : undefined),
  },
  { key: 'pnl', title: 'P&L', width: 12, align: 'right', priority: 0, text: (p) => signedPaise(p.unrealizedPaise), color: (p) => pnlColor(p.unrealizedPaise) },
  { key: 'strategy', title: 'Str', width: 3, align: 'right', priority: 2, text: (p) => p.strategy },
  { key: 'tf', title: 'TF', width: 3, align: 'right', priority: 6, text: (p) => p.timeframe },
  { key: 'age', title: 'Age', width: 6, align: 'right', priority: 4, text: (p) => age(p.ageMs) },
  { key: 'status', title: 'State', width: 7, align: 'left', priority: 7, text: (p) => (p.status === 'OPEN' ? '' : p.status), color: () => 'yellow' },
];

export function PositionsPanel(props: PositionsPanelProps): React.JSX.Element {
  const { positions, selectedSymbol, focused, width, rows, realizedPaise } = props;
  const columns = fitColumns(COLUMNS, width);
  const selectedIndex = positions.findIndex((p) => p.symbol === selectedSymbol);
  const start = windowStart(positions.length, rows, selectedIndex);
  const shown = positions.slice(start, start + rows);
  const hidden = positions.length - shown.length;
  const unrealized = positions.reduce((sum, p) => sum + p.unrealizedPaise, 0);
  const info = `${positions.length} open${hidden > 0 ? ` (${hidden} not shown)` : ''}`;
  const body: React.JSX.Element[] = shown.map((p) => (
    <Line
      key={p.symbol}
      inverse={p.symbol === selectedSymbol}
      segments={columns.flatMap((c, i) => [
        ...(i > 0 ? [{ text: ' ' }] : []),
        { text: cell(c, p), color: c.color?.(p) },
      ])}
    />
  ));
  if (positions.length === 0) body.push(<Text key="none" dimColor wrap="truncate">  no open positions</Text>);
  return (
    <Box flexDirection="column" width={width} height={rows + 3}>
      <PanelTitle title="Positions" focused={focused} width={width} info={info} />
      <Text dimColor wrap="truncate">{columns.map(headerCell).join(' ')}</Text>
      <Box flexDirection="column" height={rows}>{body}</Box>
      <Line
        segments={[
          { text: padRight('Total', 10), bold: true },
          { text: ' unrealised ' },
          { text: signedPaise(unrealized), color: pnlColor(unrealized), bold: true },
          { text: '  realised ' },
          { text: signedPaise(realizedPaise), color: pnlColor(realizedPaise) },
          { text: '  day ' },
          { text: signedPaise(unrealized + realizedPaise), color: pnlColor(unrealized + realizedPaise), bold: true },
        ]}
      />
    </Box>
  );
}
