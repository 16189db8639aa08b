// The engine's log stream, newest at the bottom. Scrolling counts up from the newest line, so the panel
// follows the tail until the reader scrolls back.
import React from 'react';
import { Box } from 'ink';
import { istTime } from '../../domain/time.js';
import type { LogLevelName, LogRecord } from '../../domain/view.js';
import { renderLine, type RenderedLine, type Segment } from '../text.js';
import { Lines } from './line.js';
import { panelTitle } from './panel-title.js';

export interface LogsPanelProps {
  /** Records to show (already filtered for debug), oldest first. */
  readonly records: readonly LogRecord[];
  readonly focused: boolean;
  readonly width: number;
  /** Body lines (title extra). */
  readonly lines: number;
  readonly scroll: number;
  readonly debug: boolean;
}

const LEVEL: Record<LogLevelName, { label: string; color?: string }> = {
  debug: { label: 'DEBUG', color: 'gray' },
  info: { label: 'INFO ', color: 'blue' },
  warn: { label: 'WARN ', color: 'yellow' },
  error: { label: 'ERROR', color: 'red' },
};

function fieldText(fields: LogRecord['fields']): string {
  if (!fields) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    if (parts.length >= 6) break;
  }
  return parts.length ? ` ${parts.join(' ')}` : '';
}

export function logLine(r: LogRecord): Segment[] {
  const lv = LEVEL[r.level] ?? LEVEL.info;
  return [
    { text: `${istTime(r.ts)} `, dim: true },
    { text: lv.label, color: lv.color, bold: r.level === 'error' },
    { text: ` ${r.msg}`, color: r.level === 'error' ? 'red' : undefined, dim: r.level === 'debug' },
    { text: fieldText(r.fields), dim: true },
  ];
}

/** The title and exactly `lines` body lines, the newest record at the bottom. */
export function logsLines({ records, focused, width, lines, scroll, debug }: LogsPanelProps): RenderedLine[] {
  const end = Math.max(0, records.length - scroll);
  const shown = records.slice(Math.max(0, end - lines), end);
  const info = `${debug ? 'debug on' : 'debug off (d)'}${scroll > 0 ? ` · ↑${scroll} (PgDn to follow)` : ''}`;
  const out = [panelTitle({ title: 'Logs', focused, width, info })];
  // Fewer records than lines: blank lines on top, so the newest stays at the bottom.
  const blank = renderLine([], width);
  for (let i = shown.length; i < lines; i++) out.push(blank);
  for (const r of shown) out.push(renderLine(logLine(r), width));
  return out;
}

export const LogsPanel = React.memo(function LogsPanel(props: LogsPanelProps): React.JSX.Element {
  return (
    <Box flexDirection="column" width={props.width} height={props.lines + 1}>
      <Lines lines={logsLines(props)} />
    </Box>
  );
});
