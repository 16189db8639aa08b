// The y-to-confirm box shown before anything that closes positions (and before stopping an engine).
import React from 'react';
import { Box } from 'ink';
import type { PendingConfirm } from '../state/types.js';
import { TextLine } from './line.js';

export const CONFIRM_LINES = 4;

export interface ConfirmDialogProps {
  readonly confirm: PendingConfirm;
  readonly width: number;
}

export function ConfirmDialog({ confirm, width }: ConfirmDialogProps): React.JSX.Element {
  const danger = confirm.kind === 'halt' || confirm.kind === 'flatten-all' || confirm.kind === 'stop-engine';
  const hint = confirm.kind === 'stop-engine'
    ? 'y stop it · n/enter detach and leave it running · any other key stay'
    : 'press y to confirm · any other key cancels';
  // Inside the round border (2 columns) and its one-column padding on each side.
  const inner = Math.max(0, width - 4);
  return (
    <Box flexDirection="column" width={width} height={CONFIRM_LINES} borderStyle="round" borderColor={danger ? 'red' : 'yellow'} paddingX={1}>
      <TextLine text={`${confirm.prompt}${confirm.kind === 'stop-engine' ? ' [y/N]' : ''}`} width={inner} bold />
      <TextLine text={hint} width={inner} color="yellow" />
    </Box>
  );
}
