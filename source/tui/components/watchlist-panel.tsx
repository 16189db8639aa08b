// The scanner's view of the watchlist: last, change, trend, the best setup forming, and a held marker.
// Only the rows that fit are formatted, so 200 symbols cost the same as 20.
import React from 'react';
import { Box } from 'ink';
import type { WatchRow } from '../../domain/view.js';
import { fitColumns, headerCell, pct, price, rowSegments, trendArrow, trendColor, type Column } from '../format.js';
import { plainLine, renderLine, type RenderedLine } from '../text.js';
import { Lines } from './line.js';
import { panelTitle } from './panel-title.js';

export interface WatchlistPanelProps {
  readonly rows: readonly WatchRow[];
  readonly focused: boolean;
  readonly width: number;
  readonly height: number;
  readonly scroll: number;
}

const COLUMNS: readonly Column<WatchRow>[] = [
  { key: 'held', title: ' ', width: 1, align: 'left', priority: 1, text: (r) => (r.held ? '●' : ' '), color: () => 'cyan' },
  { key: 'symbol', title: 'Symbol', width: 10, align: 'left', priority: 0, text: (r) => r.symbol },
  { key: 'last', title: 'Last', width: 9, align: 'right', priority: 0, text: (r) => price(r.last) },
  {
    key: 'chg', title: 'Chg%', width: 7, align: 'right', priority: 1, text: (r) => pct(r.changePct),
    color: (r) => (r.changePct === null || r.changePct === 0 ? undefined : r.changePct > 0 ? 'green' : 'red'),
  },
  { key: 'trend', title: 'T', width: 1, align: 'left', priority: 2, text: (r) => trendArrow(r.trend), color: (r) => trendColor(r.trend) },
  {
    key: 'setup', title: 'Setup', width: 8, align: 'left', priority: 2,
    text: (r) => (r.setup ? `S${r.setup.strategy} ${r.setup.met}/${r.setup.total}` : ''),
    color: (r) => (r.setup && r.setup.met >= r.setup.total - 1 ? 'yellow' : undefined),
  },
];

export function watchlistLines({ rows, focused, width, height, scroll }: WatchlistPanelProps): RenderedLine[] {
  const body = Math.max(0, height - 2);
  const columns = fitColumns(COLUMNS, width);
  const start = Math.min(scroll, Math.max(0, rows.length - body));
  const shown = rows.slice(start, start + body);
  const info = rows.length > body ? `${start + 1}–${start + shown.length} of ${rows.length}` : `${rows.length}`;
  return [
    panelTitle({ title: 'Watchlist', focused, width, info }),
    plainLine(columns.map(headerCell).join(' '), width, { dim: true }),
    ...shown.map((r) => renderLine(rowSegments(columns, r), width)),
  ];
}

export const WatchlistPanel = React.memo(function WatchlistPanel(props: WatchlistPanelProps): React.JSX.Element {
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Lines lines={watchlistLines(props)} />
    </Box>
  );
});
