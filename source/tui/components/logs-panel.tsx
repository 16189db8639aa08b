// The engine's log stream, newest at the bottom. Scrolling counts up from the newest line, so the panel
// follows the tail until the reader scrolls back.
import React from 'react';
import { Box } from 'ink';
import { istTime } from '../../domain/time.js';
import type { LogLevelName, LogRecord } from '../../domain/view.js';
import { Line, type Segment } from './line.js';
import { PanelTitle } from './panel-title.js';

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

export function LogsPanel({ records, focused, width, lines, scroll, debug }: LogsPanelProps): React.JSX.Element {
  const end = Math.max(0, records.length - scroll);
  const shown = records.slice(Math.max(0, end - lines), end);
  const info = `${debug ? 'debug on' : 'debug off (d)'}${scroll > 0 ? ` · ↑${scroll} (PgDn to follow)` : ''}`;
  return (
    <Box flexDirection="column" width={width} height={lines + 1}>
      <PanelTitle title="Logs" focused={focused} width={width} info={info} />
      <Box flexDirection="column" height={lines} justifyContent="flex-end">
        {shown.map((r, i) => <Line key={`${end}-${i}`} segments={logLine(r)} />)}
      </Box>
    </Box>
  );
}
