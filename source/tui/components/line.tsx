// One terminal line, handed to Ink as a finished string.
//
// Why not nested <Text>s: Ink measures every text node it lays out with string-width (slow on ₹, ·, ░ and
// the other glyphs, and kept in a module-level cache keyed by the whole styled string that grows with every
// new price for as long as the console runs), re-measures it whenever its text changes, and wraps or
// truncates it again while drawing. A <Transform> over a constant one-space child is measured once, never
// dirties the Yoga layout, and its transform swaps in the line (already styled and clipped to its width by
// text.ts) only when Ink writes the frame. StyledLine is memoised on that string, so a line that did not
// change costs React nothing and Ink no update; a frame where nothing visible changed is never drawn.
import React from 'react';
import { Transform } from 'ink';
import { plainLine, renderLine, type RenderedLine, type Segment } from '../text.js';

export { mergeSegments, type Segment } from '../text.js';

const PLACEHOLDER = ' ';

export interface StyledLineProps {
  /** The line with its SGR codes, at most the box's width in cells. */
  readonly text: string;
  /** The same without codes: what a screen reader announces. */
  readonly plain: string;
}

export const StyledLine = React.memo(function StyledLine({ text, plain }: StyledLineProps): React.JSX.Element {
  return (
    <Transform transform={() => text} accessibilityLabel={plain}>
      {PLACEHOLDER}
    </Transform>
  );
});

/** Renders finished lines, one StyledLine each. Keys are positions: a panel's line i is line i. */
export function Lines({ lines }: { readonly lines: readonly RenderedLine[] }): React.JSX.Element {
  return (
    <>
      {lines.map((l, i) => (
        <StyledLine key={i} text={l.text} plain={l.plain} />
      ))}
    </>
  );
}

export interface LineProps {
  readonly segments: readonly Segment[];
  readonly width: number;
  readonly inverse?: boolean;
}

/** A line from styled segments, clipped to `width`. */
export function Line({ segments, width, inverse }: LineProps): React.JSX.Element {
  const l = renderLine(segments, width, inverse ?? false);
  return <StyledLine text={l.text} plain={l.plain} />;
}

export interface TextLineProps {
  readonly text: string;
  readonly width: number;
  readonly color?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

/** A one-style line of text, clipped to `width`. */
export function TextLine({ text, width, ...style }: TextLineProps): React.JSX.Element {
  const l = plainLine(text, width, style);
  return <StyledLine text={l.text} plain={l.plain} />;
}

/** Packs segments into lines no wider than `width`, starting a new line rather than cutting a segment. */
export function pack(segments: readonly Segment[], width: number, gap = '  '): Segment[][] {
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  let used = 0;
  for (const s of segments) {
    const need = s.text.length + (line.length > 0 ? gap.length : 0);
    if (line.length > 0 && used + need > width) {
      lines.push(line);
      line = [];
      used = 0;
    }
    if (line.length > 0) {
      line.push({ text: gap });
      used += gap.length;
    }
    line.push(s);
    used += s.text.length;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}
