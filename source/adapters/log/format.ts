// Human-readable log lines, the same in the daily file and on a terminal:
//   2026-11-21 09:20:01.123 IST INFO  entry filled symbol=SBIN qty=180 price=812.4
// One record is always one line: newlines inside messages and values are escaped.
import { istDate, istTime } from '../../domain/time.js';
import type { LogRecord } from '../../domain/view.js';

export function formatTimestamp(ts: number): string {
  const ms = String(((ts % 1000) + 1000) % 1000).padStart(3, '0');
  return `${istDate(ts)} ${istTime(ts)}.${ms} IST`;
}

function oneLine(s: string): string {
  return s.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r');
}

export function formatValue(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=\\]+$/.test(v) ? v : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return JSON.stringify(v) ?? String(v);
}

export function formatFields(fields: Readonly<Record<string, unknown>> | undefined): string {
  if (!fields) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(`${k}=${formatValue(v)}`);
  return parts.join(' ');
}

const COLORS: Record<LogRecord['level'], string> = { debug: '\x1b[90m', info: '\x1b[36m', warn: '\x1b[33m', error: '\x1b[31m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export function formatLine(r: LogRecord, color = false): string {
  const level = r.level.toUpperCase().padEnd(5);
  const fields = formatFields(r.fields);
  const msg = oneLine(r.msg);
  if (!color) return `${formatTimestamp(r.ts)} ${level} ${msg}${fields ? ` ${fields}` : ''}\n`;
  return `${DIM}${formatTimestamp(r.ts)}${RESET} ${COLORS[r.level]}${level}${RESET} ${msg}${fields ? ` ${DIM}${fields}${RESET}` : ''}\n`;
}
