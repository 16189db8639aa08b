// Two header lines: who/what/when (mode, IST clock, market phase and countdown, engine state) and health
// (feed, broker, connection). LIVE is red inverse so it is never mistaken for paper trading.
import React from 'react';
import { Box } from 'ink';
import { formatDuration, istDate, istTime } from '../../domain/time.js';
import type { EngineState, Mode } from '../../domain/trading.js';
import type { EngineView } from '../../domain/view.js';
import type { ConnectionPhase } from '../backend.js';
import { trendArrow, trendColor } from '../format.js';
import { Line } from './line.js';
import type { Segment } from '../text.js';

export interface HeaderProps {
  readonly view: EngineView | null;
  readonly phase: ConnectionPhase;
  /** Engine time to show (the view's clock, advanced since it arrived). */
  readonly now: number | null;
  readonly width: number;
}

const MODE_STYLE: Record<Mode, Segment> = {
  SIM: { text: ' SIM ', color: 'cyan', inverse: true },
  PAPER: { text: ' PAPER ', color: 'blue', inverse: true },
  'DRY-RUN': { text: ' DRY-RUN ', color: 'yellow', inverse: true },
  LIVE: { text: ' LIVE ', color: 'red', inverse: true, bold: true },
};

const STATE_COLOR: Record<EngineState, string> = { ACTIVE: 'green', PAUSED: 'yellow', HALTED: 'red' };

const PHASE_COLOR: Record<ConnectionPhase, string> = {
  connecting: 'yellow',
  syncing: 'yellow',
  live: 'green',
  lost: 'red',
};

const FEED_COLOR: Record<string, string> = { LIVE: 'green', CONNECTING: 'yellow', STALE: 'yellow', DOWN: 'red' };

/**
 * The feed's label. The embedded simulator speaks the OpenAlgo protocol, so its feed adapter reports
 * 'openalgo'; in SIM mode that is always the simulator, and the header says so.
 */
export function feedLabel(view: Pick<EngineView, 'mode' | 'feed'>): string {
  return view.mode === 'SIM' && view.feed.source === 'openalgo' ? 'sim' : view.feed.source;
}

function phaseLabel(view: EngineView, short: boolean): string {
  const p = view.clock.phase;
  if (short) return p === 'OPEN' ? 'OPEN' : p === 'PRE_OPEN' ? 'PRE-OPEN' : 'CLOSED';
  return p === 'OPEN' ? 'market open' : p === 'PRE_OPEN' ? 'pre-open' : view.clock.tradingDay ? 'market closed' : 'market closed today';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "26 Oct" of the IST date. */
function shortDate(ms: number): string {
  const [, m, d] = istDate(ms).split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]}`;
}

export const Header = React.memo(function Header({ view, phase, now, width }: HeaderProps): React.JSX.Element {
  // The product name only where there is room: at 80 columns every cell goes to the countdown.
  const top: Segment[] = width >= 100 ? [{ text: 'algo-tui ', bold: true }] : [];
  // Connection phase first on the second line: it says whether everything else is current.
  const bottom: Segment[] = [{ text: 'bus ' }, { text: phase, color: PHASE_COLOR[phase], bold: true }, { text: ' · ' }];
  if (view) {
    const t = now ?? view.clock.now;
    // Mode and engine state first: they must survive truncation on a narrow terminal.
    top.push(MODE_STYLE[view.mode], { text: ' ' });
    top.push({ text: ` ${view.engineState} `, color: STATE_COLOR[view.engineState], inverse: true, bold: true });
    // Simulated or replayed time is usually another day than today: say which.
    const replayed = view.clock.speed !== 1 || view.feed.source === 'replay';
    top.push({ text: '  ' }, { text: `${replayed ? `${shortDate(t)} ` : ''}${istTime(t)} IST`, bold: true });
    if (view.clock.speed !== 1) top.push({ text: ` ×${view.clock.speed}`, color: 'magenta' });
    top.push({ text: `  ${phaseLabel(view, width < 100)}`, color: view.clock.phase === 'OPEN' ? 'green' : undefined });
    if (view.clock.next) {
      top.push({ text: ` · ${view.clock.next.label} in ${formatDuration(view.clock.next.at - t)}` });
    }
    if (view.stateReason) top.push({ text: `  ${view.stateReason}`, color: STATE_COLOR[view.engineState] });

    const f = view.feed;
    bottom.push({ text: 'feed ' }, { text: f.status, color: FEED_COLOR[f.status], bold: true });
    bottom.push({ text: ` ${feedLabel(view)} · ${f.ticks.toLocaleString('en-IN')} ticks` });
    bottom.push({ text: ` · ${f.staleSymbols} stale`, color: f.staleSymbols > 0 ? 'yellow' : undefined });
    if (f.reconnects > 0) bottom.push({ text: ` · ${f.reconnects} reconnects`, color: 'yellow' });
    bottom.push({ text: `  broker ${view.broker.name} ${view.broker.status}` });
    bottom.push({ text: `  ${view.symbols} symbols` });
    if (view.niftyTrend !== null) {
      bottom.push({ text: '  NIFTY ' }, { text: trendArrow(view.niftyTrend), color: trendColor(view.niftyTrend) });
    }
  } else {
    top.push({ text: ' waiting for the engine…', dim: true });
  }
  return (
    <Box flexDirection="column" width={width} height={2}>
      <Line segments={top} width={width} />
      <Line segments={bottom} width={width} />
    </Box>
  );
});
