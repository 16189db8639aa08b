// The help screen, generated from the same binding table that handles the keys.
import React from 'react';
import { Box, Text } from 'ink';
import { KEY_BINDINGS } from '../keys.js';
import { padRight } from '../format.js';
import { PanelTitle } from './panel-title.js';

export interface HelpOverlayProps {
  readonly width: number;
  readonly height: number;
}

export function HelpOverlay({ width, height }: HelpOverlayProps): React.JSX.Element {
  const rows = KEY_BINDINGS.map((b) => ({
    keys: b.label,
    text: `${b.description}${b.confirms ? ' (asks y to confirm)' : ''}`,
  }));
  const notes = ['Closing actions show each symbol\'s result: FILLED at ₹x, REJECTED: reason, or ERROR.', 'Any key closes this help.'];
  const body = Math.max(0, height - 1);
  const lines = [...rows.map((r) => ({ key: r.keys, text: r.text })), ...notes.map((n) => ({ key: '', text: n }))].slice(0, body);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PanelTitle title="Keys" focused width={width} />
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate">
          <Text bold color="cyan">{padRight(l.key, 12)}</Text>
          {l.text}
        </Text>
      ))}
    </Box>
  );
}
