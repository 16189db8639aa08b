// A panel's title line; the focused panel's title is highlighted so `tab` visibly moves focus.
import React from 'react';
import { cells, renderLine, type RenderedLine } from '../text.js';
import { StyledLine } from './line.js';

export interface PanelTitleProps {
  readonly title: string;
  readonly focused: boolean;
  readonly width: number;
  readonly info?: string;
}

export function panelTitle({ title, focused, width, info }: PanelTitleProps): RenderedLine {
  const head = `${focused ? '▸' : ' '} ${title}${info ? ` · ${info}` : ''} `;
  const rule = '-'.repeat(Math.max(0, width - cells(head)));
  return renderLine([{ text: head, bold: true, color: focused ? 'cyan' : undefined }, { text: rule, dim: true }], width);
}

export function PanelTitle(props: PanelTitleProps): React.JSX.Element {
  const l = panelTitle(props);
  return <StyledLine text={l.text} plain={l.plain} />;
}
