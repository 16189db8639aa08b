// Text formatting for the panels: Indian-grouped money via domain/money, IST via domain/time, and the
// fixed-width cell helpers that let one <Text> line render a whole table row.
import { formatInr, formatPaise, type Paise } from '../domain/money.js';
import { formatDuration } from '../domain/time.js';
import type { Trend } from '../domain/features.js';
import type { Segment } from './text.js';

/** A price without the rupee sign, e.g. 2,456.85; '—' when unknown. */
export function price(rupees: number | null | undefined): string {
  if (rupees === null || rupees === undefined || !Number.isFinite(rupees)) return '—';
  return formatInr(rupees).replace('₹', '');
}

/** Signed money from paise: +₹1,234.50 / -₹1,234.50. */
export function signedPaise(paise: Paise, decimals = 2): string {
  const s = formatPaise(paise, decimals);
  return paise > 0 ? `+${s}` : s;
}

export function pct(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${v > 0 ? '+' : ''}${v.toFixed(2)}%`;
}

/** Compact age for a narrow column: 3h 42m, 47m, 42s. */
export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s >= 3600) return formatDuration(ms);
  if (s >= 60) return `${Math.floor(s / 60)}m`;
  return `${s}s`;
}

export function trendArrow(t: Trend | null): string {
  if (t === null) return ' ';
  return t > 0 ? '↑' : t < 0 ? '↓' : '→';
}

export function trendColor(t: Trend | null): string | undefined {
  if (t === null || t === 0) return undefined;
  return t > 0 ? 'green' : 'red';
}

export function pnlColor(paise: number): string | undefined {
  if (paise > 0) return 'green';
  if (paise < 0) return 'red';
  return undefined;
}

/** Cuts to width, marking the cut with an ellipsis. */
export function clip(s: string, width: number): string {
  if (width <= 0) return '';
  return s.length <= width ? s : `${s.slice(0, Math.max(0, width - 1))}…`;
}

export function padRight(s: string, width: number): string {
  return clip(s, width).padEnd(width);
}

export function padLeft(s: string, width: number): string {
  return clip(s, width).padStart(width);
}

export interface Column<Row> {
  readonly key: string;
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
  /** Lower numbers survive narrow terminals. */
  readonly priority: number;
  readonly text: (row: Row) => string;
  readonly color?: (row: Row) => string | undefined;
}

/** Keeps the most important columns that fit in `width` (one space between cells), in their original order. */
export function fitColumns<Row>(columns: readonly Column<Row>[], width: number): Column<Row>[] {
  const byPriority = [...columns].sort((a, b) => a.priority - b.priority);
  const kept = new Set<Column<Row>>();
  let used = 0;
  for (const c of byPriority) {
    const need = c.width + (kept.size > 0 ? 1 : 0);
    if (used + need > width) continue;
    kept.add(c);
    used += need;
  }
  return columns.filter((c) => kept.has(c));
}

export function cell<Row>(c: Column<Row>, row: Row): string {
  const t = c.text(row);
  return c.align === 'right' ? padLeft(t, c.width) : padRight(t, c.width);
}

/** A table row: the kept columns' cells, one space apart, each in its column's colour. */
export function rowSegments<Row>(columns: readonly Column<Row>[], row: Row): Segment[] {
  const out: Segment[] = [];
  columns.forEach((c, i) => {
    if (i > 0) out.push({ text: ' ' });
    out.push({ text: cell(c, row), color: c.color?.(row) });
  });
  return out;
}

export function headerCell<Row>(c: Column<Row>): string {
  return c.align === 'right' ? padLeft(c.title, c.width) : padRight(c.title, c.width);
}

/** The first index of a window of `size` rows that keeps `index` visible, starting from `current`. */
export function windowStart(total: number, size: number, index: number): number {
  if (total <= size || index < 0) return 0;
  const half = Math.floor(size / 2);
  return Math.min(total - size, Math.max(0, index - half));
}
