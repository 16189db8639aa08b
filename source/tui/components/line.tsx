// One terminal line made of styled segments, truncated to its box: the cheapest way to draw a table row
// (one Yoga node per line instead of one per cell).
import React from 'react';
import { Text } from 'ink';

export interface Segment {
  readonly text: string;
  readonly color?: string | undefined;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

export interface LineProps {
  readonly segments: readonly Segment[];
  readonly inverse?: boolean;
}

const sameStyle = (a: Segment, b: Segment): boolean =>
  a.color === b.color && Boolean(a.bold) === Boolean(b.bold) && Boolean(a.dim) === Boolean(b.dim) && Boolean(a.inverse) === Boolean(b.inverse);

/** Joins neighbours with the same style: fewer Text nodes means less measuring per frame. */
export function mergeSegments(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && sameStyle(last, s)) out[out.length - 1] = { ...last, text: last.text + s.text };
    else out.push(s);
  }
  return out;
}

export function Line({ segments, inverse }: LineProps): React.JSX.Element {
  return (
    <Text wrap="truncate" inverse={inverse ?? false}>
      {mergeSegments(segments).map((s, i) => (
        <Text key={i} color={s.color} bold={s.bold ?? false} dimColor={s.dim ?? false} inverse={s.inverse ?? false}>
          {s.text}
        </Text>
      ))}
      {segments.length === 0 ? ' ' : ''}
    </Text>
  );
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
