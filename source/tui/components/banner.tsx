import React from 'react';
import { Text } from 'ink';

export interface BannerProps {
  readonly text: string;
  readonly width: number;
}

/** A full-width red line, e.g. "engine lost — reconnecting…". */
export function Banner({ text, width }: BannerProps): React.JSX.Element {
  return (
    <Text wrap="truncate" color="red" inverse bold>
      {` ${text}`.padEnd(width)}
    </Text>
  );
}
