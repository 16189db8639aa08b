// The whole frame, from state and terminal size only: picks the layout (compact at 80×24, two columns on
// wide terminals), and gives each panel exactly the rows it may use.
import React, { useMemo } from 'react';
import { Box } from 'ink';
import { computeLayout, MIN_COLUMNS, MIN_ROWS, type Layout } from '../layout.js';
import { visibleLogs } from '../state/log-ring.js';
import type { TuiState } from '../state/types.js';
import { Banner } from './banner.js';
import { ConfirmDialog, CONFIRM_LINES } from './confirm-dialog.js';
import { ConstraintsPanel } from './constraints-panel.js';
import { Footer, footerLines } from './footer.js';
import { Header } from './header.js';
import { HelpOverlay } from './help-overlay.js';
import { TextLine } from './line.js';
import { LogsPanel } from './logs-panel.js';
import { PositionsPanel } from './positions-panel.js';
import { TradesPanel } from './trades-panel.js';
import { WatchlistPanel } from './watchlist-panel.js';

export interface ScreenProps {
  readonly state: TuiState;
  readonly columns: number;
  readonly rows: number;
  /** Engine time to show in the header. */
  readonly now: number | null;
}

export function layoutFor(state: TuiState, columns: number, rows: number): Layout {
  return computeLayout({
    columns,
    rows,
    // Unmanaged broker positions take rows in the positions panel too.
    positions: (state.view?.positions.length ?? 0) + (state.view?.unmanaged?.length ?? 0),
    banner: state.banner !== null,
    footerLines: state.confirm ? CONFIRM_LINES : footerLines(state.outcome),
  });
}

export function Screen({ state, columns, rows, now }: ScreenProps): React.JSX.Element {
  const layout = layoutFor(state, columns, rows);
  // The same array while the ring and the filter are unchanged, so the logs panel skips re-rendering.
  const records = useMemo(() => visibleLogs(state.logs, state.debugLogs), [state.logs, state.debugLogs]);
  if (layout.kind === 'too-small') {
    return <TextLine text={`terminal ${columns}×${rows} is too small: need ${MIN_COLUMNS}×${MIN_ROWS}`} width={Math.max(1, columns)} />;
  }
  const { view } = state;
  const bodyHeight = layout.height - layout.headerLines - layout.bannerLines - layout.footerLines;
  const logs = (
    <LogsPanel
      records={records}
      focused={state.focus === 'logs'}
      width={layout.width}
      lines={layout.logLines}
      scroll={state.scroll.logs}
      debug={state.debugLogs}
    />
  );
  let body: React.JSX.Element;
  if (state.help) {
    body = <HelpOverlay width={layout.width} height={bodyHeight} />;
  } else if (!view) {
    body = (
      <Box flexDirection="column" height={bodyHeight}>
        <Box height={bodyHeight - layout.logLines - 1}>
          <TextLine text={state.phase === 'lost' ? '  no engine answering yet' : '  connecting to the engine…'} width={layout.width} dim />
        </Box>
        {logs}
      </Box>
    );
  } else {
    const positions = (
      <PositionsPanel
        positions={view.positions}
        unmanaged={view.unmanaged ?? []}
        selectedSymbol={state.selectedSymbol}
        focused={state.focus === 'positions'}
        width={layout.width}
        rows={layout.positionRows}
        realizedPaise={view.constraints.realizedPaise}
        chargesPaise={view.constraints.chargesPaise ?? 0}
        chargesEstimated={view.mode === 'LIVE'}
      />
    );
    if (layout.kind === 'compact') {
      body = (
        <Box flexDirection="column" height={bodyHeight}>
          {positions}
          {layout.constraintLines > 0 ? (
            <ConstraintsPanel constraints={view.constraints} width={layout.width} lines={layout.constraintLines} />
          ) : null}
          {logs}
        </Box>
      );
    } else {
      const middle = bodyHeight - (layout.positionRows + 3) - (layout.logLines + 1);
      body = (
        <Box flexDirection="column" height={bodyHeight}>
          {positions}
          <Box flexDirection="row" height={middle}>
            <Box flexDirection="column" width={layout.leftWidth} height={middle}>
              <ConstraintsPanel constraints={view.constraints} width={layout.leftWidth} lines={layout.constraintLines} />
              <TradesPanel
                trades={view.trades}
                focused={state.focus === 'trades'}
                width={layout.leftWidth}
                height={layout.tradeRows + 2}
                scroll={state.scroll.trades}
              />
            </Box>
            <Box width={1} />
            <WatchlistPanel
              rows={view.watchlist}
              focused={state.focus === 'watchlist'}
              width={layout.rightWidth}
              height={layout.watchRows + 2}
              scroll={state.scroll.watchlist}
            />
          </Box>
          {logs}
        </Box>
      );
    }
  }
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      <Header view={view} phase={state.phase} now={now} width={layout.width} />
      {state.banner ? <Banner text={state.banner} width={layout.width} /> : null}
      {body}
      {state.confirm ? (
        <ConfirmDialog confirm={state.confirm} width={layout.width} />
      ) : (
        <Footer outcome={state.outcome} width={layout.width} paused={view?.engineState === 'PAUSED'} halted={view?.engineState === 'HALTED'} />
      )}
    </Box>
  );
}
