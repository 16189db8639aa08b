// The help screen, generated from the same binding table that handles the keys.
import React from 'react';
import { Box } from 'ink';
import { KEY_BINDINGS } from '../keys.js';
import { padRight } from '../format.js';
import { renderLine } from '../text.js';
import { Lines } from './line.js';
import { panelTitle } from './panel-title.js';

export interface HelpOverlayProps {
  readonly width: number;
  readonly height: number;
}

export const HelpOverlay = React.memo(function HelpOverlay({ width, height }: HelpOverlayProps): React.JSX.Element {
  const rows = KEY_BINDINGS.map((b) => ({
    keys: b.label,
    text: `${b.description}${b.confirms ? ' (asks y to confirm)' : ''}`,
  }));
  const notes = ['Closing actions show each symbol\'s result: FILLED at ₹x, REJECTED: reason, or ERROR.', 'Any key closes this help.'];
  const body = Math.max(0, height - 1);
  const lines = [...rows.map((r) => ({ key: r.keys, text: r.text })), ...notes.map((n) => ({ key: '', text: n }))].slice(0, body);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines
        lines={[
          panelTitle({ title: 'Keys', focused: true, width }),
          ...lines.map((l) => renderLine([{ text: padRight(l.key, 12), bold: true, color: 'cyan' }, { text: l.text }], width)),
        ]}
      />
    </Box>
  );
});
