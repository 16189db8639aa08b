// A panel's title line; the focused panel's title is highlighted so `tab` visibly moves focus.
import React from 'react';
import { Text } from 'ink';

export interface PanelTitleProps {
  readonly title: string;
  readonly focused: boolean;
  readonly width: number;
  readonly info?: string;
}

export function PanelTitle({ title, focused, width, info }: PanelTitleProps): React.JSX.Element {
  const head = `${focused ? '▸' : ' '} ${title}${info ? ` · ${info}` : ''} `;
  const rule = '-'.repeat(Math.max(0, width - head.length));
  return (
    <Text wrap="truncate">
      <Text bold color={focused ? 'cyan' : undefined}>{head}</Text>
      <Text dimColor>{rule}</Text>
    </Text>
  );
}
