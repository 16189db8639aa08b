import React from 'react';
import { TextLine } from './line.js';

export interface BannerProps {
  readonly text: string;
  readonly width: number;
}

/** A full-width red line, e.g. "engine lost — reconnecting…". */
export function Banner({ text, width }: BannerProps): React.JSX.Element {
  return <TextLine text={` ${text}`.padEnd(width)} width={width} color="red" inverse bold />;
}
