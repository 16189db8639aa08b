// Open positions: one row per position with the numbers a trader watches (last vs stop, distance to the
// stop in ₹ and ATR, unrealised P&L), a totals row, and the selected row highlighted. Broker positions the
// engine did not open follow as flagged rows: shown so nothing at the broker is invisible, never selectable.
import React from 'react';
import { Box } from 'ink';
import type { PositionView, UnmanagedPosition } from '../../domain/view.js';
import { age, fitColumns, headerCell, padRight, pnlColor, price, rowSegments, signedPaise, windowStart, type Column } from '../format.js';
import { cells, plainLine, renderLine, type RenderedLine, type Segment } from '../text.js';
import { Lines } from './line.js';
import { panelTitle } from './panel-title.js';

export interface PositionsPanelProps {
  readonly positions: readonly PositionView[];
  /** Broker positions the engine does not manage (view.unmanaged). */
  readonly unmanaged?: readonly UnmanagedPosition[];
  readonly selectedSymbol: string | null;
  readonly focused: boolean;
  readonly width: number;
  /** Body rows available (title, column header and totals are extra). */
  readonly rows: number;
  /** Gross realised P&L of the day's closed trades. */
  readonly realizedPaise: number;
  /** Charges of the day's closed trades (absent or 0: no charges segment; day = gross). */
  readonly chargesPaise?: number;
  /** LIVE: the charges are the engine's estimate (the contract note is the truth), labelled "chg≈". */
  readonly chargesEstimated?: boolean;
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

/** A flagged, untradable row: the symbol, "UNMANAGED", quantity (negative = short), average price, note. */
function unmanagedRow(u: UnmanagedPosition): Segment[] {
  return [
    { text: padRight(u.symbol, 10), color: 'yellow' },
    { text: ' ' },
    { text: '⚑ UNMANAGED', color: 'yellow', bold: true },
    { text: ` ${u.qty} @ ${price(u.avgPrice)}` },
    { text: `  ${u.note || 'not opened by this engine'} · not traded`, dim: true },
  ];
}

/**
 * The totals row: unrealised, realised (gross), charges and the day net of charges. The charges segment is
 * left out when there are none, and when it would push the day total past the panel's width (the
 * constraints panel still shows the net day figure).
 */
export function totalsSegments(unrealized: number, realized: number, charges: number, estimated: boolean, width: number): Segment[] {
  const day = unrealized + realized - charges;
  const head: Segment[] = [
    { text: padRight('Total', 10), bold: true },
    { text: ' unrealised ' },
    { text: signedPaise(unrealized), color: pnlColor(unrealized), bold: true },
    { text: '  realised ' },
    { text: signedPaise(realized), color: pnlColor(realized) },
  ];
  const tail: Segment[] = [{ text: '  day ' }, { text: signedPaise(day), color: pnlColor(day), bold: true }];
  const chg: Segment[] = charges !== 0 ? [{ text: estimated ? '  chg≈ ' : '  chg ' }, { text: signedPaise(-charges), dim: true }] : [];
  const all = [...head, ...chg, ...tail];
  const fits = all.reduce((n, seg) => n + cells(seg.text), 0) <= width;
  return fits ? all : [...head, ...tail];
}

/** Every line of the panel: title, column header, exactly `rows` body lines (blank-padded), totals. */
export function positionsLines(props: PositionsPanelProps): RenderedLine[] {
  const { positions, selectedSymbol, focused, width, rows, realizedPaise } = props;
  const unmanaged = props.unmanaged ?? [];
  const columns = fitColumns(COLUMNS, width);
  const selectedIndex = positions.findIndex((p) => p.symbol === selectedSymbol);
  const start = windowStart(positions.length, rows, selectedIndex);
  const shown = positions.slice(start, start + rows);
  // Unmanaged rows get what the engine's own positions leave.
  const shownUnmanaged = unmanaged.slice(0, Math.max(0, rows - shown.length));
  const hidden = positions.length - shown.length + (unmanaged.length - shownUnmanaged.length);
  const unrealized = positions.reduce((sum, p) => sum + p.unrealizedPaise, 0);
  const extra = unmanaged.length > 0 ? ` + ${unmanaged.length} unmanaged` : '';
  const info = `${positions.length} open${extra}${hidden > 0 ? ` (${hidden} not shown)` : ''}`;
  const body = shown.map((p) => renderLine(rowSegments(columns, p), width, p.symbol === selectedSymbol));
  if (positions.length === 0 && shownUnmanaged.length < rows) body.push(plainLine('  no open positions', width, { dim: true }));
  for (const u of shownUnmanaged) body.push(renderLine(unmanagedRow(u), width));
  const blank = plainLine('', width);
  while (body.length < rows) body.push(blank);
  const totals = renderLine(totalsSegments(unrealized, realizedPaise, props.chargesPaise ?? 0, props.chargesEstimated === true, width), width);
  return [
    panelTitle({ title: 'Positions', focused, width, info }),
    plainLine(columns.map(headerCell).join(' '), width, { dim: true }),
    ...body.slice(0, rows),
    totals,
  ];
}

export const PositionsPanel = React.memo(function PositionsPanel(props: PositionsPanelProps): React.JSX.Element {
  return (
    <Box flexDirection="column" width={props.width} height={props.rows + 3}>
      <Lines lines={positionsLines(props)} />
    </Box>
  );
});
