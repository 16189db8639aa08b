// Risk constraints as the gate sees them: slots used, strategies used/free, the day's P&L (net of
// charges, as the gate counts it) against the loss limit, capital in use, and the latest rejections with their reasons. `lines` picks summary or full form.
import React from 'react';
import { Box } from 'ink';
import { formatPaise } from '../../domain/money.js';
import { istTime } from '../../domain/time.js';
import type { ConstraintsView } from '../../domain/view.js';
import { pnlColor, signedPaise } from '../format.js';
import { renderLine, type RenderedLine, type Segment } from '../text.js';
import { Lines, pack } from './line.js';
import { panelTitle } from './panel-title.js';
import { dayNetPaise } from '../../domain/charges.js';

export interface ConstraintsPanelProps {
  readonly constraints: ConstraintsView;
  readonly width: number;
  /** Body lines (the title is extra). 2 = compact summary. */
  readonly lines: number;
}

const BAR = 10;

/** The day's loss as a share of the limit, drawn as a bar that turns yellow then red. */
export function lossBar(dayPaise: number, limitPaise: number): Segment {
  const used = limitPaise > 0 && dayPaise < 0 ? Math.min(1, -dayPaise / limitPaise) : 0;
  const filled = Math.round(used * BAR);
  const color = used >= 0.75 ? 'red' : used >= 0.4 ? 'yellow' : 'green';
  return { text: `[${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}]`, color };
}

/** The day's P&L as the loss limit sees it: realised net of charges plus unrealised. */
export { dayNetPaise };

function counters(c: ConstraintsView, verbose: boolean): Segment[] {
  const day = dayNetPaise(c);
  const full = (n: number, max: number): string | undefined => (n >= max ? 'yellow' : undefined);
  return [
    { text: `Open ${c.openPositions}/${c.maxOpenPositions}`, color: full(c.openPositions, c.maxOpenPositions) },
    { text: ` · Trades ${c.tradesToday}/${c.maxDailyTrades}`, color: full(c.tradesToday, c.maxDailyTrades) },
    { text: ' · Day ' },
    { text: signedPaise(day), color: pnlColor(day), bold: true },
    { text: ' ' },
    lossBar(day, c.lossLimitPaise),
    { text: ` of -${formatPaise(c.lossLimitPaise, 0)}` },
    ...(verbose ? [] : [{ text: ` · Use ${formatPaise(c.capitalInUsePaise, 0)}` }]),
  ];
}

function capitalLine(c: ConstraintsView): Segment[] {
  const share = c.capitalPaise > 0 ? Math.round((c.capitalInUsePaise / c.capitalPaise) * 100) : 0;
  const charges = c.chargesPaise ?? 0;
  return [
    { text: `Capital in use ${formatPaise(c.capitalInUsePaise, 0)} of ${formatPaise(c.capitalPaise, 0)} (${share}%)` },
    ...(charges !== 0 ? [{ text: ` · Day is net of ${formatPaise(charges)} charges`, dim: true }] : []),
  ];
}

function strategyTokens(c: ConstraintsView, verbose: boolean): Segment[] {
  return c.strategies.map((s) => {
    const free = s.enabled && s.used < s.max;
    const state = !s.enabled ? 'off' : free ? 'free' : 'used';
    const text = verbose ? `S${s.id} ${s.side} ${s.timeframe} ${s.used}/${s.max} ${state}` : `S${s.id} ${state}`;
    return { text, color: free ? 'green' : undefined, dim: !free };
  });
}

function rejectionLine(c: ConstraintsView, index: number): Segment[] {
  const r = c.lastRejections[c.lastRejections.length - 1 - index];
  if (!r) return [];
  return [
    { text: `${istTime(r.ts)} `, dim: true },
    { text: `${r.symbol} S${r.strategy} ` },
    { text: r.reason, color: 'yellow' },
    { text: ` ${r.message}`, dim: true },
  ];
}

/** The title and exactly `lines` body lines. */
export function constraintsLines({ constraints: c, width, lines }: ConstraintsPanelProps): RenderedLine[] {
  const out: Segment[][] = [];
  if (lines <= 2) {
    out.push(counters(c, false));
    const last = rejectionLine(c, 0);
    out.push([...pack(strategyTokens(c, false), width, ' ')[0] ?? [], ...(last.length ? [{ text: '  ✗ ', color: 'yellow' }, ...last] : [])]);
  } else {
    out.push(counters(c, true));
    if (lines >= 4) out.push(capitalLine(c));
    const strat = pack(strategyTokens(c, true), width, ' · ');
    const stratLines = strat.slice(0, Math.max(1, Math.min(strat.length, lines - out.length - 1)));
    out.push(...stratLines);
    const room = lines - out.length;
    if (room > 0) {
      if (c.lastRejections.length === 0) out.push([{ text: 'no rejections today', dim: true }]);
      for (let i = 0; i < Math.min(room, c.lastRejections.length); i++) out.push(rejectionLine(c, i));
    }
  }
  return [panelTitle({ title: 'Constraints', focused: false, width }), ...out.slice(0, lines).map((segs) => renderLine(segs, width))];
}

export const ConstraintsPanel = React.memo(function ConstraintsPanel(props: ConstraintsPanelProps): React.JSX.Element {
  return (
    <Box flexDirection="column" width={props.width} height={props.lines + 1}>
      <Lines lines={constraintsLines(props)} />
    </Box>
  );
});
