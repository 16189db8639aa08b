// The bottom lines: the last action's outcome (per symbol for closing actions) above the key hints.
import React from 'react';
import { Box } from 'ink';
import type { CloseOutcome } from '../backend.js';
import { formatInr } from '../../domain/money.js';
import { KEY_BINDINGS } from '../keys.js';
import type { ActionOutcome } from '../state/types.js';
import { Line } from './line.js';
import type { Segment } from '../text.js';

export const MAX_OUTCOME_SYMBOLS = 3;

export interface FooterProps {
  readonly outcome: ActionOutcome | null;
  readonly width: number;
  /** The engine is PAUSED: the `p` hint says what the key does now (resume). */
  readonly paused?: boolean;
  /** The engine is HALTED: `p` does nothing until the next session, and the hint says so. */
  readonly halted?: boolean;
}

/** Lines the footer needs for an outcome: a summary plus one per symbol (capped), plus the hints line. */
export function footerLines(outcome: ActionOutcome | null): number {
  if (!outcome) return 1;
  const n = outcome.closed.length;
  return 2 + Math.min(n, MAX_OUTCOME_SYMBOLS) + (n > MAX_OUTCOME_SYMBOLS ? 1 : 0);
}

export function closeText(c: CloseOutcome): Segment[] {
  switch (c.outcome) {
    case 'FILLED':
      return [{ text: `  ${c.symbol} ` }, { text: 'FILLED', color: 'green', bold: true }, { text: c.price !== undefined ? ` at ${formatInr(c.price)}` : '' }];
    case 'REJECTED':
      return [{ text: `  ${c.symbol} ` }, { text: 'REJECTED', color: 'red', bold: true }, { text: `: ${c.message ?? 'no reason given'}` }];
    case 'ERROR':
      return [{ text: `  ${c.symbol} ` }, { text: 'ERROR', color: 'red', bold: true }, { text: `: ${c.message ?? 'unknown error'}` }];
    case 'PENDING':
      return [{ text: `  ${c.symbol} ` }, { text: 'PENDING', color: 'yellow', bold: true }, { text: `: ${c.message ?? 'no fill yet; watch the positions panel'}` }];
  }
}

const STATUS_COLOR = { pending: 'yellow', ok: 'green', failed: 'red', info: 'gray' } as const;

function hints(width: number, paused: boolean, halted: boolean): Segment[] {
  const gap = width >= 90 ? '  ' : ' ';
  const pauseHint = halted ? 'halted' : paused ? 'resume' : null;
  return KEY_BINDINGS.filter((b) => b.hint).flatMap((b) => [
    { text: b.hintKeys ?? b.label, bold: true, color: 'cyan' },
    { text: ` ${pauseHint !== null && b.command === 'pause-resume' ? pauseHint : (b.hint ?? '')}${gap}` },
  ]);
}

export const Footer = React.memo(function Footer({ outcome, width, paused = false, halted = false }: FooterProps): React.JSX.Element {
  const lines: Segment[][] = [];
  if (outcome) {
    lines.push([
      { text: `${outcome.action}: `, bold: true },
      { text: outcome.message, color: STATUS_COLOR[outcome.status] },
    ]);
    for (const c of outcome.closed.slice(0, MAX_OUTCOME_SYMBOLS)) lines.push(closeText(c));
    if (outcome.closed.length > MAX_OUTCOME_SYMBOLS) {
      lines.push([{ text: `  … and ${outcome.closed.length - MAX_OUTCOME_SYMBOLS} more (see logs)`, dim: true }]);
    }
  }
  lines.push(hints(width, paused, halted));
  return (
    <Box flexDirection="column" width={width} height={lines.length}>
      {lines.map((segs, i) => <Line key={i} segments={segs} width={width} />)}
    </Box>
  );
});
